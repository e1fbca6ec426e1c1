import { inspect } from "node:util";
import { MemoryTokenStore } from "@caduceus/auth-core";
import { describeVendorContract, mockRig, useMsw } from "@caduceus/test-kit";
import { describe, expect, it } from "vitest";
import {
  AuthConfigError,
  type CandidClientOptions,
  createCandidClient,
  ErrorCode,
  isAuthConfigError,
  isTokenRequestError,
} from "./index.js";
import {
  type CandidMockOptions,
  createCandidMock,
  EXAMPLE_COVERAGE_ID,
  exampleEncounterCreate,
} from "./testing/index.js";

describeVendorContract({
  vendor: "Candid",
  createMock: (clock) => createCandidMock({ clock }),
  createClient: (mock, options, overrides) =>
    createCandidClient({ ...mock.credentials, ...options, ...overrides }),
  read: (client) => client.GET("/payers/v3"),
  write: (client) => client.POST("/encounters/v4", { body: exampleEncounterCreate("visit-replay") }),
  wrongCredentials: { clientSecret: "definitely-not-the-secret-4c3b2a" },
  secrets: (mock) => [mock.credentials.clientSecret],
});

const server = useMsw();

const CORE = "https://api.joincandidhealth.com";
const PRE = "https://pre-api.joincandidhealth.com";
const ELIGIBILITY = "/pre-encounter/coverages/v1/{coverage_id}/eligibility";
const eligibilityBody = { service_code: "30", date_of_service: "2026-01-15", npi: "1942788757" };

/** A fresh mock on a fake clock, and a factory of clients sharing one isolated token store. */
function setup(options: CandidMockOptions = {}) {
  const rig = mockRig(server, (clock) => createCandidMock({ clock, ...options }));
  const client = (extra: Partial<CandidClientOptions> = {}) =>
    createCandidClient({ ...rig.mock.credentials, ...rig.clientOptions, ...extra });
  return { ...rig, client };
}

