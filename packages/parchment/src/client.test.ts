import { inspect } from "node:util";
import { type AuthEvent, MemoryTokenStore } from "@caduceus/auth-core";
import { createFakeClock } from "@caduceus/auth-core/testing";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  AuthConfigError,
  createParchmentClient,
  ErrorCode,
  isTokenRequestError,
  PARCHMENT_SCOPES,
  type ParchmentClientOptions,
  TokenRequestError,
} from "./index.js";
import { createParchmentMock, type ParchmentMockOptions, parchmentError } from "./testing/index.js";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function setup(options: ParchmentMockOptions = {}) {
  const clock = createFakeClock();
  const mock = createParchmentMock({ clock, ...options });
  server.use(...mock.handlers);
  const tokenStore = new MemoryTokenStore();
  const events: AuthEvent[] = [];
  const make = (overrides: Partial<ParchmentClientOptions> = {}) =>
    createParchmentClient({
      ...mock.credentials,
      clock,
      tokenStore,
      onEvent: (event) => events.push(event),
      ...overrides,
    });
  const org = mock.credentials.organizationId;
  const user = mock.credentials.userId;
  return { clock, mock, make, events, org, user, ids: mock.ids };
}

const validatePath = "/v1/organizations/{organization_id}/validate" as const;

/**
 * Lets `promise` settle while the client sleeps on the fake clock: yields real time for the mock to
 * answer, and moves the clock only when a timer (a back-off sleep) is pending.
 */
