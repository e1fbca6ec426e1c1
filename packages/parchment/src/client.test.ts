import {
  describeVendorClient,
  expectReuseThenRefresh,
  expectTokenRequest,
  expectTokenRequestError,
  itRejectsOptions,
  rejection,
} from "@caduceus/test-kit";
import { HttpResponse, http } from "msw";
import { describe, expect, it, vi } from "vitest";
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

const newPatient = {
  given_name: "Ada",
  family_name: "Lovelace",
  date_of_birth: "1815-12-10",
  sex: "F",
  partner_patient_id: "CLINIC#1815",
} as const;

const kit = describeVendorClient({
  vendor: "Parchment",
  createMock: createParchmentMock,
  createClient: createParchmentClient,
  read: (client, { credentials }) =>
    client.GET("/v1/organizations/{organization_id}/validate", {
      params: { path: { organization_id: credentials.organizationId } },
    }),
  write: (client, { credentials }) =>
    client.POST("/v1/organizations/{organization_id}/users/{user_id}/patients", {
      params: { path: { organization_id: credentials.organizationId, user_id: credentials.userId } },
      body: newPatient,
    }),
  wrongCredentials: { partnerSecret: "definitely-not-the-partner-secret-77aa" },
  secrets: (mock) => [mock.credentials.partnerSecret, mock.credentials.organizationSecret],
});
const { server } = kit;

/** The kit's setup, with the mock's organisation, user and fixture ids at hand. */
function setup(options?: ParchmentMockOptions) {
  const rig = kit.setup(options);
  const { organizationId: org, userId: user } = rig.mock.credentials;
  return { ...rig, org, user, ids: rig.mock.ids };
}

const validatePath = "/v1/organizations/{organization_id}/validate" as const;

describe("token exchange", () => {
  it("sends the five x-* headers and a camelCase JSON body, exactly as Parchment documents", async () => {
    const { mock, client, org } = setup();
    const parchment = client({ scope: ["read:patient_prescription", "create:patient"] });
    const { data, error } = await parchment.GET(validatePath, { params: { path: { organization_id: org } } });
    expect(error).toBeUndefined();
    expect(data?.data?.validated).toBe(true);

    const sent = expectTokenRequest(mock, {
      url: mock.tokenUrl,
      contentType: "application/json",
      fields: { grantType: "client_credentials", scope: ["read:patient_prescription", "create:patient"] },
    });
    expect(sent.headers).toMatchObject({
      "x-partner-id": mock.credentials.partnerId,
      "x-partner-secret": mock.credentials.partnerSecret,
      "x-organization-id": org,
      "x-organization-secret": mock.credentials.organizationSecret,
      "x-user-id": mock.credentials.userId,
    });
  });

  it("adds only Authorization and x-organization-secret to API calls", async () => {
    const { mock, client, org } = setup();
    await client().GET(validatePath, { params: { path: { organization_id: org } } });
    const [call] = mock.apiRequests;
    expect(call?.headers.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.mock1$/);
    expect(call?.headers["x-organization-secret"]).toBe(mock.credentials.organizationSecret);
    for (const name of ["x-partner-id", "x-partner-secret", "x-organization-id", "x-user-id"]) {
      expect(call?.headers[name]).toBeUndefined();
    }
  });

  it("never forwards the token or x-organization-secret to another host after a redirect", async () => {
    const { mock, client, org } = setup();
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
    await client().GET(validatePath, { params: { path: { organization_id: org } } });
    expect(forwarded).toBeDefined();
    expect(forwarded?.authorization).toBeUndefined();
    expect(forwarded?.["x-organization-secret"]).toBeUndefined();
  });

  it("defaults to production and serves sandbox when asked", async () => {
    const production = setup();
    await production.client().GET(validatePath, { params: { path: { organization_id: production.org } } });
    expect(production.mock.baseUrl).toBe("https://api.parchmenthealth.io/external");
    expect(production.mock.apiRequests).toHaveLength(1);

    server.resetHandlers();
    const sandbox = setup({ environment: "sandbox" });
    const parchment = sandbox.client({ environment: "sandbox" });
    const { data } = await parchment.GET(validatePath, {
      params: { path: { organization_id: sandbox.org } },
    });
    expect(data?.success).toBe(true);
    expect(sandbox.mock.tokenUrl).toBe("https://api.sandbox.parchmenthealth.io/external/v1/token");
    expect(sandbox.mock.tokenRequests).toHaveLength(1);
  });
});

