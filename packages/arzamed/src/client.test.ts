import {
  describeVendorClient,
  expectHidden,
  expectReuseThenRefresh,
  expectTokenRequest,
  expectTokenRequestError,
  itRejectsOptions,
  whileAdvancing,
} from "@caduceus/test-kit";
import { describe, expect, it } from "vitest";
import {
  ARZAMED_READ_SCOPE,
  type ArzamedClientOptions,
  createArzamedClient,
  ErrorCode,
  TokenRequestError,
} from "./index.js";
import { createArzamedMock } from "./testing/index.js";

const { setup } = describeVendorClient({
  vendor: "Arzamed",
  createMock: createArzamedMock,
  createClient: createArzamedClient,
  read: (client) => client.GET("/equipe/doctors"),
  wrongCredentials: { clientSecret: "definitely-not-the-secret-5d6e" },
});

describe("token exchange", () => {
  it("uses HTTP Basic and a form body with the documented read scope", async () => {
    const { mock, client } = setup();
    const { data, error } = await client().GET("/equipe/doctors");
    expect(error).toBeUndefined();
    expect(data?.map((d) => d.name)).toEqual(["Maria Rossi", "Luca Bianchi", "Giulia Esposito"]);

    const sent = expectTokenRequest(mock, {
      url: "https://auth.arzamed.test/clinics/demo/oauth/token",
      contentType: "application/x-www-form-urlencoded",
      fields: { grant_type: "client_credentials", scope: ARZAMED_READ_SCOPE },
      authorization: `Basic ${Buffer.from("demo-clinic-api-client:mock-arzamed-secret-7d1f0b").toString("base64")}`,
    });
    // Field order and percent-encoding as in the docs' example.
    expect(sent.body).toBe(
      "grant_type=client_credentials&scope=https%3A%2F%2Fapi.nextgen.arzamed.com%2Fread",
    );
  });

  it("form-encodes id and secret before base64 (RFC 6749 §2.3.1): ':', '%', spaces, non-ASCII", async () => {
    const clientId = "clinic:7 Ünïon";
    const clientSecret = "p@ss:w%rd +ü☕";
    const { mock, client } = setup({ credentials: { clientId, clientSecret } });
    const { data } = await client({ clientId, clientSecret }).GET("/equipe/doctors");
    expect(data).toHaveLength(3);
    const [sent] = mock.tokenRequests;
    expect(sent?.headers.authorization).toBe(
      "Basic Y2xpbmljJTNBNyslQzMlOUNuJUMzJUFGb246cCU0MHNzJTNBdyUyNXJkKyUyQiVDMyVCQyVFMiU5OCU5NQ==",
    );
    expect(Buffer.from(sent!.headers.authorization!.slice(6), "base64").toString("utf8")).toBe(
      "clinic%3A7+%C3%9Cn%C3%AFon:p%40ss%3Aw%25rd+%2B%C3%BC%E2%98%95",
    );
    expect(sent?.basic).toEqual({ clientId, clientSecret });
  });

  it("adds only Authorization to API calls", async () => {
    const { mock, client } = setup();
    await client().GET("/equipe/doctors");
    const [call] = mock.apiRequests;
    expect(call?.headers.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.mock1$/);
    const extra = Object.keys(call!.headers).filter((name) => /^x-|clinic|secret/i.test(name));
    expect(extra).toEqual([]);
  });

  it("sends a scope given as a string or an array, space-separated", async () => {
    const scopes = [ARZAMED_READ_SCOPE, "https://api.nextgen.arzamed.com/write"];
    const { mock, client } = setup({ scopes });
    await client({ scope: scopes.join(" ") }).GET("/equipe/doctors");
    await client({ scope: [...scopes].reverse() }).GET("/equipe/doctors");
    expect(mock.controls.stats.tokenRequests).toBe(1); // same scope set, same token
    expect(new URLSearchParams(mock.tokenRequests[0]!.body).get("scope")).toBe(scopes.join(" "));
  });

  it("serves UAT with the documented scope (whether UAT wants another is an open question)", async () => {
    const { mock, client } = setup({ environment: "uat" });
    const { data } = await client({ environment: "uat" }).GET("/equipe/doctors");
    expect(data).toHaveLength(3);
    expect(mock.baseUrl).toBe("https://api-uat.nextgen.arzamed.com/api/v1");
    expect(new URLSearchParams(mock.tokenRequests[0]!.body).get("scope")).toBe(ARZAMED_READ_SCOPE);
  });
});

