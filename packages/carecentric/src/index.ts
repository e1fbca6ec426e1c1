/**
 * `@caduceus/carecentric`: a typed client for the CareCentric (Graphnet Health) FHIR R4 APIs, with
 * the password and client-credentials grants, token caching and the API gateway's subscription key
 * handled by `@caduceus/auth-core`.
 */
import type { components } from "./generated/openapi.js";

export {
  AuthConfigError,
  CaduceusError,
  ErrorCode,
  isAuthConfigError,
  isCaduceusError,
  isTimeoutError,
  isTokenRequestError,
  isTokenResponseError,
  TimeoutError,
  TokenRequestError,
  TokenResponseError,
} from "@caduceus/auth-core";
export { type CareCentricClient, type CareCentricClientOptions, createCareCentricClient } from "./client.js";
export type { components, operations, paths } from "./generated/openapi.js";
export {
  careCentricBaseUrlHelp,
  careCentricEnvironments,
  careCentricPreset,
  careCentricTokenUrls,
} from "./preset.js";

type Schemas = components["schemas"];
/** A FHIR R4 Bundle; every search answers one of type `searchset`. */
export type Bundle = Schemas["Bundle"];
/** A FHIR OperationOutcome: what FHIR servers answer on errors (Graphnet does not document it). */
export type OperationOutcome = Schemas["OperationOutcome"];
/** Any resource a Bundle entry may hold; narrow it with `resourceType`. */
export type AnyResource = Schemas["AnyResource"];
export type Patient = Schemas["Patient"];
export type AllergyIntolerance = Schemas["AllergyIntolerance"];
export type Condition = Schemas["Condition"];
export type Observation = Schemas["Observation"];
export type Procedure = Schemas["Procedure"];
export type MedicationStatement = Schemas["MedicationStatement"];
export type MedicationRequest = Schemas["MedicationRequest"];
export type Immunization = Schemas["Immunization"];
export type Flag = Schemas["Flag"];
export type FamilyMemberHistory = Schemas["FamilyMemberHistory"];
export type QuestionnaireResponse = Schemas["QuestionnaireResponse"];
export type Encounter = Schemas["Encounter"];
export type CodeableConcept = Schemas["CodeableConcept"];
export type Coding = Schemas["Coding"];
export type Identifier = Schemas["Identifier"];
export type Reference = Schemas["Reference"];
