/**
 * Typed client for the Candid Health API: `createCandidClient({ clientId, clientSecret, environment })`
 * returns an openapi-fetch client whose token, reuse and pre-encounter routing are handled for you.
 * Test helpers live in `@caduceus/candid/testing`.
 */
import type { components } from "./generated/openapi.js";

export { type CandidClient, type CandidClientOptions, createCandidClient } from "./client.js";
export type { components, operations, paths } from "./generated/openapi.js";
export { CANDID_PAGINATION, paginate } from "./pagination.js";
export {
  CANDID_CORE_PATH_PREFIX,
  CANDID_HOSTS,
  type CandidEnvironment,
  type CandidHosts,
  candidEnvironments,
  candidHostOf,
  candidPreset,
  candidTokenUrl,
} from "./preset.js";

/** An encounter: the visit Candid turns into one or more claims. */
export type Encounter = components["schemas"]["Encounter"];
/** The body of `POST /encounters/v4`. */
export type EncounterCreate = components["schemas"]["EncounterCreate"];
/** One page of encounters (`page_token` for the next). */
export type EncounterPage = components["schemas"]["EncounterPage"];
/** A claim of an encounter. */
export type Claim = components["schemas"]["Claim"];
/** A patient as sent in an encounter. */
export type Patient = components["schemas"]["Patient"];
/** A diagnosis (ICD-10). */
export type Diagnosis = components["schemas"]["Diagnosis"];
/** A service line (CPT/HCPCS procedure, charge). */
export type ServiceLine = components["schemas"]["ServiceLine"];
/** A charge capture: charges that later bundle into an encounter. */
export type ChargeCapture = components["schemas"]["ChargeCapture"];
/** The body of `POST /charge_captures/v1`. */
export type ChargeCaptureCreate = components["schemas"]["ChargeCaptureCreate"];
/** An insurance payer. */
export type Payer = components["schemas"]["Payer"];
/** One page of payers. */
export type PayerPage = components["schemas"]["PayerPage"];
/** The body of `POST /eligibility/v2`. */
export type EligibilityCheckRequest = components["schemas"]["EligibilityCheckRequest"];
/** The answer of `POST /eligibility/v2` (270/271 detail). */
export type EligibilityCheckResponse = components["schemas"]["EligibilityCheckResponse"];
/** The body of the pre-encounter `POST /pre-encounter/coverages/v1/{coverage_id}/eligibility`. */
export type PreEncounterCheckEligibilityRequest =
  components["schemas"]["PreEncounterCheckEligibilityRequest"];
/** What the pre-encounter eligibility check answers: the check's metadata. */
export type EligibilityCheckMetadata = components["schemas"]["EligibilityCheckMetadata"];
/** An 835 remittance (ERA) for claims. */
export type InsuranceAdjudication = components["schemas"]["InsuranceAdjudication"];
/** A billing lifecycle event (`claim.updated`, `remit.received`, …). */
export type Event = components["schemas"]["Event"];
/** Candid's error body: `{errorName, content}` (a Fern error union). */
export type CandidError = components["schemas"]["CandidError"];

export { HINT_HEADER, isPageRequestError, PageRequestError } from "@caduceus/auth-core";
export * from "@caduceus/auth-core/errors";
