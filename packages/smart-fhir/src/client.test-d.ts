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

  it("types every R4 resource type, and the shared search-by-POST and history paths by ResourceType", async () => {
    const { data } = await fhir.GET("/VisionPrescription/{id}", { params: { path: { id: "1" } } });
    expectTypeOf(data?.resourceType).toEqualTypeOf<"VisionPrescription" | undefined>();
    const history = await fhir.GET("/{resourceType}/{id}/_history", {
      params: { path: { resourceType: "Encounter", id: "1" } },
    });
    expectTypeOf(history.data).toEqualTypeOf<Bundle | undefined>();
    // @ts-expect-error: not an R4 resource type
    fhir.POST("/{resourceType}/_search", { params: { path: { resourceType: "Spaceship" } }, body: {} });
    // @ts-expect-error: value-quantity is an Observation search parameter, not a Patient one
    fhir.GET("/Patient", { params: { query: { "value-quantity": "5" } } });
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
