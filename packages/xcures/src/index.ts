/**
 * Typed client for the xCures patient-registry API: `createXcuresClient({ clientId, clientSecret, projectId })`
 * returns an openapi-fetch client whose token, refresh and `ProjectId` header are handled for you.
 * Test helpers live in `@caduceus/xcures/testing`.
 */
import type { components } from "./generated/openapi.js";

// The client and preset modules are public whole: each name they export is one of the package's.
export * from "./client.js";
export type { components, operations, paths } from "./generated/openapi.js";
export * from "./preset.js";

/** A patient enrolled in a project (`GET /api/v1/patient-registry/subject/{id}`). */
export type Subject = components["schemas"]["Subject"];
/** One page of subjects: `{pageNumber, pageSize, sortField, sortIsDescending, totalCount, results}`. */
export type SubjectPage = components["schemas"]["SubjectPaginationResult"];
/** A subject to create with `POST /api/v1/patient-registry/subject` (up to 10 per request). */
export type CreateSubject = components["schemas"]["CreateSubject"];
/** The v1 batch form: `{subjects, options}`. */
export type CreateSubjectBatch = components["schemas"]["CreateSubjectBatch"];
/** One created subject as v1 reports it (with `failureReason` when it was not created). */
export type CreateSubjectResult = components["schemas"]["CreateSubjectResult"];
/** A subject to create with `POST /api/v2/patient-registry/subject` (one at a time, ProblemDetails errors). */
export type CreateSubjectV2 = components["schemas"]["CreateSubjectV2"];
/** The body of `PUT /api/v1/patient-registry/subject/{id}` (omitted optional fields are cleared). */
export type UpdateSubject = components["schemas"]["UpdateSubject"];
/** A project the API key can reach (`GET /api/v1/patient-registry/project`). */
export type Project = components["schemas"]["Project"];
/** An EHR network query for a subject, as listed. */
export type Query = components["schemas"]["Query"];
/** An EHR network query as created (`POST /api/v1/patient-registry/query`). */
export type QueryDto = components["schemas"]["QueryDto"];
/** The body of `POST /api/v1/patient-registry/query`. */
export type CreateQuery = components["schemas"]["CreateQueryDto"];
/** A document in a subject's record, as listed. */
export type DocumentSummary = components["schemas"]["DocumentSummary"];
/** A document with its signed download URL. */
export type DocumentDetail = components["schemas"]["DocumentDetail"];
/** The AI summary of a subject's record, with the documents it cites. */
export type SubjectSummary = components["schemas"]["SubjectSummaryDto"];
/** RFC 7807 error body of the v2 operations: `{status, title, detail}`. */
export type ProblemDetails = components["schemas"]["ProblemDetails"];
/** FHIR R4 searchset Bundle returned by the `/fhir/*` operations. */
export type FhirBundle = components["schemas"]["FhirBundle"];
/** Any FHIR R4 resource (at least `resourceType`). */
export type FhirResource = components["schemas"]["FhirResource"];

export * from "@caduceus/auth-core/vendor-exports";
