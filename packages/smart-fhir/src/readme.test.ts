import { useVendorReadme } from "@caduceus/test-kit";
import { exportPKCS8, importJWK } from "jose";
import { setupServer } from "msw/node";
import { describe, expect, it, vi } from "vitest";
import { createSmartFhirClient, pollBulkExport, readBulkExportFile } from "./index.js";
import { useMockServer } from "./test-support/server.js";
import { createSmartFhirMock } from "./testing/index.js";

// Every ```ts block of README.md runs here between `#region readme-N` markers, imports mapped from
// the package name to the sources; the first test (test-kit's useVendorReadme) keeps the two identical.
const server = useMockServer();

async function serve() {
  const mock = await createSmartFhirMock();
  server.use(...mock.handlers);
  return mock;
}

describe("README examples", () => {
  useVendorReadme({
    packageName: "@caduceus/smart-fhir",
    envPrefix: "EHR_",
    test: import.meta.url,
    blocks: 3,
    compare: "layout",
  });

  it("quick start reads a Patient and searches Observations with a PEM key", async () => {
    const mock = await serve();
    const key = await importJWK(mock.credentials.privateKey as never, "ES384", { extractable: true });
    process.env.EHR_FHIR_BASE_URL = mock.credentials.fhirBaseUrl;
    process.env.EHR_CLIENT_ID = mock.credentials.clientId;
    process.env.EHR_PRIVATE_KEY = await exportPKCS8(key as CryptoKey);
    const logged = vi.spyOn(console, "log").mockImplementation(() => {});
    // #region readme-1
    const fhir = createSmartFhirClient({
      fhirBaseUrl: process.env.EHR_FHIR_BASE_URL!, // e.g. https://fhir.example-ehr.org/api/FHIR/R4
      clientId: process.env.EHR_CLIENT_ID!,
      privateKey: process.env.EHR_PRIVATE_KEY!, // PKCS#8 PEM, a private JWK, or a CryptoKey
      scope: "system/Patient.rs system/Observation.rs",
    });
    const { data: patient } = await fhir.GET("/Patient/{id}", { params: { path: { id: "example" } } });
    const { data: bundle } = await fhir.GET("/Observation", { params: { query: { patient: "example" } } });
    console.log(patient?.name?.[0]?.family, bundle?.entry?.length); // Chalmers 1
    // #endregion
    expect(logged.mock.calls).toEqual([["Chalmers", 1]]);
    expect(mock.tokenRequests.map((request) => request.fields.scope)).toEqual([
      "system/Patient.rs system/Observation.rs",
    ]);
  });

  it("bulk data example polls the export and reads its files", async () => {
    const mock = await serve();
    const fhir = createSmartFhirClient(mock.credentials);
    const logged = vi.spyOn(console, "log").mockImplementation(() => {});
    // #region readme-2
    const kickOff = await fhir.GET("/Patient/$export", { params: { header: { Prefer: "respond-async" } } });
    const statusUrl = kickOff.response.headers.get("content-location")!;
    const manifest = await pollBulkExport(fhir, statusUrl, {
      onProgress: (status) => console.log(status.progress), // the server's X-Progress, e.g. "50% complete"
    });
    for (const file of manifest.output) {
      const resources = await readBulkExportFile(fhir, file);
      console.log(file.type, resources.length); // Patient 1, then Observation 1
    }
    // #endregion
    expect(logged.mock.calls).toEqual([
      ["0% complete"],
      ["50% complete"],
      ["Patient", 1],
      ["Observation", 1],
    ]);
  });

  it("testing example runs against the mock", async () => {
    const logged = vi.spyOn(console, "log").mockImplementation(() => {});
    server.close();
    try {
      // #region readme-3
      const mock = await createSmartFhirMock();
      const server = setupServer(...mock.handlers);
      server.listen();
      const fhir = createSmartFhirClient(mock.credentials);
      const { data } = await fhir.GET("/Patient/{id}", { params: { path: { id: "example" } } });
      server.close();
      console.log(data?.id, mock.tokenRequests.length); // example 1
      // #endregion
    } finally {
      server.listen({ onUnhandledRequest: "error" });
    }
    expect(logged.mock.calls).toEqual([["example", 1]]);
  });
});
