/**
 * A mock Parchment Health for tests and demos (`@caduceus/parchment/testing`): msw handlers for the
 * token endpoint and the API, with Parchment's envelopes, errors and expiring tokens. Needs the
 * optional peer dependencies `msw` and `openapi-msw`.
 */
export type { MockRequestRecord } from "@caduceus/auth-core/testing";
export { type ParchmentProblemType, parchmentError } from "./envelope.js";
export type { ParchmentMockCredentials } from "./fixtures.js";
export { createParchmentMock, type ParchmentMock, type ParchmentMockOptions } from "./mock.js";
