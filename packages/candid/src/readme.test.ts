import { expectReadmeMatchesTest } from "@caduceus/test-kit";
import { setupServer } from "msw/node";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createCandidClient, ErrorCode, isTokenRequestError } from "./index.js";
import { type CandidMockOptions, createCandidMock } from "./testing/index.js";

// Every ```ts block of README.md runs here between `#region readme-N` markers, imports mapped from
// the package name to the sources; the first test (test-kit's expectReadmeMatchesTest) keeps the two
// identical.
const specifiers: Record<string, string> = {
  "@caduceus/candid": "./index.js",
  "@caduceus/candid/testing": "./testing/index.js",
};

afterEach(() => {
  vi.restoreAllMocks();
  for (const name of Object.keys(process.env)) if (name.startsWith("CANDID_")) delete process.env[name];
});

/** A mock on its own server, with a secret of its own so tokens cached by other tests never apply. */
function serve(secret: string, options: CandidMockOptions = {}) {
  const mock = createCandidMock({ credentials: { clientSecret: secret }, ...options });
  const server = setupServer(...mock.handlers);
  server.listen({ onUnhandledRequest: "error" });
  return { mock, server };
}

describe("README examples", () => {
  it("are the code below", () => {
    expectReadmeMatchesTest({
      readme: new URL("../README.md", import.meta.url),
      test: new URL(import.meta.url),
      blocks: 3,
      specifiers,
      compare: "layout",
    });
  });

  it("quick start calls both sandbox hosts", async () => {
    const { mock, server } = serve("readme-quick-start-secret", { environment: "sandbox" });
    process.env.CANDID_CLIENT_ID = mock.credentials.clientId;
    process.env.CANDID_CLIENT_SECRET = mock.credentials.clientSecret;
    try {
      // #region readme-1
      const candid = createCandidClient({
        clientId: process.env.CANDID_CLIENT_ID!,
        clientSecret: process.env.CANDID_CLIENT_SECRET!,
        environment: "sandbox",
      });

      // Core API host: https://sandbox-api.joincandidhealth.com/api/payers/v3
      const { data: payers } = await candid.GET("/payers/v3", {
        params: { query: { search_term: "aetna", limit: 5 } },
      });

      // Pre-encounter host, same token: https://sandbox-pre-api.joincandidhealth.com/coverages/v1/{id}/eligibility
      const coverageId = "5b0d1c2e-3f4a-4b5c-8d6e-7f8091a2b3c4";
      const { data: check } = await candid.POST("/pre-encounter/coverages/v1/{coverage_id}/eligibility", {
        params: { path: { coverage_id: coverageId } },
        body: { service_code: "30", date_of_service: "2026-01-15", npi: "1942788757" },
      });
      const summary = `${payers?.items?.[0]?.payer_name}: eligibility check ${check?.status}`;
      // #endregion
      expect(summary).toBe("Aetna: eligibility check COMPLETED");
      expect(mock.apiRequests.map((r) => r.url)).toEqual([
        "https://sandbox-api.joincandidhealth.com/api/payers/v3?search_term=aetna&limit=5",
        `https://sandbox-pre-api.joincandidhealth.com/coverages/v1/${coverageId}/eligibility`,
      ]);
      expect(mock.controls.stats.tokenRequests).toBe(1);
    } finally {
      server.close();
    }
  });

  it("errors example reports Candid's error names", async () => {
    const { mock, server } = serve("readme-errors-secret");
    const logged = vi.spyOn(console, "log").mockImplementation(() => {});
    const failed = vi.spyOn(console, "error").mockImplementation(() => {});
    const run = async (candid: ReturnType<typeof createCandidClient>, encounterId: string) => {
      // #region readme-2
      try {
        const { data, error } = await candid.GET("/encounters/v4/{encounter_id}", {
          params: { path: { encounter_id: encounterId } },
        });
        if (error)
          console.error(error.errorName, error.content); // e.g. EntityNotFoundError { id: "…" }
        else console.log(data.status); // e.g. "biller_received"
      } catch (err) {
        if (!isTokenRequestError(err)) throw err;
        if (err.code === ErrorCode.TokenRequestRateLimited) console.error("Candid: too many tokens minted");
        else console.error(err.status, err.oauthError, err.errorDescription); // e.g. 401 UnauthorizedError Invalid client_id or client_secret
      }
      // #endregion
    };
    try {
      const candid = createCandidClient({ ...mock.credentials });
      const created = await candid.POST("/encounters/v4", {
        body: {
          external_id: "readme-visit",
          patient_authorized_release: true,
          benefits_assigned_to_provider: true,
          provider_accepts_assignment: true,
          billable_status: "BILLABLE",
          responsible_party: "INSURANCE_PAY",
          place_of_service_code: "11",
          patient: { first_name: "Sam", last_name: "Ode" },
          billing_provider: { organization_name: "Clinic", npi: "1942788757" },
          diagnoses: [{ code_type: "ABK", code: "J069" }],
        },
      });
      await run(candid, created.data!.encounter_id!);
      await run(candid, "00000000-0000-4000-8000-00000000beef");
      await run(createCandidClient({ ...mock.credentials, clientSecret: "a-revoked-secret" }), "x");
      mock.controls.failTokenRequests(1, {
        status: 429,
        body: { errorName: "TooManyRequestsError", content: { message: "Too many token requests" } },
      });
      await run(createCandidClient({ ...mock.credentials, clientSecret: "other", maxRetries: 0 }), "x");
    } finally {
      server.close();
    }
    expect(logged.mock.calls).toEqual([["biller_received"]]);
    expect(failed.mock.calls).toEqual([
      ["EntityNotFoundError", { id: "00000000-0000-4000-8000-00000000beef" }],
      [401, "UnauthorizedError", "Invalid client_id or client_secret"],
      ["Candid: too many tokens minted"],
    ]);
  });

  it("testing example shares one token between clients", async () => {
    const logged = vi.spyOn(console, "log").mockImplementation(() => {});
    // #region readme-3
    // Candid rate-limits token minting; the mock can too, to prove that your code reuses tokens.
    const mock = createCandidMock({ tokenRateLimit: { limit: 1, windowSeconds: 60 } });
    const server = setupServer(...mock.handlers);
    server.listen({ onUnhandledRequest: "error" });

    const payers = await createCandidClient({ ...mock.credentials }).GET("/payers/v3");
    const events = await createCandidClient({ ...mock.credentials }).GET("/events/v1"); // another client, same token
    server.close();

    console.log(payers.data?.items?.length, events.data?.items?.length); // 4 2
    console.log(mock.controls.stats.tokenRequests); // 1
    console.log(Object.keys(JSON.parse(mock.tokenRequests[0]?.body ?? "{}"))); // ["client_id", "client_secret"]
    // #endregion
    expect(logged.mock.calls).toEqual([[4, 2], [1], [["client_id", "client_secret"]]]);
  });
});
