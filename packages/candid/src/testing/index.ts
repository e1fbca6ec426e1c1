/**
 * `@caduceus/candid/testing`: a mock Candid Health for msw that speaks Candid's real API (both hosts,
 * every operation of the description), so you can test your integration offline. Needs `msw`, an
 * optional peer dependency of this package.
 *
 * @example
 * ```ts
 * import { setupServer } from "msw/node";
 * import { createCandidMock } from "@caduceus/candid/testing";
 * const mock = createCandidMock();
 * const server = setupServer(...mock.handlers);
 * ```
 */

export type { MockRequestRecord } from "@caduceus/auth-core/testing";
export { createFakeClock, type FakeClock } from "@caduceus/auth-core/testing";
export type { CandidApi, CandidMockData } from "./candid-api.js";
export type { IndexedOperation, JsonSchema, OpenApiDocument, OperationParameter } from "./description.js";
export {
  CANDID_MOCK_CREDENTIALS,
  exampleChargeCaptureCreate,
  exampleCoverageCreate,
  exampleEncounterCreate,
  exampleEvents,
  examplePatientCreate,
  examplePayers,
} from "./fixtures.js";
export {
  type CandidMock,
  type CandidMockCredentials,
  type CandidMockOptions,
  createCandidMock,
} from "./mock.js";
export { type RequestParts, type RequestProblem, RequestValidator } from "./request-validator.js";
export { CANDID_RESOURCES, type CandidResourceName, type ResourceRules } from "./resources.js";
export { candidError } from "./rules.js";
