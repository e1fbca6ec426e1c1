/**
 * Typed client for the xCures patient-registry API: `createXcuresClient({ clientId, clientSecret, projectId })`
 * returns an openapi-fetch client whose token, refresh and `ProjectId` header are handled for you.
 * Test helpers live in `@caduceus/xcures/testing`.
 */
import type { components } from "./generated/openapi.js";

export { createXcuresClient, type XcuresClient, type XcuresClientOptions } from "./client.js";
export type { components, operations, paths } from "./generated/openapi.js";
export {
  XCURES_BASE_URL,
  XCURES_TOKEN_URL,
  type XcuresEnvironment,
  xcuresEnvironments,
  xcuresPreset,
} from "./preset.js";

type Schemas = components["schemas"];
/** A patient enrolled in a project (`GET /api/v1/patient-registry/subject/{id}`). */
export type Subject = Schemas["Subject"];
/** One page of subjects: `{pageNumber, pageSize, sortField, sortIsDescending, totalCount, results}`. */
export type SubjectPage = Schemas["SubjectPaginationResult"];
/** A subject to create with `POST /api/v1/patient-registry/subject` (up to 10 per request). */
export type CreateSubject = Schemas["CreateSubject"];
/** The v1 batch form: `{subjects, options}`. */
export type CreateSubjectBatch = Schemas["CreateSubjectBatch"];
/** One created subject as v1 reports it (with `failureReason` when it was not created). */
export type CreateSubjectResult = Schemas["CreateSubjectResult"];
/** A subject to create with `POST /api/v2/patient-registry/subject` (one at a time, ProblemDetails errors). */
export type CreateSubjectV2 = Schemas["CreateSubjectV2"];
/** The body of `PUT /api/v1/patient-registry/subject/{id}` (omitted optional fields are cleared). */
export type UpdateSubject = Schemas["UpdateSubject"];
/** A project the API key can reach (`GET /api/v1/patient-registry/project`). */
export type Project = Schemas["Project"];
/** An EHR network query for a subject, as listed. */
export type Query = Schemas["Query"];
/** An EHR network query as created (`POST /api/v1/patient-registry/query`). */
export type QueryDto = Schemas["QueryDto"];
/** The body of `POST /api/v1/patient-registry/query`. */
export type CreateQuery = Schemas["CreateQueryDto"];
/** A document in a subject's record, as listed. */
export type DocumentSummary = Schemas["DocumentSummary"];
/** A document with its signed download URL. */
export type DocumentDetail = Schemas["DocumentDetail"];
/** The AI summary of a subject's record, with the documents it cites. */
export type SubjectSummary = Schemas["SubjectSummaryDto"];
/** RFC 7807 error body of the v2 operations: `{status, title, detail}`. */
export type ProblemDetails = Schemas["ProblemDetails"];
/** FHIR R4 searchset Bundle returned by the `/fhir/*` operations. */
export type FhirBundle = Schemas["FhirBundle"];
/** Any FHIR R4 resource (at least `resourceType`). */
export type FhirResource = Schemas["FhirResource"];

export { HINT_HEADER } from "@caduceus/auth-core";
export * from "@caduceus/auth-core/errors";
