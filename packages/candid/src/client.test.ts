import { MemoryTokenStore } from "@caduceus/auth-core";
import {
  describeVendorClient,
  expectReuseThenRefresh,
  expectTokenRequest,
  expectTokenRequestError,
  itRejectsOptions,
} from "@caduceus/test-kit";
import { describe, expect, it } from "vitest";
import { createCandidClient, ErrorCode, paginate } from "./index.js";
import {
  createCandidMock,
  exampleChargeCaptureCreate,
  exampleCoverageCreate,
  exampleEncounterCreate,
  examplePatientCreate,
} from "./testing/index.js";

const { setup } = describeVendorClient({
  vendor: "Candid",
  createMock: createCandidMock,
  createClient: createCandidClient,
  read: (client) => client.GET("/api/payers/v3"),
  write: (client) => client.POST("/api/encounters/v4", { body: exampleEncounterCreate("visit-replay") }),
  wrongCredentials: { clientSecret: "definitely-not-the-secret-4c3b2a" },
  // Candid's {errorName, content.message}, readable in the error.
  wrongCredentialsError: {
    status: 401,
    oauthError: "UnauthorizedError",
    errorDescription: "Invalid client_id or client_secret",
    message: expect.stringContaining("UnauthorizedError: Invalid client_id or client_secret"),
  },
});

const CORE = "https://api.joincandidhealth.com";
const PRE = "https://pre-api.joincandidhealth.com";

describe("token exchange", () => {
  it("posts JSON {client_id, client_secret} without grant_type to {core}/api/auth/v2/token", async () => {
    const { mock, client } = setup();
    const { data } = await client().GET("/api/payers/v3");
    expect(data?.items).toHaveLength(4);

    expectTokenRequest(mock, {
      url: `${CORE}/api/auth/v2/token`,
      contentType: "application/json",
      fields: { client_id: mock.credentials.clientId, client_secret: mock.credentials.clientSecret },
    });
    expect(mock.apiRequests[0]!.url).toBe(`${CORE}/api/payers/v3`);
    expect(mock.apiRequests[0]!.headers.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it("mock: accepts a form body too, and answers 415 InvalidContentTypeError otherwise", async () => {
    const { mock } = setup();
    const form = await fetch(mock.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        client_id: mock.credentials.clientId,
        client_secret: mock.credentials.clientSecret,
      }),
    });
    expect(form.status).toBe(200);
    expect(await form.json()).toMatchObject({ token_type: "Bearer", expires_in: 18_000 });

    const text = await fetch(mock.tokenUrl, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "x",
    });
    expect(text.status).toBe(415);
    expect(await text.json()).toMatchObject({
      errorName: "InvalidContentTypeError",
      content: { message: expect.any(String) },
    });
  });
});

