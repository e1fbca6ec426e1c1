import { describe, expectTypeOf, it } from "vitest";
import { type Bundle, createSmartFhirClient, type Patient, type SmartFhirClientOptions } from "./index.js";

declare const options: SmartFhirClientOptions;
const fhir = createSmartFhirClient(options);

describe("createSmartFhirClient types", () => {
  it("types reads with the resource and searches with Bundle", async () => {
    const { data } = await fhir.GET("/Patient/{id}", { params: { path: { id: "1" } } });
    expectTypeOf(data).toEqualTypeOf<Patient | undefined>();
    const search = await fhir.GET("/Observation", { params: { query: { patient: "1" } } });
    expectTypeOf(search.data).toEqualTypeOf<Bundle | undefined>();
  });

  it("rejects unknown paths, wrong bodies and missing options", () => {
    // @ts-expect-error: not a FHIR resource type of the description
    fhir.GET("/Spaceship/{id}", { params: { path: { id: "1" } } });
    // @ts-expect-error: a Patient body must say resourceType "Patient"
    fhir.POST("/Patient", { body: { resourceType: "Observation" } });
    // @ts-expect-error: privateKey is required
    createSmartFhirClient({ fhirBaseUrl: "https://x.test/r4", clientId: "a", scope: "system/*.rs" });
  });
});
