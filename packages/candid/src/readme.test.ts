import { startMsw, useVendorReadme } from "@caduceus/test-kit";
import { setupServer } from "msw/node";
import { describe, expect, it, vi } from "vitest";
import { createCandidClient, ErrorCode, isTokenRequestError, paginate } from "./index.js";
import {
  type CandidMockOptions,
  createCandidMock,
  exampleEncounterCreate,
  examplePatientCreate,
} from "./testing/index.js";

// Every ```ts block of README.md runs here between `#region readme-N` markers, imports mapped from
// the package name to the sources; the first test (test-kit's useVendorReadme) keeps the two identical.
/** A mock on its own server, with a secret of its own so tokens cached by other tests never apply. */
function serve(secret: string, options: CandidMockOptions = {}) {
  const mock = createCandidMock({ credentials: { clientSecret: secret }, ...options });
  const server = startMsw(...mock.handlers);
  return { mock, server };
}

describe("README examples", () => {
  useVendorReadme({
    packageName: "@caduceus/candid",
    envPrefix: "CANDID_",
    test: import.meta.url,
    blocks: 4,
    compare: "layout",
  });

  it("quick start calls both hosts of the staging environment with one token", async () => {
    const { mock, server } = serve("readme-quick-start-secret", { environment: "staging" });
    process.env.CANDID_CLIENT_ID = mock.credentials.clientId;
    process.env.CANDID_CLIENT_SECRET = mock.credentials.clientSecret;
    const encounter = exampleEncounterCreate("readme-visit-0001");
    const patient = examplePatientCreate();
    try {
      // #region readme-1
      const candid = createCandidClient({
        clientId: process.env.CANDID_CLIENT_ID!,
        clientSecret: process.env.CANDID_CLIENT_SECRET!,
        environment: "staging", // what Candid's docs call the Sandbox
      });

      // Core host: POST https://api-staging.joincandidhealth.com/api/encounters/v4
      const created = await candid.POST("/api/encounters/v4", { body: encounter });
      console.log(created.data?.encounter_id);

      // Pre-encounter host, same token: POST https://pre-api-staging.joincandidhealth.com/patients/v1
      const { data: newPatient } = await candid.POST("/patients/v1", { body: patient });
      const { data: found } = await candid.GET("/patients/v1/{id}", {
        params: { path: { id: newPatient!.id } },
      });
      console.log(found?.name.family, found?.version);
      // #endregion
      expect(created.data?.external_id).toBe("readme-visit-0001");
      expect(found?.name.family).toBe("Reyes");
      expect(mock.apiRequests.map((r) => new URL(r.url).origin + new URL(r.url).pathname)).toEqual([
        "https://api-staging.joincandidhealth.com/api/encounters/v4",
        "https://pre-api-staging.joincandidhealth.com/patients/v1",
        `https://pre-api-staging.joincandidhealth.com/patients/v1/${newPatient!.id}`,
      ]);
      expect(mock.controls.stats.tokenRequests).toBe(1);
    } finally {
      server.close();
    }
  });

  it("pagination walks every page", async () => {
    const { mock, server } = serve("readme-pagination-secret");
    const logged = vi.spyOn(console, "log").mockImplementation(() => {});
    const candid = createCandidClient({ ...mock.credentials });
    try {
      for (let visit = 1; visit <= 5; visit++) {
        await candid.POST("/api/encounters/v4", { body: exampleEncounterCreate(`readme-page-${visit}`) });
      }
      // #region readme-2
      // Every encounter, page after page (page_token in, next_page_token out), typed from the description.
      for await (const encounter of paginate(candid, "/api/encounters/v4", {
        params: { query: { limit: 2 } },
      })) {
        console.log(encounter.external_id);
      }

      // Or the pages themselves.
      for await (const page of paginate(candid, "/api/payers/v3", {
        params: { query: { limit: 3 } },
      }).pages()) {
        console.log(page.items.length, page.next_page_token ?? "last page");
      }
      // #endregion
    } finally {
      server.close();
    }
    expect(logged.mock.calls).toEqual([
      ["readme-page-1"],
      ["readme-page-2"],
      ["readme-page-3"],
      ["readme-page-4"],
      ["readme-page-5"],
      [3, expect.any(String)],
      [1, "last page"],
    ]);
    expect(mock.apiRequests.filter((r) => r.url.includes("/api/encounters/v4?"))).toHaveLength(3);
  });

  it("errors example narrows Candid's typed errors and token failures", async () => {
    const { mock, server } = serve("readme-errors-secret");
    const logged = vi.spyOn(console, "log").mockImplementation(() => {});
    const failed = vi.spyOn(console, "error").mockImplementation(() => {});
    const run = async (candid: ReturnType<typeof createCandidClient>, encounter: typeof body) => {
      // #region readme-3
      try {
        const { data, error } = await candid.POST("/api/encounters/v4", { body: encounter });
        if (error?.errorName === "EncounterExternalIdUniquenessError")
          console.error("already created:", error.content.external_id); // content typed for this error
        else if (error?.errorName === "HttpRequestValidationsError")
          console.error(error.content.map((fault) => fault.fieldName)); // e.g. ["diagnoses"]
        else if (error) console.error(error.errorName, error.content);
        else console.log(data.encounter_id);
      } catch (err) {
        if (!isTokenRequestError(err)) throw err;
        if (err.code === ErrorCode.TokenRequestRateLimited) console.error("Candid: too many tokens minted");
        else console.error(err.status, err.oauthError, err.errorDescription); // e.g. 401 UnauthorizedError Invalid client_id or client_secret
      }
      // #endregion
    };
    const body = exampleEncounterCreate("readme-errors-visit");
    try {
      const candid = createCandidClient({ ...mock.credentials });
      await run(candid, body);
      await run(candid, body);
      const { diagnoses: _diagnoses, ...incomplete } = body;
      await run(candid, incomplete as typeof body);
      await run(createCandidClient({ ...mock.credentials, clientSecret: "a-revoked-secret" }), body);
      mock.controls.failTokenRequests(1, {
        status: 429,
        body: { errorName: "TooManyRequestsError", content: { message: "Too many token requests" } },
      });
      await run(createCandidClient({ ...mock.credentials, clientSecret: "other", maxRetries: 0 }), body);
    } finally {
      server.close();
    }
    expect(logged.mock.calls).toEqual([[mock.data.encounters[0]!.encounter_id]]);
    expect(failed.mock.calls).toEqual([
      ["already created:", "readme-errors-visit"],
      [["diagnoses"]],
      [401, "UnauthorizedError", "Invalid client_id or client_secret"],
      ["Candid: too many tokens minted"],
    ]);
  });

  it("testing example shares one token between clients and hosts", async () => {
    const logged = vi.spyOn(console, "log").mockImplementation(() => {});
    // #region readme-4
    // Candid rate-limits token minting; the mock can too, to prove that your code reuses tokens.
    const mock = createCandidMock({ tokenRateLimit: { limit: 1, windowSeconds: 60 } });
    const server = setupServer(...mock.handlers);
    server.listen({ onUnhandledRequest: "error" });

    const payers = await createCandidClient({ ...mock.credentials }).GET("/api/payers/v3");
    const events = await createCandidClient({ ...mock.credentials }).GET("/api/events/v1/"); // another client, same token
    const patients = await createCandidClient({ ...mock.credentials }).GET("/patients/v1/get_multi"); // the other host
    server.close();

    console.log(payers.data?.items.length, events.data?.items.length, patients.data?.items.length); // 4 2 0
    console.log(mock.controls.stats.tokenRequests); // 1
    // #endregion
    expect(logged.mock.calls).toEqual([[4, 2, 0], [1]]);
  });
});