describe("operations", () => {
  it("searches payers with typed query parameters and reads one", async () => {
    const candid = setup().client();
    const { data } = await candid.GET("/api/payers/v3", {
      params: { query: { search_term: "united", limit: 5 } },
    });
    expect(data?.items.map((p) => p.payer_name)).toEqual(["UnitedHealthcare"]);
    const one = await candid.GET("/api/payers/v3/{payer_uuid}", {
      params: { path: { payer_uuid: data!.items[0]!.payer_uuid } },
    });
    expect(one.data?.payer_id).toBe("87726");
  });

  it("creates a complete encounter, reads it back, finds it by external_id, and records an event", async () => {
    const { client, mock } = setup();
    const candid = client();
    const created = await candid.POST("/api/encounters/v4", { body: exampleEncounterCreate() });
    expect(created.error).toBeUndefined();
    expect(created.data).toMatchObject({ external_id: "visit-2026-0001" });
    const id = created.data!.encounter_id;

    const read = await candid.GET("/api/encounters/v4/{encounter_id}", {
      params: { path: { encounter_id: id } },
    });
    expect(read.data?.encounter_id).toBe(id);
    const list = await candid.GET("/api/encounters/v4", {
      params: { query: { external_id: "visit-2026-0001" } },
    });
    expect(list.data?.items.map((e) => e.encounter_id)).toEqual([id]);
    expect(mock.data.events.at(-1)).toMatchObject({ event_type: "encounter.created", payload: { id } });
  });

  it("pages with page_token / next_page_token, and paginate() walks every page", async () => {
    const candid = setup().client();
    const first = await candid.GET("/api/payers/v3", { params: { query: { limit: 3 } } });
    expect(first.data?.items).toHaveLength(3);
    const second = await candid.GET("/api/payers/v3", {
      params: { query: { limit: 3, page_token: first.data!.next_page_token! } },
    });
    expect(second.data?.items.map((p) => p.payer_name)).toEqual(["Blue Cross Blue Shield of Illinois"]);
    expect(second.data?.next_page_token).toBeUndefined();

    const names: string[] = [];
    for await (const payer of paginate(candid, "/api/payers/v3", { params: { query: { limit: 1 } } })) {
      names.push(payer.payer_name);
    }
    expect(names).toEqual(["Aetna", "UnitedHealthcare", "Cigna", "Blue Cross Blue Shield of Illinois"]);
  });

  it("answers Candid's typed errors: 404 EntityNotFoundError, 422 HttpRequestValidationsError, uniqueness", async () => {
    const candid = setup().client();
    const missing = await candid.GET("/api/encounters/v4/{encounter_id}", {
      params: { path: { encounter_id: "00000000-0000-4000-8000-0000000000ff" } },
    });
    expect(missing.response.status).toBe(404);
    expect(missing.error).toEqual({
      errorName: "EntityNotFoundError",
      content: { id: "00000000-0000-4000-8000-0000000000ff" },
    });

    const { diagnoses: _diagnoses, ...incomplete } = exampleEncounterCreate("visit-incomplete");
    const invalid = await candid.POST("/api/encounters/v4", { body: incomplete as never });
    expect(invalid.response.status).toBe(422);
    expect(invalid.error).toMatchObject({
      errorName: "HttpRequestValidationsError",
      content: [{ fieldName: "diagnoses" }],
    });

    await candid.POST("/api/encounters/v4", { body: exampleEncounterCreate("visit-twice") });
    const twice = await candid.POST("/api/encounters/v4", { body: exampleEncounterCreate("visit-twice") });
    expect(twice.response.status).toBe(422);
    if (twice.error?.errorName !== "EncounterExternalIdUniquenessError")
      throw new Error("expected uniqueness");
    expect(twice.error.content.external_id).toBe("visit-twice");
  });

  it("rejects an enum value in the wrong case (charge capture status is lower case)", async () => {
    const candid = setup().client();
    const wrong = await candid.POST("/api/charge_captures/v1", {
      body: { ...exampleChargeCaptureCreate(), status: "PLANNED" as never },
    });
    expect(wrong.response.status).toBe(422);
    expect(wrong.error).toMatchObject({ content: [{ fieldName: "status" }] });
  });

  it("captures a charge with Candid's fields and reads it back", async () => {
    const candid = setup().client();
    const capture = await candid.POST("/api/charge_captures/v1", { body: exampleChargeCaptureCreate() });
    expect(capture.error).toBeUndefined();
    expect(capture.data).toMatchObject({
      charge_external_id: "charge-2026-0001",
      patient_external_id: "pt-000482",
      status: "planned",
    });
    const read = await candid.GET("/api/charge_captures/v1/{charge_capture_id}", {
      params: { path: { charge_capture_id: capture.data!.id } },
    });
    expect(read.data?.charge_external_id).toBe("charge-2026-0001");
  });

  it("scans events newest first, filtered by event_types sent repeated", async () => {
    const { client, mock } = setup();
    const candid = client();
    const scan = await candid.GET("/api/events/v1/", {
      params: { query: { event_types: ["remit.received", "claim.updated"] } },
    });
    expect(scan.data?.items.map((e) => e.event_type)).toEqual(["remit.received", "claim.updated"]);
    expect(new URL(mock.apiRequests.at(-1)!.url).search).toBe(
      "?event_types=remit.received&event_types=claim.updated",
    );
    const one = await candid.GET("/api/events/v1/", {
      params: { query: { event_types: ["claim.updated"] } },
    });
    expect(one.data?.items.map((e) => e.event_type)).toEqual(["claim.updated"]);
    // Candid's SDK takes `string | string[]` for a repeated parameter: one value is a list of one.
    const bare = await candid.GET("/api/events/v1/", { params: { query: { event_types: "claim.updated" } } });
    expect(new URL(mock.apiRequests.at(-1)!.url).search).toBe("?event_types=claim.updated");
    expect(bare.data?.items.map((e) => e.event_type)).toEqual(["claim.updated"]);
  });
});

