/**
 * `@caduceus/carecentric/testing`: a mock CareCentric for msw. Its token endpoints, API gateway and
 * FHIR R4 server behave as Graphnet documents them, so you can test your integration offline.
 */
export type { MockRequestRecord } from "@caduceus/auth-core/testing";
export { FHIR_JSON } from "@caduceus/fhir-mock";
export {
  type FhirError,
  type FhirResult,
  FhirServer,
  type IssueType,
  operationOutcome,
  type WritableType,
} from "./fhir-server.js";
export {
  type MockResources,
  mockPatients,
  mockResources,
  NHS_NUMBER_SYSTEM,
  PRESCRIPTION_TYPE_SYSTEM,
  type ResourceType,
  resourceTypes,
} from "./fixtures.js";
export type { Access } from "./handlers.js";
export {
  type CareCentricMock,
  type CareCentricMockClientOptions,
  type CareCentricMockCredentials,
  type CareCentricMockOptions,
  type CareCentricMockUserCredentials,
  createCareCentricMock,
  defaultMockCredentials,
} from "./mock.js";
export type { IssuedGrant } from "./rules.js";
