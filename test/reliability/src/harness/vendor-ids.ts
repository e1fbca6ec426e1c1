/** The five vendors, in the order of the matrix columns (no imports: the global teardown uses it). */
export type VendorId = "xcures" | "parchment" | "carecentric" | "candid" | "arzamed";
export const VENDORS: readonly VendorId[] = ["xcures", "parchment", "carecentric", "candid", "arzamed"];
export const VENDOR_LABELS: Readonly<Record<VendorId, string>> = {
  xcures: "xCures",
  parchment: "Parchment",
  carecentric: "CareCentric",
  candid: "Candid",
  arzamed: "Arzamed",
};
