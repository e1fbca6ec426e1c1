/**
 * `@caduceus/xcures/testing`: a mock xCures for msw, so you can test your integration offline.
 * Needs `msw` (and `openapi-msw`), optional peer dependencies of this package.
 *
 * @example
 * ```ts
 * import { setupServer } from "msw/node";
 * import { createXcuresMock } from "@caduceus/xcures/testing";
 * const mock = createXcuresMock();
 * const server = setupServer(...mock.handlers);
 * ```
 */

export type { MockRequestRecord } from "@caduceus/auth-core/testing";
export { createFakeClock, type FakeClock } from "@caduceus/auth-core/testing";
export {
  documentsOf,
  exampleProjects,
  exampleSubjects,
  fhirPatientOf,
  summaryOf,
  XCURES_MOCK_CREDENTIALS,
} from "./fixtures.js";
export { createXcuresApiHandlers, type XcuresMockData } from "./handlers.js";
export {
  createXcuresMock,
  type XcuresMock,
  type XcuresMockCredentials,
  type XcuresMockOptions,
} from "./mock.js";
