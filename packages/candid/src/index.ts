/**
 * Typed client for the whole Candid Health API (both hosts, typed from Candid's official SDK):
 * `createCandidClient({ clientId, clientSecret, environment })` returns an openapi-fetch client that sends
 * each operation to its own host with one token, reused and refreshed for you; `paginate` walks listings.
 * Test helpers live in `@caduceus/candid/testing`.
 */
import type { components } from "./generated/openapi.js";

export { type CandidClient, type CandidClientOptions, createCandidClient } from "./client.js";
export type { CandidErrorName, CandidErrorOf, CandidMethod, CandidOperation } from "./errors.js";
export type { components, operations, operationsByMethod, paths } from "./generated/openapi.js";
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

/** An encounter (`GET /api/encounters/v4/{encounter_id}`): the visit Candid turns into one or more claims. */
export type Encounter = components["schemas"]["encounters.v4.Encounter"];
/** The body of `POST /api/encounters/v4`. */
export type EncounterCreate = components["schemas"]["encounters.v4.EncounterCreate"];
/** One page of encounters: `items`, `next_page_token`, `prev_page_token`. */
export type EncounterPage = components["schemas"]["encounters.v4.EncounterPage"];
/** A pre-encounter patient (`GET /patients/v1/{id}` on the pre-encounter host). */
export type PreEncounterPatient = components["schemas"]["preEncounter.patients.v1.Patient"];
/** The body of the pre-encounter `POST /patients/v1`. */
export type PreEncounterPatientCreate = components["schemas"]["preEncounter.patients.v1.MutablePatient"];
/** A pre-encounter coverage (`GET /coverages/v1/{id}`). */
export type Coverage = components["schemas"]["preEncounter.coverages.v1.Coverage"];
/** A pre-encounter appointment (`GET /appointments/v1/{id}`). */
export type Appointment = components["schemas"]["preEncounter.appointments.v1.Appointment"];
/** A charge capture (`POST /api/charge_captures/v1`): charges that later bundle into an encounter. */
export type ChargeCapture = components["schemas"]["chargeCapture.v1.ChargeCapture"];
/** An insurance payer (`GET /api/payers/v3/{payer_uuid}`). */
export type Payer = components["schemas"]["payers.v3.Payer"];
/** One page of payers. */
export type PayerPage = components["schemas"]["payers.v3.PayerPage"];
/** An 835 remittance (ERA) for claims (`GET /api/insurance-adjudications/v1/{insurance_adjudication_id}`). */
export type InsuranceAdjudication = components["schemas"]["insuranceAdjudications.v1.InsuranceAdjudication"];
/** A billing lifecycle event (`GET /api/events/v1/`, newest first). */
export type Event = components["schemas"]["events.v1.Event"];
/** A task of Candid's work queues (`GET /api/tasks/v3/{task_id}`). */
export type Task = components["schemas"]["tasks.v3.Task"];
/** One fault of a rejected request (the `content` of `HttpRequestValidationsError`). */
export type RequestValidationError = components["schemas"]["commons.RequestValidationError"];

export * from "@caduceus/auth-core/vendor-exports";
