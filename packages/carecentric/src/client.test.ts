import { inspect } from "node:util";
import { HINT_HEADER } from "@caduceus/auth-core";
import {
  describeVendorClient,
  expectReuseThenRefresh,
  expectTokenRequest,
  expectTokenRequestError,
} from "@caduceus/test-kit";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import {
  AuthConfigError,
  type CareCentricClientOptions,
  createCareCentricClient,
  ErrorCode,
  isAuthConfigError,
  isTokenRequestError,
  type Observation,
} from "./index.js";
import {
  type CareCentricMock,
  type CareCentricMockOptions,
  createCareCentricMock,
  NHS_NUMBER_SYSTEM,
  PRESCRIPTION_TYPE_SYSTEM,
} from "./testing/index.js";

const kit = describeVendorClient({
  vendor: "CareCentric",
  createMock: createCareCentricMock,
  createClient: createCareCentricClient,
  read: (client) => client.GET("/Patient/{id}", { params: { path: { id: jane.id } } }),
  write: (client) =>
    client.POST("/Observation", {
      body: {
        resourceType: "Observation",
        status: "final",
        code: { text: "Peak expiratory flow rate" },
        subject: { reference: `Patient/${jane.id}` },
        valueQuantity: { value: 340, unit: "L/min" },
      },
    }),
  wrongCredentials: { password: "definitely-not-the-password-31bc" },
  secrets: (mock) => [
    mock.expected.clientSecret,
    mock.expected.password,
    mock.expected.subscriptionKey ?? "",
  ],
});

const { server } = kit;

/** The kit's setup (`user`: clients of the password grant), plus clients of the system grant. */
function setup(options?: CareCentricMockOptions) {
  const rig = kit.setup(options);
  const user = rig.client;
  const system = (extra: Partial<CareCentricClientOptions> = {}) =>
    createCareCentricClient({ ...rig.mock.systemCredentials, ...rig.clientOptions, ...extra });
  const lifetimeSources = () =>
    rig.events.flatMap((e) => (e.type === "token.obtained" ? [e.lifetimeSource] : []));
  return { ...rig, user, system, lifetimeSources };
}

const jane = { id: "4f6a2b1c-8d3e-4c5f-9a7b-0e1d2c3b4a59", nhsNumber: "9000000009" };
const oliverNhs = `${NHS_NUMBER_SYSTEM}|9449306753`;

/**
 * The one token request `mock` received: a form to `url` with exactly `fields`, and no HTTP Basic
 * (CareCentric takes the client secret in the body, for both grants).
 */
const expectFormTokenRequest = (mock: CareCentricMock, url: string, fields: Record<string, string>) =>
  expectTokenRequest(mock, { url, contentType: "application/x-www-form-urlencoded", fields });

