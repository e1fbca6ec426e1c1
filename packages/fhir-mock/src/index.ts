/**
 * `@caduceus/fhir-mock`: an in-memory FHIR R4 server for tests. FHIR's RESTful API (read, vread,
 * search by GET and POST, create, update, JSON Patch, delete, history, conditional requests) over
 * standard `Request`/`Response`, FHIR R4 search from HL7's SearchParameter definitions (a parameter is
 * applied or refused, never ignored), and writes validated against HL7's R4 definitions. The FHIR
 * machinery of the Caduceus mock vendors (`@caduceus/carecentric/testing`, `@caduceus/smart-fhir/testing`).
 *
 * @example
 * ```ts
 * import { FhirMockServer, handleFhirRequest } from "@caduceus/fhir-mock";
 * const server = new FhirMockServer({ baseUrl: "https://fhir.example.test/r4" });
 * const response = await handleFhirRequest(server, new Request("https://fhir.example.test/r4/Patient?name=smith"));
 * ```
 *
 * @module
 */
export {
  type CustomSearchParameter,
  fhirJsonSchema,
  fhirResourceTypes,
  isFhirResourceType,
  loadFhirDefinitions,
  registerSearchParameters,
} from "./definitions.js";
export {
  FHIR_JSON,
  type FhirHttpOptions,
  type FhirInteraction,
  type FhirRoute,
  fhirError,
  fhirJson,
  handleFhirRequest,
  readBody,
} from "./http.js";
export {
  applyJsonPatch,
  type JsonPatchOperation,
  type PatchFailure,
  type PatchResult,
} from "./patch.js";
export {
  type SearchPage,
  type SearchRefusal,
  type SearchStore,
  searchResources,
} from "./search.js";
export {
  type Bundle,
  type CapabilityInteraction,
  etagMatches,
  etagOf,
  type FhirError,
  FhirMockServer,
  type FhirMockServerOptions,
  type FhirResult,
  type FhirServerRules,
  fhirFailure,
  type IssueType,
  type OperationOutcome,
  type OutcomeIssue,
  operationOutcome,
  type WriteAction,
  type WriteConditions,
} from "./server.js";
export { FhirStore, type StoredResource, versionOf } from "./store.js";
export { type ValidationIssue, validateFhirResource } from "./validate.js";