describe("URLs and runtime", () => {
  it("derives the token URL from a custom baseUrl, so secrets follow the API", async () => {
    const baseUrl = "https://parchment-proxy.internal.test/external";
    const { mock, client, org } = setup({ baseUrl });
    const { data } = await client({ baseUrl }).GET(validatePath, {
      params: { path: { organization_id: org } },
    });
    expect(data?.success).toBe(true);
    expect(mock.tokenUrl).toBe(`${baseUrl}/v1/token`);
    expect(mock.tokenRequests).toHaveLength(1);
  });

  it("uses an explicit tokenUrl as given", async () => {
    const tokenUrl = "https://auth.internal.test/parchment/token";
    const { mock, client, org } = setup({ tokenUrl });
    await client({ tokenUrl }).GET(validatePath, { params: { path: { organization_id: org } } });
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
    const { client, org, user, ids } = setup();
    const parchment = client();
    const path = { organization_id: org, user_id: user, patient_id: ids.patientId };
    const list = await parchment.GET(
      "/v1/organizations/{organization_id}/users/{user_id}/patients/{patient_id}/prescriptions",
      { params: { path, query: { limit: 10 } } },
    );
    expect(list.data?.data?.prescriptions.map((p) => p.scid)).toEqual([ids.scid, "2F3WFX8B8K66686MVA"]);
    expect(list.data?.pagination?.lastKey).toBeNull();

    const one = await parchment.GET(
      "/v1/organizations/{organization_id}/users/{user_id}/patients/{patient_id}/prescriptions/{scid}",
      { params: { path: { ...path, scid: ids.scid } } },
    );
    expect(one.data?.data?.prescription.status).toBe("Active");
    expect(one.data?.data?.patient.partner_patient_id).toBe(ids.partnerPatientId);
  });

  it("creates a patient (request body) and updates it", async () => {
    const { client, org, user } = setup();
    const parchment = client();
    const create = () =>
      parchment.POST("/v1/organizations/{organization_id}/users/{user_id}/patients", {
        params: { path: { organization_id: org, user_id: user } },
        body: newPatient,
      });
    const created = await create();
    expect(created.response.status).toBe(201);
    const patientId = created.data?.data?.parchment_patient_id;
    expect(patientId).toMatch(/^pat_mock_/);
    expect(created.data?.data?.external_patient_id).toBe(newPatient.partner_patient_id);

    const duplicate = await create(); // the same partner_patient_id again
    expect(duplicate.response.status).toBe(409);
    expect(duplicate.error?.error.type).toBe("https://parchment.health/errors/partner-patient-id-conflict");

    const updated = await parchment.PUT(
      "/v1/organizations/{organization_id}/users/{user_id}/patients/{patient_id}",
      {
        params: { path: { organization_id: org, user_id: user, patient_id: patientId! } },
        body: { family_name: "Smith", phone: "0412345678" },
      },
    );
    expect(updated.data?.data).toMatchObject({ patient_id: patientId, family_name: "Smith" });
  });

  it("lists users with cursor paging and creates a custom drug", async () => {
    const { client, org, user } = setup();
    const parchment = client();
    const first = await parchment.GET("/v1/organizations/{organization_id}/users", {
      params: { path: { organization_id: org }, query: { limit: 1 } },
    });
    expect(first.data?.data?.users).toHaveLength(1);
    const lastKey = first.data?.data?.pagination?.lastKey;
    expect(lastKey).toBe(user);
    const second = await parchment.GET("/v1/organizations/{organization_id}/users", {
      params: { path: { organization_id: org }, query: { limit: 1, lastKey: lastKey! } },
    });
    expect(second.data?.data?.users[0]?.full_name).toBe("Sam Lee");
    expect(second.data?.data?.pagination?.lastKey).toBeNull();

    const drug = await parchment.POST("/v1/organizations/{organization_id}/users/{user_id}/custom-drugs", {
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
    const { mock, client, org, user } = setup();
    const parchment = client({ scope: ["read:users"] });
    const { error, response } = await parchment.GET("/v1/organizations/{organization_id}/users/{user_id}", {
      params: { path: { organization_id: org, user_id: user } },
    });
    expect(response.status).toBe(403);
    expect(error?.error.detail).toBe("This operation requires the 'read:user' scope");
    expect(mock.controls.stats.tokenRequests).toBe(1);
  });
});

describe("token lifecycle", () => {
  it("refreshes after the token's lifetime on the fake clock", async () => {
    const { mock, client, org, clock } = setup({ tokenLifetimeSeconds: 600 });
    const parchment = client();
    const call = () => parchment.GET(validatePath, { params: { path: { organization_id: org } } });
    await call();
    await clock.advance(601_000);
    const { data } = await call();
    expect(data?.success).toBe(true);
    expect(mock.controls.stats.tokenRequests).toBe(2);
    expect(mock.controls.stats.unauthorized).toBe(0); // refreshed before, not after, a 401
  });

  it("caps a 6-hour expiresIn at the documented one hour", async () => {
    const { mock, client, org, clock, events } = setup({ tokenLifetimeSeconds: 6 * 3600 });
    const parchment = client();
    const call = () => parchment.GET(validatePath, { params: { path: { organization_id: org } } });
    await expectReuseThenRefresh({ mock, clock }, call, {
      reusedAfterMs: 3000_000,
      refreshedAfterMs: 601_000,
    });
    const obtained = events.find((e) => e.type === "token.obtained");
    expect(obtained).toMatchObject({ lifetimeMs: 3_600_000, lifetimeSource: "preset-max" });
  });
});

describe("one token per organisation, user and scope set", () => {
  it("gives two users two tokens, and each call carries its own user's token", async () => {
    const { mock, client, org, user, ids } = setup();
    const prescriber = client();
    const receptionist = client({ userId: ids.secondUserId });
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
    const { mock, client, org } = setup();
    const call = (scope: ParchmentClientOptions["scope"]) =>
      client({ scope }).GET(validatePath, { params: { path: { organization_id: org } } });
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
    const { mock, client, org } = setup();
    await client().GET(validatePath, { params: { path: { organization_id: org } } });
    const impostor = client({ organizationSecret: "not-the-org-secret" });
    const error = await rejection(impostor.GET(validatePath, { params: { path: { organization_id: org } } }));
    expect(isTokenRequestError(error)).toBe(true);
    expect(mock.controls.stats.tokenRequests).toBe(2);
    expect(mock.controls.stats.apiRequests).toBe(1);
  });
});

describe("errors", () => {
  it("turns a 4xx envelope into a TokenRequestError with Parchment's title, detail and request id", async () => {
    const { mock, client, org } = setup();
    const parchment = client({ partnerSecret: "wrong-partner-secret-value" });
    const error = await expectTokenRequestError(
      parchment.GET(validatePath, { params: { path: { organization_id: org } } }),
      {
        code: ErrorCode.TokenRequestFailed,
        status: 401,
        oauthError: "https://parchment.health/errors/authentication-required",
        errorDescription: "Unauthorized: Invalid partner credentials provided.",
        requestId: expect.stringMatching(/^req_\d+_\w+$/),
        retryable: false,
        message: expect.stringContaining("https://api.parchmenthealth.io/external/v1/token"),
      },
      ["wrong-partner-secret-value", mock.credentials.organizationSecret],
    );
    expect(error).toBeInstanceOf(TokenRequestError);
    expect(mock.controls.stats.tokenRequests).toBe(1);
  });

  it("treats success:false inside HTTP 200 as a TokenRequestError", async () => {
    const { mock, client, org } = setup();
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
    const error = await rejection(client().GET(validatePath, { params: { path: { organization_id: org } } }));
    expect(isTokenRequestError(error)).toBe(true);
    const e = error as TokenRequestError;
    expect(e.status).toBe(403);
    expect(e.oauthError).toBe("https://parchment.health/errors/forbidden");
    expect(e.errorDescription).toBe("Forbidden: Partner integration is disabled for this organization");
    expect(e.requestId).toBe("req_1767225600000_abc123");
    expect(e.message).toContain("success is not true");
    expect(mock.controls.stats.apiRequests).toBe(0);
  });
});

describe("options", () => {
  const base = createParchmentMock().credentials;

  itRejectsOptions({
    create: createParchmentClient,
    valid: base,
    required: ["partnerId", "partnerSecret", "organizationId", "organizationSecret", "userId", "scope"],
    invalid: [
      ["an empty scope list", { scope: [] }, "scope"],
      ["an undocumented scope", { scope: ["read:patient", "remove:patient"] }, "scope[1]"],
      ["an empty partnerId", { partnerId: " " }, "partnerId"],
      ["a userId with a newline", { userId: "usr_1\n" }, "userId"],
      ["an unknown environment", { environment: "dev" }, "environment"],
      ["a plain-http baseUrl", { baseUrl: "http://api.parchmenthealth.io/external" }, "baseUrl"],
      ["a misspelt option", { organisationId: "x" }, "organisationId"],
    ],
    hidden: [base.partnerSecret],
  });

  it("accepts every documented scope", () => {
    expect(() => createParchmentClient({ ...base, scope: [...PARCHMENT_SCOPES] })).not.toThrow();
  });
});
