/**
 * Typed client for the Candid Health API: `createCandidClient({ clientId, clientSecret, environment })`
 * returns an openapi-fetch client whose token, reuse and pre-encounter routing are handled for you.
 * Test helpers live in `@caduceus/candid/testing`.
 */
import type { components } from "./generated/openapi.js";

export { type CandidClient, type CandidClientOptions, createCandidClient } from "./client.js";
export type { components, operations, paths } from "./generated/openapi.js";
export {
  CANDID_HOSTS,
  type CandidEnvironment,
  type CandidHosts,
  candidEnvironments,
  candidPreset,
  PRE_ENCOUNTER_PREFIX,
} from "./preset.js";

type Schemas = components["schemas"];
/** An encounter: the visit Candid turns into one or more claims. */
export type Encounter = Schemas["Encounter"];
/** The body of `POST /encounters/v4`. */
export type EncounterCreate = Schemas["EncounterCreate"];
/** One page of encounters (`page_token` for the next). */
export type EncounterPage = Schemas["EncounterPage"];
/** A claim of an encounter. */
export type Claim = Schemas["Claim"];
/** A patient as sent in an encounter. */
export type Patient = Schemas["Patient"];
/** A diagnosis (ICD-10). */
export type Diagnosis = Schemas["Diagnosis"];
/** A service line (CPT/HCPCS procedure, charge). */
export type ServiceLine = Schemas["ServiceLine"];
/** A charge capture: charges that later bundle into an encounter. */
export type ChargeCapture = Schemas["ChargeCapture"];
/** The body of `POST /charge_captures/v1`. */
export type ChargeCaptureCreate = Schemas["ChargeCaptureCreate"];
/** An insurance payer. */
export type Payer = Schemas["Payer"];
/** One page of payers. */
export type PayerPage = Schemas["PayerPage"];
/** The body of `POST /eligibility/v2`. */
export type EligibilityCheckRequest = Schemas["EligibilityCheckRequest"];
/** The answer of `POST /eligibility/v2` (270/271 detail). */
export type EligibilityCheckResponse = Schemas["EligibilityCheckResponse"];
/** The body of the pre-encounter `POST /pre-encounter/coverages/v1/{coverage_id}/eligibility`. */
export type PreEncounterCheckEligibilityRequest = Schemas["PreEncounterCheckEligibilityRequest"];
/** What the pre-encounter eligibility check answers: the check's metadata. */
export type EligibilityCheckMetadata = Schemas["EligibilityCheckMetadata"];
/** An 835 remittance (ERA) for claims. */
export type InsuranceAdjudication = Schemas["InsuranceAdjudication"];
/** A billing lifecycle event (`claim.updated`, `remit.received`, …). */
export type Event = Schemas["Event"];
/** Candid's error body: `{errorName, content}` (a Fern error union). */
export type CandidError = Schemas["CandidError"];

export { HINT_HEADER } from "@caduceus/auth-core";
export * from "@caduceus/auth-core/errors";