describe("hosts and environments", () => {
  it("creates a patient and a coverage on the pre-encounter host, with the core host's token", async () => {
    const { client, mock } = setup();
    const candid = client();
    await candid.GET("/api/payers/v3");
    const patient = await candid.POST("/patients/v1", { body: examplePatientCreate() });
    expect(patient.error).toBeUndefined();
    const coverage = await candid.POST("/coverages/v1", { body: exampleCoverageCreate(patient.data!.id) });
    expect(coverage.error).toBeUndefined();
    const read = await candid.GET("/patients/v1/{id}", { params: { path: { id: patient.data!.id } } });
    expect(read.data?.name.family).toBe("Reyes");

    const [core, ...pre] = mock.apiRequests;
    expect(core!.url).toBe(`${CORE}/api/payers/v3`);
    expect(pre.map((request) => request.url)).toEqual([
      `${PRE}/patients/v1`,
      `${PRE}/coverages/v1`,
      `${PRE}/patients/v1/${patient.data!.id}`,
    ]);
    expect(pre.every((request) => request.headers.authorization === core!.headers.authorization)).toBe(true);
    expect(mock.controls.stats.tokenRequests).toBe(1);
  });

  it("answers a stale version with 409 VersionConflictError (pre-encounter optimistic locking)", async () => {
    const candid = setup().client();
    const patient = await candid.POST("/patients/v1", { body: examplePatientCreate() });
    const { id, version } = patient.data!;
    const updated = await candid.PUT("/patients/v1/{id}/{version}", {
      params: { path: { id, version: String(version) } },
      body: { ...examplePatientCreate(), email: "jordan@example.com" },
    });
    expect(updated.data?.version).toBe(version + 1);
    const stale = await candid.PUT("/patients/v1/{id}/{version}", {
      params: { path: { id, version: String(version) } },
      body: examplePatientCreate(),
    });
    expect(stale.response.status).toBe(409);
    expect(stale.error).toMatchObject({
      errorName: "VersionConflictError",
      content: { latest_version: version + 1 },
    });
  });

  it.each([
    ["sandbox", "https://sandbox-api.joincandidhealth.com", "https://sandbox-pre-api.joincandidhealth.com"],
    ["staging", "https://api-staging.joincandidhealth.com", "https://pre-api-staging.joincandidhealth.com"],
    [
      "candidStaging",
      "https://staging-api.joincandidhealth.com",
      "https://staging-pre-api.joincandidhealth.com",
    ],
  ] as const)(
    "uses the %s hosts for the token, the core API and pre-encounter",
    async (environment, core, pre) => {
      const { client, mock } = setup({ environment });
      const candid = client({ environment });
      await candid.GET("/api/events/v1/");
      await candid.POST("/patients/v1", { body: examplePatientCreate() });
      expect(mock.tokenRequests[0]!.url).toBe(`${core}/api/auth/v2/token`);
      expect(mock.apiRequests.map((r) => new URL(r.url).origin)).toEqual([core, pre]);
    },
  );

  it("serves both hosts from one origin when the client is given it for both (a loopback mock)", async () => {
    const origin = "http://localhost:5050";
    const { client, mock } = setup({ baseUrl: origin, preEncounterBaseUrl: origin });
    const candid = client({ baseUrl: mock.baseUrl, preEncounterBaseUrl: mock.preEncounterBaseUrl });
    const payers = await candid.GET("/api/payers/v3");
    const patient = await candid.POST("/patients/v1", { body: examplePatientCreate() });
    expect(payers.data?.items).toHaveLength(4);
    expect(patient.error).toBeUndefined();
    expect(mock.tokenRequests[0]!.url).toBe(`${origin}/api/auth/v2/token`);
    expect(mock.apiRequests.map((r) => r.url)).toEqual([`${origin}/api/payers/v3`, `${origin}/patients/v1`]);
  });
});

