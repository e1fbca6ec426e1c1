import { describe, expectTypeOf, it } from "vitest";
import {
  type Bundle,
  type CareCentricClient,
  createCareCentricClient,
  type MedicationRequest,
  type Observation,
  type OperationOutcome,
  type Patient,
} from "./index.js";
import { createCareCentricMock } from "./testing/index.js";

declare const client: CareCentricClient;

describe("paths, parameters and bodies are checked", () => {
  it("rejects a path the API does not have", () => {
    // @ts-expect-error Practitioner is not one of CareCentric's documented resources
    void client.GET("/Practitioner/{id}", { params: { path: { id: "x" } } });
    // @ts-expect-error Patient has no documented write
    void client.POST("/Patient", { body: { resourceType: "Patient" } });
  });

  it("rejects a missing required parameter", () => {
    // @ts-expect-error intent is required on every MedicationRequest search
    void client.GET("/MedicationRequest", { params: { query: { patient: "123" } } });
    // @ts-expect-error the id path parameter is required
    void client.GET("/Patient/{id}", { params: { path: {} } });
    void client.GET("/MedicationRequest", { params: { query: { patient: "123", intent: "order" } } });
  });

  it("rejects a wrong body field", () => {
    const subject = { reference: "Patient/123" };
    void client.POST("/Observation", {
      // @ts-expect-error status must be one of FHIR's Observation statuses
      body: { resourceType: "Observation", status: "done", code: { text: "Weight" }, subject },
    });
    void client.POST("/Observation", {
      body: {
        resourceType: "Observation",
        status: "final",
        code: { text: "Weight" },
        // @ts-expect-error valueQuantity.value is a number
        valueQuantity: { value: "41" },
      },
    });
    // @ts-expect-error the body must be an Observation, not an AllergyIntolerance
    void client.POST("/Observation", { body: { resourceType: "AllergyIntolerance", patient: subject } });
    // @ts-expect-error code is required
    void client.POST("/Observation", { body: { resourceType: "Observation", status: "final" } });
  });
});

describe("responses are inferred", () => {
  it("types reads, searches and writes", async () => {
    const read = await client.GET("/Patient/{id}", { params: { path: { id: "123" } } });
    // openapi-fetch re-maps bodies (Readable<…>), so compare by assignability and by a literal member.
    expectTypeOf(read.data).toExtend<Patient | undefined>();
    expectTypeOf(read.data).not.toExtend<Observation | undefined>();
    expectTypeOf(read.data!.resourceType).toEqualTypeOf<"Patient">();
    expectTypeOf(read.error).toExtend<OperationOutcome | undefined>();
    // HL7's schema leaves primitive elements optional (a `_severity` extension may stand in for the value).
    expectTypeOf(read.error!.issue[0]!.severity).toEqualTypeOf<
      "fatal" | "error" | "warning" | "information" | undefined
    >();

    const search = await client.GET("/MedicationRequest", {
      params: { query: { patient: "1", intent: "plan" } },
    });
    expectTypeOf(search.data).toExtend<Bundle | undefined>();
    expectTypeOf(search.data!.resourceType).toEqualTypeOf<"Bundle">();
    const first = search.data?.entry?.[0]?.resource;
    if (first?.resourceType === "MedicationRequest") {
      expectTypeOf(first).toExtend<MedicationRequest>();
      expectTypeOf(first.intent).toEqualTypeOf<MedicationRequest["intent"]>();
    }

    const created = await client.POST("/Observation", {
      body: { resourceType: "Observation", status: "final", code: { text: "Weight" } },
    });
    expectTypeOf(created.data).toExtend<Observation | undefined>();
    expectTypeOf(created.data!.status).toEqualTypeOf<Observation["status"]>();
  });
});

describe("options", () => {
  it("requires baseUrl and the client credentials", () => {
    // @ts-expect-error baseUrl is required: the FHIR base is issued per customer
    createCareCentricClient({ clientId: "id", clientSecret: "secret" });
    // @ts-expect-error clientSecret is required
    createCareCentricClient({ clientId: "id", baseUrl: "https://fhir.example.test/R4" });
    // @ts-expect-error scope is a string or an array of strings
    createCareCentricClient({ clientId: "id", clientSecret: "s", baseUrl: "https://x.test", scope: 1 });
    createCareCentricClient({
      clientId: "id",
      clientSecret: "s",
      baseUrl: "https://x.test",
      scope: ["openid"],
    });
  });

  it("accepts the mock's credentials as they are", () => {
    const mock = createCareCentricMock();
    expectTypeOf(createCareCentricClient({ ...mock.credentials })).toEqualTypeOf<CareCentricClient>();
    expectTypeOf(createCareCentricClient({ ...mock.systemCredentials })).toEqualTypeOf<CareCentricClient>();
  });
});