describe("token exchange, exactly as CareCentric documents it", () => {
  it("user authorisation: password grant, form body with the secret, to /connect/token", async () => {
    const { mock, user } = setup();
    const { data } = await user().GET("/Patient/{id}", { params: { path: { id: jane.id } } });
    expect(data?.id).toBe(jane.id);

    expectFormTokenRequest(mock, "https://prv-is.grhapp.com/connect/token", {
      grant_type: "password",
      client_id: "caduceus-mock-client",
      client_secret: "mock-client-secret",
      username: "amelia.khan",
      password: "mock-password",
      scope: "launch user/*.read user/*.write openid profile",
    });
  });

  it("system to system: client credentials without scope, to the hpca oauth/token URL", async () => {
    const { mock, system, lifetimeSources } = setup();
    const { data } = await system().GET("/Patient/{id}", { params: { path: { id: jane.id } } });
    expect(data?.resourceType).toBe("Patient");

    expectFormTokenRequest(mock, "https://coret1.syhapp.com/vlive/hpca/oauth/token", {
      grant_type: "client_credentials",
      client_id: "caduceus-mock-client",
      client_secret: "mock-client-secret",
    });
    // The system answer has no expires_in and refresh_token: null; the JWT exp decides.
    expect(lifetimeSources()).toEqual(["jwt"]);
  });

  it("sends scope for client credentials when given, and takes an array or a string alike", async () => {
    const { mock, system, user } = setup();
    await system({ scope: ["system/*.read"] }).GET("/Patient", { params: { query: { family: "Smith" } } });
    await user({ scope: "user/*.read  openid" }).GET("/Patient", { params: { query: { family: "Smith" } } });
    expect(mock.tokenRequests.map((r) => r.fields.scope)).toEqual(["system/*.read", "user/*.read openid"]);
  });

  it("uses one tokenUrl for both grants when given (a customer-issued endpoint)", async () => {
    const tokenUrl = "https://identity.example-trust.test/connect/token";
    const { mock, user, system } = setup({ tokenUrl });
    await user().GET("/Patient/{id}", { params: { path: { id: jane.id } } });
    await system().GET("/Patient/{id}", { params: { path: { id: jane.id } } });
    expect(mock.tokenRequests.map((r) => [r.url, r.fields.grant_type])).toEqual([
      [tokenUrl, "password"],
      [tokenUrl, "client_credentials"],
    ]);
  });

  it("reports a wrong password as a TokenRequestError that never shows it", async () => {
    const { user } = setup();
    const password = "Wrong-Passw0rd-canary";
    await expectTokenRequestError(
      user({ password }).GET("/Patient/{id}", { params: { path: { id: jane.id } } }),
      {
        status: 400,
        oauthError: "invalid_grant",
        errorDescription: "invalid_username_or_password",
        code: ErrorCode.TokenRequestFailed,
      },
      [password, "mock-client-secret"],
    );
  });

  it("never shows the token, secret, password or subscription key in errors or events", async () => {
    const { mock, user, events } = setup();
    const client = user();
    await client.GET("/Patient/{id}", { params: { path: { id: jane.id } } });
    const live = mock.apiRequests[0]!.headers.authorization!.replace(/^Bearer /, "");
    mock.issuer.revokeAll();
    // The token endpoint now fails and echoes what it knows, as a careless server might.
    const { clientSecret, password, subscriptionKey } = mock.expected;
    mock.controls.failTokenRequests(1, {
      status: 400,
      body: {
        error: "invalid_request",
        error_description: `${live} ${clientSecret} ${password} ${subscriptionKey}`,
      },
    });
    const error = await client
      .GET("/Patient/{id}", { params: { path: { id: jane.id } } })
      .catch((e: unknown) => e);
    expect(isTokenRequestError(error) && error.errorDescription).toMatch(/^\S+ \S+ \S+ \S+$/); // four redacted parts
    const seen = [
      String(error),
      JSON.stringify(error),
      inspect(error, { depth: 5 }),
      inspect(events, { depth: 6 }),
    ];
    for (const text of seen) {
      for (const secret of [live, clientSecret, password, subscriptionKey!])
        expect(text).not.toContain(secret);
    }
  });

  it("reports a wrong client secret as invalid_client", async () => {
    const { system } = setup();
    const error = await system({ clientSecret: "not-the-secret" })
      .GET("/Patient/{id}", { params: { path: { id: jane.id } } })
      .catch((e: unknown) => e);
    expect(isTokenRequestError(error) && error.oauthError).toBe("invalid_client");
    expect(String(error)).not.toContain("not-the-secret");
  });
});