describe("token reuse and lifetime", () => {
  it("shares one token across client instances, so Candid's minting limit is never hit", async () => {
    const { client, mock } = setup({ tokenRateLimit: { limit: 1, windowSeconds: 60 } });
    for (let i = 0; i < 3; i++) {
      const { data } = await client().GET("/api/payers/v3");
      expect(data?.items).toHaveLength(4);
    }
    expect(mock.controls.stats.tokenRequests).toBe(1);

    // A client that does not share the cache (another process without a shared store) mints again: 429.
    const isolated = client({ tokenStore: new MemoryTokenStore(), maxRetries: 0 });
    await expectTokenRequestError(isolated.GET("/api/payers/v3"), {
      status: 429,
      code: ErrorCode.TokenRequestRateLimited,
      oauthError: "TooManyRequestsError",
      message: expect.stringContaining("Reuse access tokens until they expire"),
    });
  });

  it("shares the token through the default process-wide store", async () => {
    const { mock } = setup({
      credentials: { clientId: "default-store-test", clientSecret: "default-store-secret" },
    });
    const options = { ...mock.credentials };
    await createCandidClient(options).GET("/api/payers/v3");
    await createCandidClient(options).GET("/api/events/v1/");
    expect(mock.controls.stats.tokenRequests).toBe(1);
  });

  it("makes one token request for many concurrent cold calls on both hosts (single flight)", async () => {
    const { client, mock } = setup();
    const candid = client();
    const calls = Array.from({ length: 30 }, (_, i) =>
      i % 3 === 0
        ? candid.POST("/patients/v1", { body: examplePatientCreate() })
        : candid.GET("/api/payers/v3"),
    );
    const results = await Promise.all(calls);
    expect(results.every((r) => r.response.status === 200)).toBe(true);
    expect(mock.controls.stats.tokenRequests).toBe(1);
  });

  it("caps the lifetime at the documented 5 hours even when expires_in says 86400", async () => {
    const { client, mock, clock, events } = setup({ tokenLifetimeSeconds: 86_400 });
    const candid = client();
    // Still the first token at 4 h; a new one at 5 h and 1 s, past the cap, though Candid said 24 h.
    await expectReuseThenRefresh({ mock, clock }, () => candid.GET("/api/payers/v3"), {
      reusedAfterMs: 4 * 3600_000,
      refreshedAfterMs: 3600_000 + 1_000,
    });
    expect(events.find((e) => e.type === "token.obtained")).toMatchObject({
      lifetimeSource: "preset-max",
      lifetimeMs: 18_000_000,
    });
  });

  it("uses expires_in when it is shorter than the cap", async () => {
    const { client, events } = setup({ tokenLifetimeSeconds: 3600 });
    await client().GET("/api/payers/v3");
    expect(events.find((e) => e.type === "token.obtained")).toMatchObject({ lifetimeMs: 3_600_000 });
  });
});

describe("options", () => {
  itRejectsOptions({
    create: createCandidClient,
    valid: { clientId: "id", clientSecret: "secret" },
    required: ["clientId"],
    invalid: [
      ["an empty clientSecret", { clientSecret: "" }, "clientSecret"],
      ["a clientSecret with a newline", { clientSecret: "line\n" }, "clientSecret"],
      ["an unknown environment", { environment: "prod" }, "environment"],
      ["a snake_case option", { client_id: "snake" }, "client_id"],
      [
        "a plain-http tokenUrl",
        { tokenUrl: "http://api.joincandidhealth.com/api/auth/v2/token" },
        "tokenUrl",
      ],
      [
        "an ftp preEncounterBaseUrl",
        { preEncounterBaseUrl: "ftp://pre.example.test" },
        "preEncounterBaseUrl",
      ],
    ],
  });
});
