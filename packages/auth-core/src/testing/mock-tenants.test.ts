import { describe, expect, it } from "vitest";
import { createMockChassis } from "./mock-chassis.js";
import { createMockTenants } from "./mock-tenants.js";

const TOKEN_URL = "https://auth.example.test/token";
const API_URL = "https://api.example.test/things";
const OWN = { clientId: "client-1", clientSecret: "s3cret", region: "eu" };

/** A kit whose rules and header rule check the credentials of the tenant a request presents. */
function acme() {
  const chassis = createMockChassis({ issuer: "acme-mock" });
  const token = chassis.tokenEndpoint(({ body, credentialsOf }) => {
    const expected = credentialsOf(OWN);
    return body.fields.client_id === expected.clientId && body.fields.client_secret === expected.clientSecret
      ? Response.json({ access_token: chassis.issuer.issue(expected.clientId), expires_in: 60 })
      : Response.json({ error: "invalid_client" }, { status: 401 });
  });
  const guard = chassis.apiGuard({
    unauthorized: (refusal) => Response.json(refusal, { status: 401 }),
    headers: [
      {
        name: "x-region",
        phase: "after-token",
        accepts: (value, _request, tenant) => value === chassis.tenants.credentialsOf(OWN, tenant).region,
      },
    ],
  });
  return chassis.mock({
    credentials: OWN,
    baseUrl: "https://api.example.test",
    tokenUrl: TOKEN_URL,
    respond: async (request) =>
      request.url === TOKEN_URL ? token(request) : ((await guard(request)) ?? Response.json({ ok: true })),
  });
}

type Mock = ReturnType<typeof acme>;

const tokenOf = async (mock: Mock, clientId: string, clientSecret: string) => {
  const response = await mock.respond(
    new Request(TOKEN_URL, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ client_id: clientId, client_secret: clientSecret }),
    }),
  );
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
};

const apiStatus = async (mock: Mock, token: unknown, region: string) =>
  (
    await mock.respond(
      new Request(API_URL, { headers: { authorization: `Bearer ${token}`, "x-region": region } }),
    )
  ).status;

describe("mock tenants", () => {
  it("serves every tenant's credentials besides the kit's own, and records whose request it was", async () => {
    const mock = acme();
    mock.tenants.add("clinic-2", { clientId: "client-2", clientSecret: "s2", region: "us" });
    mock.tenants.add("clinic-3", { clientId: "client-3", clientSecret: "s3" });
    const own = await tokenOf(mock, "client-1", "s3cret");
    const second = await tokenOf(mock, "client-2", "s2");
    const third = await tokenOf(mock, "client-3", "s3");
    expect([own.status, second.status, third.status]).toEqual([200, 200, 200]);
    // A tenant's client id with another tenant's secret is that tenant's request, refused.
    expect((await tokenOf(mock, "client-2", "s3")).status).toBe(401);
    expect(mock.tokenRequests.map((record) => record.tenant)).toEqual([
      undefined,
      "clinic-2",
      "clinic-3",
      "clinic-2",
    ]);
    // Header rules check the tenant of the token: clinic-2 is in "us", clinic-3 kept the kit's "eu".
    expect(await apiStatus(mock, second.body.access_token, "us")).toBe(200);
    expect(await apiStatus(mock, second.body.access_token, "eu")).toBe(401);
    expect(await apiStatus(mock, third.body.access_token, "eu")).toBe(200);
    expect(await apiStatus(mock, own.body.access_token, "eu")).toBe(200);
    // A token minted outside the endpoint is the tenant's one of whose values is its subject.
    expect(await apiStatus(mock, mock.issuer.issue("client-2"), "us")).toBe(200);
    expect(mock.apiRequests.map((record) => [record.subject, record.tenant])).toEqual([
      ["client-2", "clinic-2"],
      ["client-2", "clinic-2"],
      ["client-3", "clinic-3"],
      ["client-1", undefined],
      ["client-2", "clinic-2"],
    ]);
  });

  it("answers a tenant's own faults to its requests only, before the shared ones", async () => {
    const mock = acme();
    mock.tenants.add("clinic-2", { clientId: "client-2", clientSecret: "s2" });
    mock.controls.failTokenRequests(1, { status: 503 });
    mock.controls.failTokenRequests(2, { status: 429 }, { tenant: "clinic-2" });
    expect((await tokenOf(mock, "client-2", "s2")).status).toBe(429);
    expect((await tokenOf(mock, "client-1", "s3cret")).status).toBe(503);
    expect((await tokenOf(mock, "client-1", "s3cret")).status).toBe(200);
    expect((await tokenOf(mock, "client-2", "s2")).status).toBe(429);
    expect((await tokenOf(mock, "client-2", "s2")).status).toBe(200);
  });

  it("rewrites the next successful token answers, for every tenant or one", async () => {
    const mock = acme();
    mock.tenants.add("clinic-2", { clientId: "client-2", clientSecret: "s2" });
    mock.controls.rewriteTokenAnswers(1, ({ expires_in, ...rest }) => ({ ...rest, expires_in: "soon" }), {
      tenant: "clinic-2",
    });
    mock.controls.rewriteTokenAnswers(1, ({ access_token: _dropped, ...rest }) => rest);
    // A refused request keeps its answer and leaves the rewrites queued.
    expect((await tokenOf(mock, "client-2", "nope")).body).toEqual({ error: "invalid_client" });
    const own = await tokenOf(mock, "client-1", "s3cret");
    expect([own.status, own.body]).toEqual([200, { expires_in: 60 }]);
    const second = await tokenOf(mock, "client-2", "s2");
    expect(second.body.expires_in).toBe("soon");
    expect(typeof second.body.access_token).toBe("string");
    expect((await tokenOf(mock, "client-2", "s2")).body.expires_in).toBe(60);
    mock.controls.rewriteTokenAnswers(1, () => ({}));
    mock.reset();
    expect((await tokenOf(mock, "client-1", "s3cret")).body.expires_in).toBe(60);
  });

  it("refuses a tenant whose values are not non-empty strings, naming the field", () => {
    const tenants = createMockTenants();
    expect(() => tenants.add("t", { clientId: "" })).toThrow(
      "tenant t: credentials.clientId must be a non-empty string",
    );
    expect(() => tenants.add("", { clientId: "c" })).toThrow(TypeError);
    tenants.add("t", { clientId: "c", clientSecret: "x" });
    tenants.add("u", { clientId: "c", clientSecret: "y" });
    expect(tenants.identify(["c", "y"])?.name).toBe("u");
    expect(tenants.identify(["c"])?.name).toBe("t");
    expect(tenants.identify(["other"])).toBeUndefined();
    expect(tenants.remove("t")).toBe(true);
    expect(tenants.list().map((tenant) => tenant.name)).toEqual(["u"]);
  });
});