describe("many clinics in one process", () => {
  it("keeps each clinic's token apart: each call carries its own clinic's token", async () => {
    const { mock, client } = setup({
      clinics: [{ name: "harbour", doctors: [{ name: "Ana Pereira", profileImage: null }] }],
    });
    const harbour = mock.clinics[1]!;
    const demo = client();
    const other = client({
      clientId: harbour.clientId,
      clientSecret: harbour.clientSecret,
      tokenUrl: harbour.tokenUrl,
    });
    const [a, b, a2, b2] = await Promise.all([
      demo.GET("/equipe/doctors"),
      other.GET("/equipe/doctors"),
      demo.GET("/equipe/doctors"),
      other.GET("/equipe/doctors"),
    ]);
    expect(a.data).toHaveLength(3);
    expect(a2.data).toEqual(a.data);
    expect(b.data).toEqual([{ name: "Ana Pereira", profileImage: null }]);
    expect(b2.data).toEqual(b.data);

    expect(mock.tokenRequests.map((r) => r.url).sort()).toEqual([
      "https://auth.arzamed.test/clinics/demo/oauth/token",
      "https://auth.arzamed.test/clinics/harbour/oauth/token",
    ]);
    const tokensByClinic = new Map<string, Set<string>>();
    for (const call of mock.apiRequests) {
      const set = tokensByClinic.get(call.subject!) ?? new Set();
      set.add(call.headers.authorization!);
      tokensByClinic.set(call.subject!, set);
    }
    expect([...tokensByClinic.keys()].sort()).toEqual(["demo", "harbour"]);
    expect(tokensByClinic.get("demo")?.size).toBe(1);
    expect(tokensByClinic.get("harbour")?.size).toBe(1);
  });

  it("never gives one clinic's token to a client with another token URL", async () => {
    const { mock, client } = setup({ clinics: [{ name: "harbour", clientId: "demo-clinic-api-client" }] });
    await client().GET("/equipe/doctors");
    // Same client id, different clinic token URL and secret: a separate identity.
    const harbour = mock.clinics[1]!;
    await client({ tokenUrl: harbour.tokenUrl, clientSecret: harbour.clientSecret }).GET("/equipe/doctors");
    expect(mock.controls.stats.tokenRequests).toBe(2);
    expect(mock.apiRequests.map((r) => r.subject)).toEqual(["demo", "harbour"]);
  });
});

describe("token lifecycle", () => {
  it("refreshes after the documented hour on the fake clock", async () => {
    const { mock, client, clock, events } = setup();
    const arzamed = client();
    const { data } = await expectReuseThenRefresh({ mock, clock }, () => arzamed.GET("/equipe/doctors"), {
      reusedAfterMs: 3_000_000,
      refreshedAfterMs: 601_000,
    });
    expect(data).toHaveLength(3);
    expect(events.find((e) => e.type === "token.obtained")).toMatchObject({ lifetimeMs: 3_600_000 });
  });

  it("caps a longer expires_in at the documented hour", async () => {
    const { client, events } = setup({ tokenLifetimeSeconds: 7200 });
    await client().GET("/equipe/doctors");
    expect(events.find((e) => e.type === "token.obtained")).toMatchObject({
      lifetimeMs: 3_600_000,
      lifetimeSource: "preset-max",
    });
  });

  it("replays a 401 once with a new token, same method, URL and headers", async () => {
    const { mock, client } = setup();
    const arzamed = client();
    await arzamed.GET("/equipe/doctors");
    mock.issuer.revokeAll();
    const { data, response } = await arzamed.GET("/equipe/doctors", { headers: { "x-trace-id": "t-1" } });
    expect(response.status).toBe(200);
    expect(data).toHaveLength(3);
    expect(mock.controls.stats.tokenRequests).toBe(2);
    const [first, replay] = mock.apiRequests.slice(-2);
    expect(replay?.method).toBe(first?.method);
    expect(new URL(replay!.url).pathname).toMatch(/\/equipe\/doctors$/);
    expect(replay?.headers["x-trace-id"]).toBe("t-1");
    expect(replay?.headers.authorization).not.toBe(first?.headers.authorization);
  });

  it("returns 403 (revoked or expired key) without replaying it, and 503 once retries are spent", async () => {
    const { mock, client, clock } = setup();
    const arzamed = client({ timeoutMs: 0 });
    await arzamed.GET("/equipe/doctors");
    mock.failApiRequests(3, 503);
    // A GET answered 503 is retried twice (maxRetries 2), on the fake clock's backoff, then returned.
    expect((await whileAdvancing(clock, arzamed.GET("/equipe/doctors"))).response.status).toBe(503);
    mock.revokeKey("demo");
    expect((await arzamed.GET("/equipe/doctors")).response.status).toBe(403);
    expect(mock.controls.stats.tokenRequests).toBe(1);
  });
});

