/**
 * A mock Arzamed for tests and demos (`@caduceus/arzamed/testing`): msw handlers for each clinic's
 * token endpoint and for the API, with expiring tokens and Arzamed's status-only errors. Needs the
 * optional peer dependencies `msw` and `openapi-msw`.
 */
export type { MockRequestRecord } from "@caduceus/auth-core/testing";
export { type ArzamedMockClinic, type ArzamedMockClinicInput, clinicTokenUrl } from "./fixtures.js";
export {
  type ArzamedMock,
  type ArzamedMockCredentials,
  type ArzamedMockOptions,
  createArzamedMock,
} from "./mock.js";
