/**
 * `@caduceus/smart-fhir/testing`: a mock SMART Backend Services server built on auth-core's mock
 * chassis like every Caduceus kit — its smart-configuration, a token endpoint that verifies client
 * assertions against the registered public key (signature, `iss`/`sub`, `aud`, `exp`, `jti` replay), and
 * an in-memory FHIR R4 endpoint over every R4 resource type: `@caduceus/fhir-mock`'s server (read,
 * vread, search by GET and POST with FHIR R4 search, refusing what it does not implement, create,
 * update, patch, delete, history, conditional requests, `$everything`), plus Bulk Data export jobs
 * (kick-off, status, cancel, NDJSON files). Serve it with msw (`handlers`) or any adapter (`respond`,
 * e.g. `serveLoopback` of `@caduceus/auth-core/testing/node`). Needs the optional peer dependencies
 * `msw` and `@caduceus/fhir-mock`.
 *
 * @example
 * ```ts
 * const mock = await createSmartFhirMock();
 * server.use(...mock.handlers);
 * const fhir = createSmartFhirClient(mock.credentials);
 * ```
 *
 * @module
 */

export type { MockRequestRecord } from "@caduceus/auth-core/testing";
export { createFakeClock, type FakeClock } from "@caduceus/auth-core/testing";
export { FhirStore, type StoredResource } from "@caduceus/fhir-mock";
export { type BulkExportJob, BulkExportJobs, type BulkExportJobsOptions } from "./bulk-export.js";
export {
  SMART_FHIR_MOCK_DEFAULTS,
  type SmartConfiguration,
  seedExampleData,
  smartConfiguration,
} from "./fixtures.js";
export { createSmartFhirHandlers } from "./handlers.js";
export {
  createSmartFhirMock,
  type SmartFhirMock,
  type SmartFhirMockCredentials,
  type SmartFhirMockOptions,
} from "./mock.js";
export {
  type AssertionCheck,
  checkTokenRequest,
  type SmartTokenRulesInput,
  smartGuardRules,
  smartTokenRules,
  type TokenEndpointRefusal,
} from "./rules.js";
