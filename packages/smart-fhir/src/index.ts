/**
 * Typed FHIR R4 client for any EHR with SMART Backend Services: JWT client assertions signed with your
 * private key (`private_key_jwt`), the token endpoint found in the server's smart-configuration, and
 * tokens cached, refreshed and replayed by `@caduceus/auth-core`.
 *
 * @example
 * ```ts
 * import { createSmartFhirClient } from "@caduceus/smart-fhir";
 * const fhir = createSmartFhirClient({ fhirBaseUrl, clientId, privateKey, scope: "system/Patient.rs" });
 * const { data } = await fhir.GET("/Patient", { params: { query: { family: "Smith" } } });
 * ```
 */
export * from "@caduceus/auth-core/errors";
export {
  BulkExportError,
  type BulkExportFile,
  type BulkExportManifest,
  type BulkExportStatus,
  cancelBulkExport,
  checkBulkExport,
  type ExportedResource,
  type PollBulkExportOptions,
  pollBulkExport,
  readBulkExportFile,
} from "./bulk-export.js";
export { createSmartFhirClient, type SmartFhirClient, type SmartFhirClientOptions } from "./client.js";
export type { components, operations, paths } from "./generated/openapi.js";
export { type SmartFhirEnvironment, smartFhirEnvironments, smartFhirPreset } from "./preset.js";

import type { components } from "./generated/openapi.js";

/** A FHIR R4 Patient resource. */
export type Patient = components["schemas"]["Patient"];
/** A FHIR R4 Bundle (search results, history, $everything). */
export type Bundle = components["schemas"]["Bundle"];
/** A FHIR R4 OperationOutcome (the body of an error answer). */
export type OperationOutcome = components["schemas"]["OperationOutcome"];
