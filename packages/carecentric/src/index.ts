/**
 * `@caduceus/carecentric`: a typed client for the CareCentric (Graphnet Health) FHIR R4 APIs, with
 * the password and client-credentials grants, token caching and the API gateway's subscription key
 * handled by `@caduceus/auth-core`.
 */
import type { components } from "./generated/openapi.js";

export * from "@caduceus/auth-core/vendor-exports";
// The client and preset modules are public whole: each name they export is one of the package's.
export * from "./client.js";
export type { components, operations, paths } from "./generated/openapi.js";
export * from "./preset.js";

/** A FHIR R4 Bundle; every search answers one of type `searchset`. */
export type Bundle = components["schemas"]["Bundle"];
/** A FHIR OperationOutcome: what FHIR servers answer on errors (Graphnet does not document it). */
export type OperationOutcome = components["schemas"]["OperationOutcome"];
/** Any resource a Bundle entry may hold; narrow it with `resourceType`. */
export type AnyResource = components["schemas"]["AnyResource"];
/** A FHIR R4 Patient (UK Core): NHS number in `identifier` (system `https://fhir.nhs.uk/Id/nhs-number`). */
export type Patient = components["schemas"]["Patient"];
/** A FHIR R4 AllergyIntolerance; `POST`/`PUT`/`DELETE` are documented stubs. */
export type AllergyIntolerance = components["schemas"]["AllergyIntolerance"];
/** A FHIR R4 Condition (problem or diagnosis). */
export type Condition = components["schemas"]["Condition"];
/** A FHIR R4 Observation; `POST`/`PUT`/`DELETE` are documented stubs. */
export type Observation = components["schemas"]["Observation"];
/** A FHIR R4 Procedure. */
export type Procedure = components["schemas"]["Procedure"];
/** A FHIR R4 MedicationStatement. */
export type MedicationStatement = components["schemas"]["MedicationStatement"];
/** A FHIR R4 MedicationRequest; searches require `intent`. */
export type MedicationRequest = components["schemas"]["MedicationRequest"];
/** A FHIR R4 Immunization. */
export type Immunization = components["schemas"]["Immunization"];
/** A FHIR R4 Flag; `POST`/`PUT`/`DELETE` are documented stubs. */
export type Flag = components["schemas"]["Flag"];
/** A FHIR R4 FamilyMemberHistory. */
export type FamilyMemberHistory = components["schemas"]["FamilyMemberHistory"];
/** A FHIR R4 QuestionnaireResponse; `POST`/`PUT`/`DELETE` are documented stubs. */
export type QuestionnaireResponse = components["schemas"]["QuestionnaireResponse"];
/** A FHIR R4 Encounter (documented in the R4 guide only). */
export type Encounter = components["schemas"]["Encounter"];
/** A FHIR CodeableConcept (codings, e.g. SNOMED CT, plus text). */
export type CodeableConcept = components["schemas"]["CodeableConcept"];
/** A FHIR Coding: `system`, `code`, `display`. */
export type Coding = components["schemas"]["Coding"];
/** A FHIR Identifier: `system` and `value`. */
export type Identifier = components["schemas"]["Identifier"];
/** A FHIR Reference, e.g. `{ reference: "Patient/123" }`. */
export type Reference = components["schemas"]["Reference"];