describe("FHIR operations", () => {
  it("reads a patient: bare resource, FHIR JSON, NHS number identifier", async () => {
    const { user } = setup();
    const { data, response } = await user().GET("/Patient/{id}", { params: { path: { id: jane.id } } });
    expect(response.headers.get("content-type")).toBe("application/fhir+json");
    expect(data?.resourceType).toBe("Patient");
    expect(data?.identifier?.[0]).toMatchObject({ system: NHS_NUMBER_SYSTEM, value: jane.nhsNumber });
    expect(data?.name?.[0]?.family).toBe("Smith");
  });

  it("searches a patient's observations with parameters and answers a searchset Bundle", async () => {
    const { mock, user } = setup();
    const { data } = await user().GET("/Observation", {
      params: {
        query: {
          "patient.identifier": oliverNhs,
          category: "http://terminology.hl7.org/CodeSystem/observation-category|vital-signs",
          date: ["ge2026-09-01", "lt2026-10-01"],
          _count: 10,
        },
      },
    });
    expect(data?.resourceType).toBe("Bundle");
    expect(data?.type).toBe("searchset");
    expect(data?.total).toBe(2);
    const observations = (data?.entry ?? []).map((e) => e.resource as Observation);
    expect(observations.map((o) => o.code.text).sort()).toEqual(["Blood pressure", "Body weight"]);

    const url = new URL(mock.apiRequests.at(-1)!.url);
    expect(url.searchParams.get("patient.identifier")).toBe(oliverNhs);
    expect(url.searchParams.getAll("date")).toEqual(["ge2026-09-01", "lt2026-10-01"]);
  });

  it("finds a patient by NHS number", async () => {
    const { user } = setup();
    const { data } = await user().GET("/Patient", {
      params: { query: { identifier: `${NHS_NUMBER_SYSTEM}|${jane.nhsNumber}` } },
    });
    expect(data?.total).toBe(1);
    expect(data?.entry?.[0]?.resource?.id).toBe(jane.id);
  });

  it("refuses a clinical search without a patient: 400 OperationOutcome", async () => {
    const { user } = setup();
    const { data, error, response } = await user().GET("/Condition", {
      params: { query: { code: "44054006" } },
    });
    expect(data).toBeUndefined();
    expect(response.status).toBe(400);
    expect(error).toMatchObject({
      resourceType: "OperationOutcome",
      issue: [{ severity: "error", code: "required" }],
    });
  });

  it("MedicationRequest: intent is required (400 OperationOutcome without it)", async () => {
    const { user } = setup();
    const client = user();
    const without = await client.GET("/MedicationRequest", {
      // @ts-expect-error intent is required by the description, as by the server
      params: { query: { "patient.identifier": oliverNhs } },
    });
    expect(without.response.status).toBe(400);
    expect(without.error?.issue[0]?.diagnostics).toContain("intent");

    const repeats = await client.GET("/MedicationRequest", {
      params: {
        query: {
          "patient.identifier": oliverNhs,
          intent: "plan",
          status: "active",
          "prescription-type": `${PRESCRIPTION_TYPE_SYSTEM}|R`,
        },
      },
    });
    expect(repeats.data?.entry?.map((e) => e.resource?.resourceType)).toEqual(["MedicationRequest"]);
  });

  it("answers 404 with an OperationOutcome for an unknown id", async () => {
    const { user } = setup();
    const { error, response } = await user().GET("/Condition/{id}", {
      params: { path: { id: "no-such-id" } },
    });
    expect(response.status).toBe(404);
    expect(error?.issue[0]?.code).toBe("not-found");
  });

  it("creates an Observation (POST with a body): 201, Location, then readable", async () => {
    const { mock, user } = setup();
    const client = user();
    const body: Observation = {
      resourceType: "Observation",
      status: "final",
      code: { coding: [{ system: "http://snomed.info/sct", code: "27113001", display: "Body weight" }] },
      subject: { reference: `Patient/${jane.id}` },
      effectiveDateTime: "2026-11-20T09:30:00Z",
      valueQuantity: { value: 41.2, unit: "kg", system: "http://unitsofmeasure.org", code: "kg" },
    };
    const { data, response } = await client.POST("/Observation", { body });
    expect(response.status).toBe(201);
    expect(data).toMatchObject({ ...body, meta: { versionId: "1" } });
    expect(response.headers.get("location")).toBe(`${mock.baseUrl}/Observation/${data?.id}/_history/1`);

    const again = await client.GET("/Observation/{id}", { params: { path: { id: data!.id! } } });
    expect(again.data?.valueQuantity?.value).toBe(41.2);
  });

  it("creates, updates and deletes an AllergyIntolerance", async () => {
    const { user } = setup();
    const client = user();
    const created = await client.POST("/AllergyIntolerance", {
      body: {
        resourceType: "AllergyIntolerance",
        // HL7's invariant ait-1: clinicalStatus is required unless the record was entered in error.
        clinicalStatus: {
          coding: [
            { system: "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", code: "active" },
          ],
        },
        type: "allergy",
        category: ["medication"],
        code: {
          coding: [
            { system: "http://snomed.info/sct", code: "294505008", display: "Allergy to amoxicillin" },
          ],
        },
        patient: { reference: `Patient/${jane.id}` },
      },
    });
    const id = created.data!.id!;
    const updated = await client.PUT("/AllergyIntolerance/{id}", {
      params: { path: { id } },
      body: { ...created.data!, criticality: "high" },
    });
    expect(updated.data).toMatchObject({ criticality: "high", meta: { versionId: "2" } });
    const deleted = await client.DELETE("/AllergyIntolerance/{id}", { params: { path: { id } } });
    expect(deleted.response.status).toBe(204);
    const gone = await client.GET("/AllergyIntolerance/{id}", { params: { path: { id } } });
    expect(gone.response.status).toBe(410);
  });

  it("rejects a write whose patient is unknown (422 OperationOutcome)", async () => {
    const { user } = setup();
    const { error, response } = await user().POST("/Observation", {
      body: {
        resourceType: "Observation",
        status: "final",
        code: { text: "x" },
        subject: { reference: "Patient/nobody" },
      },
    });
    expect(response.status).toBe(422);
    expect(error?.resourceType).toBe("OperationOutcome");
  });

  it("a read-only SMART scope gets 403 on a write, without a token replay", async () => {
    const { mock, user } = setup();
    const { response, error } = await user({ scope: "user/*.read openid" }).POST("/Flag", {
      body: {
        resourceType: "Flag",
        status: "active",
        code: { text: "x" },
        subject: { reference: `Patient/${jane.id}` },
      },
    });
    expect(response.status).toBe(403);
    expect(error?.issue[0]?.code).toBe("forbidden");
    expect(mock.controls.stats.tokenRequests).toBe(1);
  });
});

