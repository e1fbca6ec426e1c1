/** The vendors, in the order of the matrix columns (no imports: the global teardown uses it). */

/** The five shared-secret vendors: the fault matrix, the load test, the simulated week and the property tests. */
export type VendorId = "xcures" | "parchment" | "carecentric" | "candid" | "arzamed";
export const VENDORS: readonly VendorId[] = ["xcures", "parchment", "carecentric", "candid", "arzamed"];
/** The fault matrix also attacks SMART Backend Services (`private_key_jwt`, token endpoint discovery). */
export type MatrixVendorId = VendorId | "smart-fhir";
export const MATRIX_VENDORS: readonly MatrixVendorId[] = [...VENDORS, "smart-fhir"];
export const VENDOR_LABELS: Readonly<Record<MatrixVendorId, string>> = {
  xcures: "xCures",
  parchment: "Parchment",
  carecentric: "CareCentric",
  candid: "Candid",
  arzamed: "Arzamed",
  "smart-fhir": "SMART on FHIR",
};