async function settle<T>(clock: ReturnType<typeof createFakeClock>, promise: Promise<T>): Promise<T> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; i < 500 && !done; i++) {
    if (clock.pendingTimers > 0) await clock.advance(1_000);
    else await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return promise;
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("token exchange", () => {
  it("sends the five x-* headers and a camelCase JSON body, exactly as Parchment documents", async () => {
    const { mock, make, org } = setup();
    const client = make({ scope: ["read:patient_prescription", "create:patient"] });
    const { data, error } = await client.GET(validatePath, { params: { path: { organization_id: org } } });
    expect(error).toBeUndefined();
    expect(data?.data?.validated).toBe(true);

    expect(mock.tokenRequests).toHaveLength(1);
    const [sent] = mock.tokenRequests;
    expect(sent?.headers).toMatchObject({
      "x-partner-id": mock.credentials.partnerId,
      "x-partner-secret": mock.credentials.partnerSecret,
      "x-organization-id": org,
      "x-organization-secret": mock.credentials.organizationSecret,
      "x-user-id": mock.credentials.userId,
      "content-type": "application/json",
    });
    expect(sent?.headers.authorization).toBeUndefined();
    expect(sent?.fields).toStrictEqual({
      grantType: "client_credentials",
      scope: ["read:patient_prescription", "create:patient"],
    });
  });

  it("adds only Authorization and x-organization-secret to API calls", async () => {
    const { mock, make, org } = setup();
    await make().GET(validatePath, { params: { path: { organization_id: org } } });
    const [call] = mock.apiRequests;
    expect(call?.headers.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.mock1$/);
    expect(call?.headers["x-organization-secret"]).toBe(mock.credentials.organizationSecret);
    for (const name of ["x-partner-id", "x-partner-secret", "x-organization-id", "x-user-id"]) {
      expect(call?.headers[name]).toBeUndefined();
    }
  });

  it("never forwards the token or x-organization-secret to another host after a redirect", async () => {
    const { mock, make, org } = setup();
    let forwarded: Record<string, string> | undefined;
    server.use(
      http.get(`${mock.baseUrl}/v1/organizations/:org/validate`, () =>
        HttpResponse.json({}, { status: 307, headers: { location: "https://collector.example.test/grab" } }),
      ),
      http.get("https://collector.example.test/grab", ({ request }) => {
        forwarded = Object.fromEntries(request.headers);
        return HttpResponse.json({ ok: true });
      }),
    );
    await make().GET(validatePath, { params: { path: { organization_id: org } } });
    expect(forwarded).toBeDefined();
    expect(forwarded?.authorization).toBeUndefined();
    expect(forwarded?.["x-organization-secret"]).toBeUndefined();
  });

  it("defaults to production and serves sandbox when asked", async () => {
    const production = setup();
    await production.make().GET(validatePath, { params: { path: { organization_id: production.org } } });
    expect(production.mock.baseUrl).toBe("https://api.parchmenthealth.io/external");
    expect(production.mock.apiRequests).toHaveLength(1);

    server.resetHandlers();
    const sandbox = setup({ environment: "sandbox" });
    const client = sandbox.make({ environment: "sandbox" });
    const { data } = await client.GET(validatePath, { params: { path: { organization_id: sandbox.org } } });
    expect(data?.success).toBe(true);
    expect(sandbox.mock.tokenUrl).toBe("https://api.sandbox.parchmenthealth.io/external/v1/token");
    expect(sandbox.mock.tokenRequests).toHaveLength(1);
  });
});

describe("URLs and runtime", () => {
  it("derives the token URL from a custom baseUrl, so secrets follow the API", async () => {
    const baseUrl = "https://parchment-proxy.internal.test/external";
    const { mock, make, org } = setup({ baseUrl });
    const { data } = await make({ baseUrl }).GET(validatePath, {
      params: { path: { organization_id: org } },
    });
    expect(data?.success).toBe(true);
    expect(mock.tokenUrl).toBe(`${baseUrl}/v1/token`);
    expect(mock.tokenRequests).toHaveLength(1);
  });

  it("uses an explicit tokenUrl as given", async () => {
    const tokenUrl = "https://auth.internal.test/parchment/token";
    const { mock, make, org } = setup({ tokenUrl });
    await make({ tokenUrl }).GET(validatePath, { params: { path: { organization_id: org } } });
    expect(mock.tokenRequests).toHaveLength(1);
  });

  it("refuses to start in a browser: Parchment is server-to-server only", () => {
    const { mock } = setup();
    vi.stubGlobal("window", {});
    vi.stubGlobal("document", {});
    vi.stubGlobal("process", { versions: {} });
    let error: unknown;
    let allowed: unknown;
    try {
      createParchmentClient({ ...mock.credentials });
    } catch (e) {
      error = e;
    }
    try {
      allowed = createParchmentClient({ ...mock.credentials, dangerouslyAllowBrowser: true });
    } finally {
      vi.unstubAllGlobals();
    }
    expect(error).toBeInstanceOf(AuthConfigError);
    expect((error as AuthConfigError).option).toBe("dangerouslyAllowBrowser");
    expect(allowed).toBeDefined();
  });
});

describe("operations", () => {
  it("lists a patient's prescriptions and reads one by SCID", async () => {
    const { make, org, user, ids } = setup();
    const client = make();
    const path = { organization_id: org, user_id: user, patient_id: ids.patientId };
    const list = await client.GET(
      "/v1/organizations/{organization_id}/users/{user_id}/patients/{patient_id}/prescriptions",
      { params: { path, query: { limit: 10 } } },
    );
    expect(list.data?.data?.prescriptions.map((p) => p.scid)).toEqual([ids.scid, "2F3WFX8B8K66686MVA"]);
    expect(list.data?.pagination?.lastKey).toBeNull();

    const one = await client.GET(
      "/v1/organizations/{organization_id}/users/{user_id}/patients/{patient_id}/prescriptions/{scid}",
      { params: { path: { ...path, scid: ids.scid } } },
    );
    expect(one.data?.data?.prescription.status).toBe("Active");
    expect(one.data?.data?.patient.partner_patient_id).toBe(ids.partnerPatientId);
  });

  it("creates a patient (request body) and updates it", async () => {
    const { make, org, user } = setup();
    const client = make();
    const created = await client.POST("/v1/organizations/{organization_id}/users/{user_id}/patients", {
      params: { path: { organization_id: org, user_id: user } },
      body: {
        given_name: "Jane",
        family_name: "Citizen",
        date_of_birth: "1985-03-15",
        sex: "F",
        partner_patient_id: "CLINIC#42",
      },
    });
    expect(created.response.status).toBe(201);
    const patientId = created.data?.data?.parchment_patient_id;
    expect(patientId).toMatch(/^pat_mock_/);
    expect(created.data?.data?.external_patient_id).toBe("CLINIC#42");

    const duplicate = await client.POST("/v1/organizations/{organization_id}/users/{user_id}/patients", {
      params: { path: { organization_id: org, user_id: user } },
      body: {
        given_name: "Jane",
        family_name: "Citizen",
        date_of_birth: "1985-03-15",
        sex: "F",
        partner_patient_id: "CLINIC#42",
      },
    });
    expect(duplicate.response.status).toBe(409);
    expect(duplicate.error?.error.type).toBe("https://parchment.health/errors/partner-patient-id-conflict");

    const updated = await client.PUT(
      "/v1/organizations/{organization_id}/users/{user_id}/patients/{patient_id}",
      {
        params: { path: { organization_id: org, user_id: user, patient_id: patientId! } },
        body: { family_name: "Smith", phone: "0412345678" },
      },
    );
    expect(updated.data?.data).toMatchObject({ patient_id: patientId, family_name: "Smith" });
  });

  it("lists users with cursor paging and creates a custom drug", async () => {
    const { make, org, user } = setup();
    const client = make();
    const first = await client.GET("/v1/organizations/{organization_id}/users", {
      params: { path: { organization_id: org }, query: { limit: 1 } },
    });
    expect(first.data?.data?.users).toHaveLength(1);
    const lastKey = first.data?.data?.pagination?.lastKey;
    expect(lastKey).toBe(user);
    const second = await client.GET("/v1/organizations/{organization_id}/users", {
      params: { path: { organization_id: org }, query: { limit: 1, lastKey: lastKey! } },
    });
    expect(second.data?.data?.users[0]?.full_name).toBe("Sam Lee");
    expect(second.data?.data?.pagination?.lastKey).toBeNull();

    const drug = await client.POST("/v1/organizations/{organization_id}/users/{user_id}/custom-drugs", {
      params: { path: { organization_id: org, user_id: user } },
      body: {
        item_generic_name: "Magic mouthwash",
        item_strength: "n/a",
        item_form: "mouthwash",
        route_of_administration: "Oral",
        quantity: "200",
        max_repeats: "0",
        poison_class: "S4",
      },
    });
    expect(drug.response.status).toBe(201);
    expect(drug.data?.data?.custom_drug_id).toMatch(/^cd_mock_/);
  });

  it("returns a 403 insufficient-scope envelope without replaying it", async () => {
    const { mock, make, org, user } = setup();
    const client = make({ scope: ["read:users"] });
    const { error, response } = await client.GET("/v1/organizations/{organization_id}/users/{user_id}", {
      params: { path: { organization_id: org, user_id: user } },
    });
    expect(response.status).toBe(403);
    expect(error?.error.detail).toBe("This operation requires the 'read:user' scope");
    expect(mock.controls.stats.tokenRequests).toBe(1);
  });
});

describe("token lifecycle", () => {
  it("reuses one token across two clients with the same credentials", async () => {
    const { mock, make, org } = setup();
    const a = make();
    const b = make();
    await a.GET(validatePath, { params: { path: { organization_id: org } } });
    await b.GET(validatePath, { params: { path: { organization_id: org } } });
    expect(mock.controls.stats.tokenRequests).toBe(1);
    expect(mock.apiRequests[0]?.headers.authorization).toBe(mock.apiRequests[1]?.headers.authorization);
  });

  it("sends one token request for many concurrent cold calls (single flight)", async () => {
    const { mock, make, org } = setup();
    const client = make();
    const results = await Promise.all(
      Array.from({ length: 25 }, () =>
        client.GET(validatePath, { params: { path: { organization_id: org } } }),
      ),
    );
    expect(results.every((r) => r.data?.data?.validated === true)).toBe(true);
    expect(mock.controls.stats.tokenRequests).toBe(1);
    expect(mock.controls.stats.apiRequests).toBe(25);
  });

  it("refreshes after the token's lifetime on the fake clock", async () => {
    const { mock, make, org, clock } = setup({ tokenLifetimeSeconds: 600 });
    const client = make();
    const call = () => client.GET(validatePath, { params: { path: { organization_id: org } } });
    await call();
    await clock.advance(601_000);
    const { data } = await call();
    expect(data?.success).toBe(true);
    expect(mock.controls.stats.tokenRequests).toBe(2);
    expect(mock.controls.stats.unauthorized).toBe(0); // refreshed before, not after, a 401
  });

  it("caps a 6-hour expiresIn at the documented one hour", async () => {
    const { mock, make, org, clock, events } = setup({ tokenLifetimeSeconds: 6 * 3600 });
    const client = make();
    const call = () => client.GET(validatePath, { params: { path: { organization_id: org } } });
    await call();
    const obtained = events.find((e) => e.type === "token.obtained");
    expect(obtained).toMatchObject({ lifetimeMs: 3_600_000, lifetimeSource: "preset-max" });
    await clock.advance(3000_000);
    await call();
    expect(mock.controls.stats.tokenRequests).toBe(1);
    await clock.advance(601_000);
    await call();
    expect(mock.controls.stats.tokenRequests).toBe(2);
  });

  it("replays a 401 once with a new token, same method, URL and body", async () => {
    const { mock, make, org, user } = setup();
    const seen: Array<{ method: string; url: string; body: string }> = [];
    const client = make({
      fetch: async (input, init) => {
        const request = new Request(input, init);
        if (!request.url.endsWith("/v1/token"))
          seen.push({ method: request.method, url: request.url, body: await request.clone().text() });
        return fetch(request);
      },
    });
    await client.GET(validatePath, { params: { path: { organization_id: org } } });
    mock.issuer.revokeAll();
    const { data, response } = await client.POST(
      "/v1/organizations/{organization_id}/users/{user_id}/patients",
      {
        params: { path: { organization_id: org, user_id: user } },
        body: {
          given_name: "Ada",
          family_name: "Lovelace",
          date_of_birth: "1815-12-10",
          sex: "F",
          partner_patient_id: "CLINIC#1815",
        },
      },
    );
    expect(response.status).toBe(201);
    expect(data?.data?.external_patient_id).toBe("CLINIC#1815");
    expect(mock.controls.stats.tokenRequests).toBe(2);
    const posts = seen.filter((r) => r.method === "POST");
    expect(posts).toHaveLength(2);
    expect(posts[1]).toStrictEqual(posts[0]);
    expect(JSON.parse(posts[0]!.body)).toMatchObject({ partner_patient_id: "CLINIC#1815" });
  });

  it("returns a second 401 to the caller", async () => {
    const { mock, make, org } = setup();
    server.use(
      http.get(`${mock.baseUrl}/v1/organizations/:org/validate`, () =>
        HttpResponse.json(parchmentError(401, "authentication-required", "Unauthorized", "invalid token"), {
          status: 401,
        }),
      ),
    );
    const { error, response } = await make().GET(validatePath, {
      params: { path: { organization_id: org } },
    });
    expect(response.status).toBe(401);
    expect(error?.error.detail).toBe("invalid token");
    expect(mock.controls.stats.tokenRequests).toBe(2);
  });

  it("retries a 503 from the token endpoint, then succeeds", async () => {
    const { mock, make, org, clock } = setup();
    mock.controls.failTokenRequests(1, {
      status: 503,
      body: parchmentError(503, "internal-error", "Service unavailable", "Try again"),
    });
    // timeoutMs 0: no deadline timer, so the only timer on the fake clock is the back-off sleep.
    const pending = make({ timeoutMs: 0 }).GET(validatePath, { params: { path: { organization_id: org } } });
    const { data } = await settle(clock, pending);
    expect(data?.data?.validated).toBe(true);
    expect(mock.controls.stats.tokenRequests).toBe(2);
  });
});

describe("one token per organisation, user and scope set", () => {
  it("gives two users two tokens, and each call carries its own user's token", async () => {
    const { mock, make, org, user, ids } = setup();
    const prescriber = make();
    const receptionist = make({ userId: ids.secondUserId });
    await Promise.all([
      prescriber.GET(validatePath, { params: { path: { organization_id: org } } }),
      receptionist.GET(validatePath, { params: { path: { organization_id: org } } }),
      prescriber.GET("/v1/organizations/{organization_id}/users", {
        params: { path: { organization_id: org } },
      }),
      receptionist.GET("/v1/organizations/{organization_id}/users", {
        params: { path: { organization_id: org } },
      }),
    ]);
    expect(mock.tokenRequests.map((r) => r.headers["x-user-id"]).sort()).toEqual(
      [user, ids.secondUserId].sort(),
    );
    expect(mock.apiRequests).toHaveLength(4);
    const tokenOf = new Map<string, Set<string>>();
    for (const call of mock.apiRequests) {
      // The mock's tokens are issued to `{organizationId}/{userId}`.
      expect(call.subject).toBeDefined();
      const set = tokenOf.get(call.subject!) ?? new Set();
      set.add(call.headers.authorization!);
      tokenOf.set(call.subject!, set);
    }
    const [prescriberTokens, receptionistTokens] = [user, ids.secondUserId].map((id) =>
      tokenOf.get(`${org}/${id}`),
    );
    expect(prescriberTokens?.size).toBe(1);
    expect(receptionistTokens?.size).toBe(1);
    expect([...prescriberTokens!][0]).not.toBe([...receptionistTokens!][0]);
  });

  it("gives another scope set another token, whatever the order of the scopes", async () => {
    const { mock, make, org } = setup();
    const call = (scope: ParchmentClientOptions["scope"]) =>
      make({ scope }).GET(validatePath, { params: { path: { organization_id: org } } });
    await call(["read:patient", "read:users"]);
    await call(["read:users", "read:patient"]);
    expect(mock.controls.stats.tokenRequests).toBe(1);
    await call(["read:users"]);
    expect(mock.controls.stats.tokenRequests).toBe(2);
    expect(mock.tokenRequests[1]?.fields).toStrictEqual({
      grantType: "client_credentials",
      scope: ["read:users"],
    });
  });

  it("never shares a token with a client that has a wrong organisation secret", async () => {
    const { mock, make, org } = setup();
    await make().GET(validatePath, { params: { path: { organization_id: org } } });
    const impostor = make({ organizationSecret: "not-the-org-secret" });
    const error = await caught(impostor.GET(validatePath, { params: { path: { organization_id: org } } }));
    expect(isTokenRequestError(error)).toBe(true);
    expect(mock.controls.stats.tokenRequests).toBe(2);
    expect(mock.controls.stats.apiRequests).toBe(1);
  });
});

describe("errors", () => {
  it("turns a 4xx envelope into a TokenRequestError with Parchment's title, detail and request id", async () => {
    const { mock, make, org } = setup();
    const client = make({ partnerSecret: "wrong-partner-secret-value" });
    const error = await caught(client.GET(validatePath, { params: { path: { organization_id: org } } }));
    expect(error).toBeInstanceOf(TokenRequestError);
    const e = error as TokenRequestError;
    expect(e.code).toBe(ErrorCode.TokenRequestFailed);
    expect(e.status).toBe(401);
    expect(e.oauthError).toBe("https://parchment.health/errors/authentication-required");
    expect(e.errorDescription).toBe("Unauthorized: Invalid partner credentials provided.");
    expect(e.requestId).toMatch(/^req_\d+_\w+$/);
    expect(e.retryable).toBe(false);
    expect(e.message).toContain("https://api.parchmenthealth.io/external/v1/token");
    expect(mock.controls.stats.tokenRequests).toBe(1);
    const everything = [e.message, String(e), JSON.stringify(e), inspect(e, { depth: 5 })].join("\n");
    expect(everything).not.toContain("wrong-partner-secret-value");
    expect(everything).not.toContain(mock.credentials.organizationSecret);
  });

  it("treats success:false inside HTTP 200 as a TokenRequestError", async () => {
    const { mock, make, org } = setup();
    mock.controls.failTokenRequests(1, {
      status: 200,
      body: {
        ...parchmentError(
          403,
          "forbidden",
          "Forbidden",
          "Partner integration is disabled for this organization",
        ),
        requestId: "req_1767225600000_abc123",
      },
    });
    const error = await caught(make().GET(validatePath, { params: { path: { organization_id: org } } }));
    expect(isTokenRequestError(error)).toBe(true);
    const e = error as TokenRequestError;
    expect(e.status).toBe(403);
    expect(e.oauthError).toBe("https://parchment.health/errors/forbidden");
    expect(e.errorDescription).toBe("Forbidden: Partner integration is disabled for this organization");
    expect(e.requestId).toBe("req_1767225600000_abc123");
    expect(e.message).toContain("success is not true");
    expect(mock.controls.stats.apiRequests).toBe(0);
  });

  it("never puts the access token or the organisation secret into an error", async () => {
    const { mock, make, org } = setup();
    let token = "";
    const client = make({
      fetch: async (input, init) => {
        const request = new Request(input, init);
        if (request.url.endsWith("/v1/token")) return fetch(request);
        token = request.headers.get("authorization")!.slice(7);
        const secret = request.headers.get("x-organization-secret");
        throw new TypeError(`socket hang up while sending Bearer ${token} and ${secret}`);
      },
    });
    const error = await caught(client.GET(validatePath, { params: { path: { organization_id: org } } }));
    expect(token.length).toBeGreaterThan(20);
    const text = [String(error), JSON.stringify(error), inspect(error, { depth: 5 })].join("\n");
    expect(text).toContain("socket hang up");
    expect(text).not.toContain(token);
    expect(text).not.toContain(mock.credentials.organizationSecret);
  });
});

describe("options", () => {
  const base = createParchmentMock().credentials;
  const required = ["partnerId", "partnerSecret", "organizationId", "organizationSecret", "userId", "scope"];

  it.each(required)("rejects a missing %s with an AuthConfigError naming it", (name) => {
    const options = { ...base } as Record<string, unknown>;
    delete options[name];
    expect(() => createParchmentClient(options as unknown as ParchmentClientOptions)).toThrowError(
      expect.objectContaining({ name: "AuthConfigError", option: name }),
    );
  });

  it.each([
    ["an empty scope list", { scope: [] }, "scope"],
    ["an undocumented scope", { scope: ["read:patient", "remove:patient"] }, "scope[1]"],
    ["an empty partnerId", { partnerId: " " }, "partnerId"],
    ["a userId with a newline", { userId: "usr_1\n" }, "userId"],
    ["an unknown environment", { environment: "dev" }, "environment"],
    ["a plain-http baseUrl", { baseUrl: "http://api.parchmenthealth.io/external" }, "baseUrl"],
    ["a misspelt option", { organisationId: "x" }, "organisationId"],
  ])("rejects %s", (_what, overrides, option) => {
    const error = (() => {
      try {
        createParchmentClient({ ...base, ...overrides } as unknown as ParchmentClientOptions);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AuthConfigError);
    expect((error as AuthConfigError).option).toBe(option);
    expect(String(error)).not.toContain(base.partnerSecret);
  });

  it("accepts every documented scope", () => {
    expect(() => createParchmentClient({ ...base, scope: [...PARCHMENT_SCOPES] })).not.toThrow();
  });
});