describe("token reuse, single flight, expiry, 401", () => {
  it("reuses one token across calls and across clients with the same credentials", async () => {
    const { mock, user } = setup();
    const a = user();
    const b = user();
    await a.GET("/Patient/{id}", { params: { path: { id: jane.id } } });
    await b.GET("/Condition", { params: { query: { patient: jane.id } } });
    await a.GET("/Observation", { params: { query: { patient: `Patient/${jane.id}` } } });
    expect(mock.controls.stats.tokenRequests).toBe(1);
    expect(mock.controls.stats.apiRequests).toBe(3);
    // Another user is another identity: its own token.
    await user({ username: "other.user" })
      .GET("/Patient/{id}", { params: { path: { id: jane.id } } })
      .catch(() => {});
    expect(mock.controls.stats.tokenRequests).toBe(2);
  });

  it("keeps single flight per identity: concurrent user and system calls make one request each", async () => {
    const { mock, user, system } = setup();
    const u = user();
    const s = system();
    const calls = Array.from({ length: 24 }, (_, i) =>
      (i % 2 ? u : s).GET("/Patient/{id}", { params: { path: { id: jane.id } } }),
    );
    await Promise.all(calls);
    expect(mock.tokenRequests.map((r) => r.fields.grant_type).sort()).toEqual([
      "client_credentials",
      "password",
    ]);
  });

  it.each([
    {
      title: "user flow: expires_in 172800 but a 1 h JWT: the shorter (JWT exp) wins, long before 48 h",
      grant: "user",
      lifetime: { tokenLifetimeSeconds: 3600 },
      times: { reusedAfterMs: 3000_000, refreshedAfterMs: 601_000 },
      source: "jwt",
    },
    {
      title: "user flow: expires_in shorter than the JWT exp wins",
      grant: "user",
      lifetime: { tokenLifetimeSeconds: 3600, expiresIn: 600 },
      times: { reusedAfterMs: 400_000, refreshedAfterMs: 201_000 },
      source: "expires_in",
    },
    {
      title: "system flow: no expires_in, so the JWT exp alone decides",
      grant: "system",
      lifetime: { tokenLifetimeSeconds: 900 },
      times: { reusedAfterMs: 600_000, refreshedAfterMs: 301_000 },
      source: "jwt",
    },
  ] as const)("$title", async ({ grant, lifetime, times, source }) => {
    const rig = setup(lifetime);
    const client = rig[grant]();
    const read = () => client.GET("/Patient/{id}", { params: { path: { id: jane.id } } });
    const { data } = await expectReuseThenRefresh(rig, read, times);
    expect(data?.id).toBe(jane.id);
    expect(rig.lifetimeSources()).toEqual([source, source]);
  });
});