describe("token exchange", () => {
  it("posts JSON {client_id, client_secret} without grant_type to {core}/api/auth/v2/token", async () => {
    const { mock, client } = setup();
    const { data } = await client().GET("/payers/v3");
    expect(data?.items).toHaveLength(4);

    expect(mock.tokenRequests).toHaveLength(1);
    const sent = mock.tokenRequests[0]!;
    expect(sent.method).toBe("POST");
    expect(sent.url).toBe(`${CORE}/api/auth/v2/token`);
    expect(sent.headers["content-type"]).toBe("application/json");
    expect(sent.headers).not.toHaveProperty("authorization");
    expect(JSON.parse(sent.body!)).toEqual({
      client_id: mock.credentials.clientId,
      client_secret: mock.credentials.clientSecret,
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

  it("surfaces Candid's {errorName, content.message} readably, without the secret", async () => {
    const { client } = setup();
    const secret = "definitely-not-the-candid-secret-42";
    const error = await client({ clientSecret: secret })
      .GET("/payers/v3")
      .catch((e: unknown) => e);
    expect(isTokenRequestError(error)).toBe(true);
    if (!isTokenRequestError(error)) return;
    expect(error.status).toBe(401);
    expect(error.oauthError).toBe("UnauthorizedError");
    expect(error.errorDescription).toBe("Invalid client_id or client_secret");
    expect(error.message).toContain("UnauthorizedError: Invalid client_id or client_secret");
    for (const text of [error.message, String(error), JSON.stringify(error), inspect(error)]) {
      expect(text).not.toContain(secret);
    }
  });
});

describe("operations", () => {
  it("searches payers with typed query parameters and reads one", async () => {
    const candid = setup().client();
    const { data } = await candid.GET("/payers/v3", {
      params: { query: { search_term: "united", limit: 5 } },
    });
    expect(data?.items?.map((p) => p.payer_name)).toEqual(["UnitedHealthcare"]);
    const one = await candid.GET("/payers/v3/{payer_uuid}", {
      params: { path: { payer_uuid: data!.items![0]!.payer_uuid! } },
    });
    expect(one.data?.payer_id).toBe("87726");
  });

  it("creates an encounter (request body), reads it back, and lists it by patient", async () => {
    const { client, mock } = setup();
    const candid = client();
    const created = await candid.POST("/encounters/v4", { body: exampleEncounterCreate() });
    expect(created.error).toBeUndefined();
    expect(created.data).toMatchObject({ external_id: "visit-2026-0001", status: "biller_received" });
    const id = created.data!.encounter_id!;

    const read = await candid.GET("/encounters/v4/{encounter_id}", {
      params: { path: { encounter_id: id } },
    });
    expect(read.data?.claims?.[0]?.status).toBe("biller_received");
    const list = await candid.GET("/encounters/v4", {
      params: { query: { patient_external_id: "pt-000482" } },
    });
    expect(list.data?.items?.map((e) => e.encounter_id)).toEqual([id]);
    expect(mock.data.events.at(-1)).toMatchObject({ event_type: "encounter.created", resource_id: id });
  });

  it("pages with page_token", async () => {
    const candid = setup().client();
    const first = await candid.GET("/payers/v3", { params: { query: { limit: 3 } } });
    expect(first.data?.items).toHaveLength(3);
    const second = await candid.GET("/payers/v3", {
      params: { query: { limit: 3, page_token: first.data!.page_token! } },
    });
    expect(second.data?.items?.map((p) => p.payer_name)).toEqual(["Blue Cross Blue Shield of Illinois"]);
    expect(second.data?.page_token).toBeNull();
  });

  it("returns Candid's error bodies: 404 EntityNotFoundError, 422 HttpRequestValidationsError", async () => {
    const candid = setup().client();
    const missing = await candid.GET("/encounters/v4/{encounter_id}", {
      params: { path: { encounter_id: "00000000-0000-4000-8000-000000000000" } },
    });
    expect(missing.response.status).toBe(404);
    expect(missing.error).toEqual({
      errorName: "EntityNotFoundError",
      content: { id: "00000000-0000-4000-8000-000000000000" },
    });
    const { diagnoses: _diagnoses, ...incomplete } = exampleEncounterCreate();
    const invalid = await candid.POST("/encounters/v4", { body: incomplete as never });
    expect(invalid.response.status).toBe(422);
    expect(invalid.error).toMatchObject({
      errorName: "HttpRequestValidationsError",
      content: [{ fieldName: "diagnoses" }],
    });
  });

  it("captures a charge and scans events", async () => {
    const candid = setup().client();
    const capture = await candid.POST("/charge_captures/v1", {
      body: { external_id: "cc-0001", status: "PLANNED", data: exampleEncounterCreate("visit-cc-0001") },
    });
    expect(capture.data?.charge_capture_id).toMatch(/^[0-9a-f-]{36}$/);
    const events = await candid.GET("/events/v1", { params: { query: { event_types: "remit.received" } } });
    expect(events.data?.items?.map((e) => e.event_type)).toEqual(["remit.received"]);
  });
});

describe("hosts and environments", () => {
  it("routes /pre-encounter calls to the pre-encounter host with the same token", async () => {
    const { client, mock } = setup();
    const candid = client();
    await candid.GET("/payers/v3");
    const { data } = await candid.POST(ELIGIBILITY, {
      params: { path: { coverage_id: EXAMPLE_COVERAGE_ID } },
      body: eligibilityBody,
    });
    expect(data).toMatchObject({ status: "COMPLETED", service_code: "30" });
    const [core, pre] = mock.apiRequests;
    expect(pre!.url).toBe(`${PRE}/coverages/v1/${EXAMPLE_COVERAGE_ID}/eligibility`);
    expect(pre!.headers.authorization).toBe(core!.headers.authorization);
    expect(mock.controls.stats.tokenRequests).toBe(1);
  });

  it.each([
    ["sandbox", "https://sandbox-api.joincandidhealth.com", "https://sandbox-pre-api.joincandidhealth.com"],
    ["staging", "https://api-staging.joincandidhealth.com", "https://pre-api-staging.joincandidhealth.com"],
  ] as const)(
    "uses the %s hosts for the token, the core API and pre-encounter",
    async (environment, core, pre) => {
      const { client, mock } = setup({ environment });
      const candid = client({ environment });
      await candid.GET("/events/v1");
      await candid.POST(ELIGIBILITY, {
        params: { path: { coverage_id: EXAMPLE_COVERAGE_ID } },
        body: eligibilityBody,
      });
      expect(mock.tokenRequests[0]!.url).toBe(`${core}/api/auth/v2/token`);
      expect(mock.apiRequests.map((r) => new URL(r.url).origin)).toEqual([core, pre]);
    },
  );

  it("keeps pre-encounter calls on a custom baseUrl (a mock server serves both)", async () => {
    const { client, mock } = setup({ baseUrl: "http://localhost:5050/api" });
    const candid = client({ baseUrl: mock.baseUrl, tokenUrl: mock.tokenUrl });
    const { data } = await candid.POST(ELIGIBILITY, {
      params: { path: { coverage_id: EXAMPLE_COVERAGE_ID } },
      body: eligibilityBody,
    });
    expect(data?.status).toBe("COMPLETED");
    expect(mock.apiRequests[0]!.url).toBe(
      `http://localhost:5050/api/pre-encounter/coverages/v1/${EXAMPLE_COVERAGE_ID}/eligibility`,
    );
  });
});

describe("token reuse and lifetime", () => {
  it("shares one token across client instances, so Candid's minting limit is never hit", async () => {
    const { client, mock } = setup({ tokenRateLimit: { limit: 1, windowSeconds: 60 } });
    for (let i = 0; i < 3; i++) {
      const { data } = await client().GET("/payers/v3");
      expect(data?.items).toHaveLength(4);
    }
    expect(mock.controls.stats.tokenRequests).toBe(1);

    // A client that does not share the cache (another process without a shared store) mints again: 429.
    const isolated = client({ tokenStore: new MemoryTokenStore(), maxRetries: 0 });
    const error = await isolated.GET("/payers/v3").catch((e: unknown) => e);
    expect(isTokenRequestError(error)).toBe(true);
    if (!isTokenRequestError(error)) return;
    expect(error.status).toBe(429);
    expect(error.code).toBe(ErrorCode.TokenRequestRateLimited);
    expect(error.oauthError).toBe("TooManyRequestsError");
    expect(error.message).toContain("Reuse access tokens until they expire");
  });

  it("shares the token through the default process-wide store", async () => {
    const { mock } = setup({
      credentials: { clientId: "default-store-test", clientSecret: "default-store-secret" },
    });
    const options = { ...mock.credentials };
    await createCandidClient(options).GET("/payers/v3");
    await createCandidClient(options).GET("/events/v1");
    expect(mock.controls.stats.tokenRequests).toBe(1);
  });

  it("makes one token request for many concurrent cold calls on both hosts (single flight)", async () => {
    const { client, mock } = setup();
    const candid = client();
    const calls = Array.from({ length: 30 }, (_, i) =>
      i % 3 === 0
        ? candid.POST(ELIGIBILITY, {
            params: { path: { coverage_id: EXAMPLE_COVERAGE_ID } },
            body: eligibilityBody,
          })
        : candid.GET("/payers/v3"),
    );
    const results = await Promise.all(calls);
    expect(results.every((r) => r.response.status === 200)).toBe(true);
    expect(mock.controls.stats.tokenRequests).toBe(1);
  });

  it("caps the lifetime at the documented 5 hours even when expires_in says 86400", async () => {
    const { client, mock, clock, events } = setup({ tokenLifetimeSeconds: 86_400 });
    const candid = client();
    await candid.GET("/payers/v3");
    expect(events.find((e) => e.type === "token.obtained")).toMatchObject({
      lifetimeSource: "preset-max",
      lifetimeMs: 18_000_000,
    });

    await clock.advance(4 * 3600_000); // 4 h: still the first token
    await candid.GET("/payers/v3");
    expect(mock.controls.stats.tokenRequests).toBe(1);

    await clock.advance(3600_000 + 1_000); // 5 h and 1 s: past the cap, though Candid said 24 h
    await candid.GET("/payers/v3");
    expect(mock.controls.stats.tokenRequests).toBe(2);
    expect(mock.controls.stats.unauthorized).toBe(0);
  });

  it("uses expires_in when it is shorter than the cap", async () => {
    const { client, events } = setup({ tokenLifetimeSeconds: 3600 });
    await client().GET("/payers/v3");
    expect(events.find((e) => e.type === "token.obtained")).toMatchObject({ lifetimeMs: 3_600_000 });
  });
});

describe("options", () => {
  const valid = { clientId: "id", clientSecret: "secret" };

  it.each([
    ["clientId", { ...valid, clientId: undefined }],
    ["clientSecret", { ...valid, clientSecret: "" }],
    ["clientSecret", { ...valid, clientSecret: "line\n" }],
    ["environment", { ...valid, environment: "prod" }],
    ["client_id", { ...valid, client_id: "snake" }],
    ["tokenUrl", { ...valid, tokenUrl: "http://api.joincandidhealth.com/api/auth/v2/token" }],
  ])("throws AuthConfigError naming %s", (option, options) => {
    let thrown: unknown;
    try {
      createCandidClient(options as unknown as CandidClientOptions);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AuthConfigError);
    expect(isAuthConfigError(thrown) && thrown.option).toBe(option);
    expect(String(thrown)).toContain(option);
  });
});