describe("errors", () => {
  it("rejects a wrong secret with a TokenRequestError that hides it, in every form", async () => {
    const { mock, client } = setup();
    const secret = "wrong secret: 100% ünïcode";
    const error = await expectTokenRequestError(
      client({ clientSecret: secret }).GET("/equipe/doctors"),
      {
        code: ErrorCode.TokenRequestFailed,
        status: 401,
        oauthError: "invalid_client",
        errorDescription: "Client authentication failed.",
        message: expect.stringContaining("https://auth.arzamed.test/clinics/demo/oauth/token"),
      },
      [secret, encodeURIComponent(secret)],
    );
    expect(error).toBeInstanceOf(TokenRequestError);
    expect(mock.controls.stats.tokenRequests).toBe(1);
    expectHidden(error, [mock.tokenRequests[0]!.headers.authorization!.slice("Basic ".length)]);
  });
});

describe("options", () => {
  const base = createArzamedMock().credentials;

  it("explains where the token URL comes from", () => {
    const { tokenUrl: _omitted, ...rest } = base;
    expect(() => createArzamedClient(rest as ArzamedClientOptions)).toThrowError(/per clinic/);
  });

  itRejectsOptions({
    create: createArzamedClient,
    valid: base,
    required: ["clientId", "clientSecret", "tokenUrl"],
    invalid: [
      [
        "a plain-http tokenUrl",
        { tokenUrl: "http://auth.arzamed.test/clinics/demo/oauth/token" },
        "tokenUrl",
      ],
      ["a relative tokenUrl", { tokenUrl: "/oauth/token" }, "tokenUrl"],
      ["an empty tokenUrl", { tokenUrl: "" }, "tokenUrl"],
      ["a tokenUrl with credentials", { tokenUrl: "https://id:secret@auth.arzamed.test/token" }, "tokenUrl"],
      ["an empty clientSecret", { clientSecret: "" }, "clientSecret"],
      ["an empty scope list", { scope: [] }, "scope"],
      ["a scope with an empty name", { scope: [ARZAMED_READ_SCOPE, ""] }, "scope[1]"],
      ["an unknown environment", { environment: "sandbox" }, "environment"],
      ["a plain-http baseUrl", { baseUrl: "http://api.nextgen.arzamed.com/api/v1" }, "baseUrl"],
      ["a misspelt option", { clientSecet: "x" }, "clientSecet"],
    ],
    hidden: [base.clientSecret],
  });

  it("accepts http:// to loopback (a local mock) and anywhere with allowInsecureHttp", () => {
    expect(() =>
      createArzamedClient({ ...base, tokenUrl: "http://127.0.0.1:8080/oauth/token" }),
    ).not.toThrow();
    expect(() =>
      createArzamedClient({ ...base, tokenUrl: "http://auth.clinic.lan/token", allowInsecureHttp: true }),
    ).not.toThrow();
  });
});