describe("Ocp-Apim-Subscription-Key", () => {
  it("is sent on every API call and never on the token request", async () => {
    const { mock, user, system } = setup();
    await user().GET("/Patient/{id}", { params: { path: { id: jane.id } } });
    await system().GET("/Condition", { params: { query: { "patient.identifier": oliverNhs } } });
    expect(mock.apiRequests.map((r) => r.headers["ocp-apim-subscription-key"])).toEqual([
      mock.expected.subscriptionKey,
      mock.expected.subscriptionKey,
    ]);
    expect(mock.tokenRequests).toHaveLength(2);
    for (const request of mock.tokenRequests) {
      expect(request.headers["ocp-apim-subscription-key"]).toBeUndefined();
      expect(JSON.stringify(request.body)).not.toContain(mock.expected.subscriptionKey);
    }
  });

  it("a wrong key gets the gateway's 401 after one replay, with a hint", async () => {
    const { mock, user } = setup();
    const { error, response } = await user({ subscriptionKey: "0000aaaa0000aaaa0000aaaa0000aaaa" }).GET(
      "/Patient/{id}",
      { params: { path: { id: jane.id } } },
    );
    expect(response.status).toBe(401);
    expect(error).toMatchObject({
      statusCode: 401,
      message: expect.stringContaining("invalid subscription key"),
    });
    expect(response.headers.get(HINT_HEADER)).toContain("subscriptionKey");
    expect(mock.controls.stats.unauthorized).toBe(2);
  });

  it("does not follow a redirect to another host with the key or the token", async () => {
    const { mock, user } = setup();
    const elsewhere: Array<Record<string, string>> = [];
    server.use(
      http.get(`${mock.baseUrl}/Patient/moved`, () =>
        HttpResponse.redirect("https://elsewhere.example.test/Patient/moved", 307),
      ),
      http.get("https://elsewhere.example.test/Patient/moved", ({ request }) => {
        elsewhere.push(Object.fromEntries(request.headers));
        return HttpResponse.json({ resourceType: "Patient", id: "moved" });
      }),
    );
    const { data } = await user().GET("/Patient/{id}", { params: { path: { id: "moved" } } });
    expect(data?.id).toBe("moved");
    expect(elsewhere).toHaveLength(1);
    expect(elsewhere[0]).not.toHaveProperty("ocp-apim-subscription-key");
    expect(elsewhere[0]).not.toHaveProperty("authorization");
  });

  it("is not sent when not given; a gateway-less deployment works without it", async () => {
    const { mock, user } = setup({ credentials: { subscriptionKey: null } });
    expect(mock.credentials).not.toHaveProperty("subscriptionKey");
    const { data } = await user().GET("/Patient/{id}", { params: { path: { id: jane.id } } });
    expect(data?.id).toBe(jane.id);
    expect(mock.apiRequests[0]?.headers).not.toHaveProperty("ocp-apim-subscription-key");
  });
});

describe("options are checked when the client is created", () => {
  const valid: CareCentricClientOptions = {
    clientId: "id",
    clientSecret: "secret",
    baseUrl: "https://fhir.example.test/R4",
  };
  const optionAtFault = (options: unknown) => {
    try {
      createCareCentricClient(options as CareCentricClientOptions);
    } catch (error) {
      expect(error).toBeInstanceOf(AuthConfigError);
      return isAuthConfigError(error) ? [error.option, error.message] : [];
    }
    return [];
  };

  it("requires baseUrl, explaining that it is issued per customer", () => {
    const { baseUrl: _omit, ...rest } = valid;
    const [option, message] = optionAtFault(rest);
    expect(option).toBe("baseUrl");
    expect(message).toContain("issues one to each customer");
  });

  it.each([["clientId"], ["clientSecret"]])("requires %s", (name) => {
    expect(optionAtFault({ ...valid, [name]: undefined })[0]).toBe(name);
    expect(optionAtFault({ ...valid, [name]: "" })[0]).toBe(name);
  });

  it("names the missing half of username and password", () => {
    expect(optionAtFault({ ...valid, username: "amelia.khan" })).toEqual([
      "password",
      expect.stringContaining("password is required when username is given"),
    ]);
    expect(optionAtFault({ ...valid, password: "pw-canary" })[0]).toBe("username");
    expect(optionAtFault({ ...valid, password: "pw-canary" })[1]).not.toContain("pw-canary");
    expect(optionAtFault({ ...valid, username: "", password: "pw" })[0]).toBe("username");
  });

  it("checks scope, subscriptionKey, URLs and unknown options", () => {
    expect(optionAtFault({ ...valid, scope: 42 })[0]).toBe("scope");
    expect(optionAtFault({ ...valid, scope: ["user/*.read", "bad scope"] })[0]).toBe("scope[1]");
    expect(optionAtFault({ ...valid, subscriptionKey: "" })[0]).toBe("subscriptionKey");
    expect(optionAtFault({ ...valid, subscriptionKey: "key\n" })[0]).toBe("subscriptionKey");
    expect(optionAtFault({ ...valid, subscriptionKey: null })).toEqual([]); // null counts as not given
    expect(optionAtFault({ ...valid, baseUrl: "http://fhir.example.test/R4" })[0]).toBe("baseUrl");
    expect(optionAtFault({ ...valid, tokenUrl: "not a url" })[0]).toBe("tokenUrl");
    expect(optionAtFault({ ...valid, subscriptionkey: "k" })[0]).toBe("subscriptionkey");
  });

  it("accepts valid options without network traffic", () => {
    expect(() =>
      createCareCentricClient({ ...valid, username: "u", password: "p", scope: "openid" }),
    ).not.toThrow();
  });
});
