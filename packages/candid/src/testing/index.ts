/**
 * `@caduceus/candid/testing`: a mock Candid Health for msw, so you can test your integration offline.
 * Needs `msw` (and `openapi-msw`), optional peer dependencies of this package.
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
export {
  CANDID_MOCK_CREDENTIALS,
  EXAMPLE_COVERAGE_ID,
  exampleAdjudication,
  exampleEligibility,
  exampleEncounterCreate,
  exampleEvents,
  examplePayers,
} from "./fixtures.js";
export { type CandidMockData, candidError, createCandidApiHandlers } from "./handlers.js";
export {
  type CandidMock,
  type CandidMockCredentials,
  type CandidMockOptions,
  createCandidMock,
} from "./mock.js";
