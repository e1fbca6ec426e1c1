import { startMsw, useVendorReadme } from "@caduceus/test-kit";
import { setupServer } from "msw/node";
import { describe, expect, it, vi } from "vitest";
import { createCareCentricClient, isTokenRequestError } from "./index.js";
import { type CareCentricMock, createCareCentricMock } from "./testing/index.js";

// Every ```ts block of README.md runs here between `#region readme-N` markers, imports mapped from
// the package name to the sources; the first test (test-kit's useVendorReadme) keeps the two identical.
/** Starts the mock and puts its credentials where the README reads them. */
function start(withUser: boolean) {
  const mock = createCareCentricMock();
  const { credentials } = mock;
  process.env.CARECENTRIC_CLIENT_ID = credentials.clientId;
  process.env.CARECENTRIC_CLIENT_SECRET = credentials.clientSecret;
  if (withUser) {
    process.env.CARECENTRIC_USERNAME = credentials.username;
    process.env.CARECENTRIC_PASSWORD = credentials.password;
  }
  process.env.CARECENTRIC_SUBSCRIPTION_KEY = credentials.subscriptionKey!;
  process.env.CARECENTRIC_FHIR_BASE_URL = credentials.baseUrl;
  const server = startMsw(...mock.handlers);
  return { mock, server };
}

const grantsOf = (mock: CareCentricMock) => mock.tokenRequests.map((r) => r.fields.grant_type);

/**
 * Runs one README example against a fresh mock (its credentials in the environment, served until the
 * example ends) with `console[channel]` captured; returns the mock and what the example printed.
 */
async function runExample(
  withUser: boolean,
  example: (mock: CareCentricMock) => Promise<void>,
  channel: "log" | "error" = "log",
) {
  const { mock, server } = start(withUser);
  const printed = vi.spyOn(console, channel).mockImplementation(() => {});
  try {
    await example(mock);
    return { mock, printed: printed.mock.calls };
  } finally {
    server.close();
  }
}

describe("README examples", () => {
  useVendorReadme({
    packageName: "@caduceus/carecentric",
    envPrefix: "CARECENTRIC_",
    test: import.meta.url,
    blocks: 5,
    compare: "verbatim",
  });

  it("quick start finds a patient by NHS number with the password grant", async () => {
    const { mock, printed } = await runExample(true, async () => {
      // #region readme-1
      const fhir = createCareCentricClient({
        clientId: process.env.CARECENTRIC_CLIENT_ID!,
        clientSecret: process.env.CARECENTRIC_CLIENT_SECRET!,
        username: process.env.CARECENTRIC_USERNAME,
        password: process.env.CARECENTRIC_PASSWORD,
        scope: "launch user/*.read openid profile",
        subscriptionKey: process.env.CARECENTRIC_SUBSCRIPTION_KEY,
        baseUrl: process.env.CARECENTRIC_FHIR_BASE_URL!, // issued by Graphnet at onboarding
      });

      // The first call obtains a token; later calls reuse it until shortly before it expires.
      const { data, response } = await fhir.GET("/Patient", {
        params: { query: { identifier: "https://fhir.nhs.uk/Id/nhs-number|9000000009" } },
      });
      if (!data) throw new Error(`Patient search failed: HTTP ${response.status}`);
      const patient = data.entry?.[0]?.resource;
      if (patient?.resourceType === "Patient") console.log(patient.name?.[0]?.family); // "Smith"
      // #endregion
    });
    expect(printed).toEqual([["Smith"]]);
    expect(grantsOf(mock)).toContain("password");
  });

  it("system example lists current repeats with client credentials", async () => {
    const { mock, printed } = await runExample(false, async () => {
      // #region readme-2
      const system = createCareCentricClient({
        clientId: process.env.CARECENTRIC_CLIENT_ID!,
        clientSecret: process.env.CARECENTRIC_CLIENT_SECRET!,
        subscriptionKey: process.env.CARECENTRIC_SUBSCRIPTION_KEY,
        baseUrl: process.env.CARECENTRIC_FHIR_BASE_URL!,
      });

      // Current repeat medication of one patient, by NHS number. CareCentric requires `intent`.
      const repeats = await system.GET("/MedicationRequest", {
        params: {
          query: {
            "patient.identifier": "https://fhir.nhs.uk/Id/nhs-number|9449306753",
            intent: "plan",
            status: "active",
            "prescription-type": "https://fhir.graphnethealth.com/CodeSystem-PrescriptionType|R",
          },
        },
      });
      for (const entry of repeats.data?.entry ?? []) {
        if (entry.resource?.resourceType === "MedicationRequest")
          console.log(entry.resource.medicationCodeableConcept?.text); // "Metformin 500mg tablets"
      }
      // #endregion
    });
    expect(printed).toEqual([["Metformin 500mg tablets"]]);
    expect(grantsOf(mock)).toContain("client_credentials");
  });

  it("write example records an Observation", async () => {
    const { mock, printed } = await runExample(true, async (mock) => {
      const fhir = createCareCentricClient({ ...mock.credentials });
      const patientId = mock.patients.janeSmith.id;
      // #region readme-3
      const { data: created, response } = await fhir.POST("/Observation", {
        body: {
          resourceType: "Observation",
          status: "final",
          code: { coding: [{ system: "http://snomed.info/sct", code: "27113001", display: "Body weight" }] },
          subject: { reference: `Patient/${patientId}` },
          effectiveDateTime: "2026-11-20T09:30:00Z",
          valueQuantity: { value: 41.2, unit: "kg", system: "http://unitsofmeasure.org", code: "kg" },
        },
      });
      if (!created) throw new Error(`Observation not recorded: HTTP ${response.status}`);
      console.log(response.status, created.id); // 201 and the new id
      // #endregion
    });
    expect(printed[0]?.[0]).toBe(201);
    expect(mock.data.Observation.some((o) => o.id === printed[0]?.[1])).toBe(true);
  });

  it("errors example reports a refused password", async () => {
    const { printed } = await runExample(
      true,
      async (mock) => {
        const fhir = createCareCentricClient({ ...mock.credentials, password: "expired-password" });
        const patientId = mock.patients.janeSmith.id;
        // #region readme-4
        try {
          await fhir.GET("/Patient/{id}", { params: { path: { id: patientId } } });
        } catch (err) {
          if (!isTokenRequestError(err)) throw err;
          // e.g. 400 "invalid_grant" "invalid_username_or_password"
          console.error(err.status, err.oauthError, err.errorDescription);
        }
        // #endregion
      },
      "error",
    );
    expect(printed).toEqual([[400, "invalid_grant", "invalid_username_or_password"]]);
  });

  it("testing example runs against the mock", async () => {
    const logged = vi.spyOn(console, "log").mockImplementation(() => {});
    // #region readme-5
    const mock = createCareCentricMock();
    const server = setupServer(...mock.handlers);
    server.listen({ onUnhandledRequest: "error" });

    const client = createCareCentricClient({ ...mock.credentials }); // or mock.systemCredentials
    const allergies = await client.GET("/AllergyIntolerance", {
      params: { query: { patient: mock.patients.janeSmith.id } },
    });
    server.close();

    console.log(allergies.data?.total); // 1: allergy to penicillin
    console.log(mock.tokenRequests[0]?.fields.grant_type); // "password"
    console.log(mock.apiRequests[0]?.headers["ocp-apim-subscription-key"]); // the mock's subscription key
    // #endregion
    expect(logged.mock.calls).toEqual([[1], ["password"], [mock.expected.subscriptionKey]]);
  });
});
