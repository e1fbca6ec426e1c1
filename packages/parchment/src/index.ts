/**
 * Typed client for the Parchment Health external API (Australian e-prescribing), generated from
 * Parchment's OpenAPI description, with the partner token exchange and the organisation secret
 * handled by `@caduceus/auth-core`.
 *
 * @example
 * ```ts
 * import { createParchmentClient } from "@caduceus/parchment";
 * const parchment = createParchmentClient({ partnerId, partnerSecret, organizationId, organizationSecret, userId, scope: ["read:users"] });
 * const { data } = await parchment.GET("/v1/organizations/{organization_id}/users", { params: { path: { organization_id: organizationId } } });
 * ```
 */
export * from "@caduceus/auth-core/vendor-exports";
// The client and preset modules are public whole: each name they export is one of the package's.
export * from "./client.js";
export type { components, operations, paths } from "./generated/openapi.js";
export * from "./preset.js";

import type { components } from "./generated/openapi.js";

/** A patient to create (`POST …/users/{user_id}/patients`). */
export type NewPatient = components["schemas"]["NewPatient"];
/** Fields of a patient to change (`PUT …/patients/{patient_id}`); all optional. */
export type UpdatePatient = components["schemas"]["UpdatePatient"];
/** What creating a patient returns in `data`: Parchment's and the partner's patient ids, portal URL. */
export type PatientData = components["schemas"]["PatientData"];
/** The patient as shown with prescriptions. */
export type Patient = components["schemas"]["Patient"];
/** One prescription (electronic or paper) with its status, item and delivery. */
export type Prescription = components["schemas"]["Prescription"];
/** Prescriber of a prescription. */
export type Prescriber = components["schemas"]["Prescriber"];
/** `data` of a patient's prescriptions list. */
export type PatientPrescriptionsData = components["schemas"]["PatientPrescriptionsData"];
/** A user to create (`POST …/users`). */
export type NewUser = components["schemas"]["NewUser"];
/** One user in the users list. */
export type UserSummary = components["schemas"]["UserSummary"];
/** One user in full, with provider details for prescribers. */
export type UserDetails = components["schemas"]["UserDetails"];
/** A partial user update. */
export type UpdateUser = components["schemas"]["UpdateUser"];
/** A custom drug as Parchment returns it. */
export type CustomDrug = components["schemas"]["ExternalCustomDrug"];
/** A custom drug to create. */
export type CustomDrugInput = components["schemas"]["CustomDrugInput"];
/** Fields of a custom drug to change. */
export type CustomDrugUpdate = components["schemas"]["CustomDrugUpdate"];
/** The success envelope every operation answers with (`success`, `statusCode`, `message`, `data`, …). */
export type ParchmentResponse = components["schemas"]["ExternalApiResponse"];
/** The error envelope: `{ success: false, statusCode, error: { type, title, detail, validation? }, requestId }`. */
export type ParchmentErrorResponse = components["schemas"]["ExternalApiErrorResponse"];
/** `data` of a token answer (`accessToken`, `expiresIn`, `tokenType`, `scope`). */
export type TokenData = components["schemas"]["TokenData"];
