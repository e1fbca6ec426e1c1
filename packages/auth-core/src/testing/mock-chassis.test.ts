import { describe, expect, it } from "vitest";
import { createFakeClock } from "./fake-clock.js";
import { createMockChassis } from "./mock-chassis.js";

const TOKEN_URL = "https://auth.example.test/token";
const API_URL = "https://api.example.test/things";

function acme() {
  const clock = createFakeClock();
  const chassis = createMockChassis({ issuer: "acme-mock", clock, tokenLifetimeSeconds: 60 });
  const token = chassis.tokenEndpoint(({ body, record }) =>
    (record.basic?.clientSecret ?? body.fields.client_secret) === "s3cret"
      ? Response.json({ access_token: chassis.issuer.issue("client-1"), token_type: "Bearer" })
      : Response.json({ error: "invalid_client" }, { status: 401 }),
  );
  const guard = chassis.apiGuard({
    unauthorized: (refusal) => Response.json(refusal, { status: 401 }),
    headers: [{ name: "x-tenant", accepts: (value) => value === "t1" }],
  });
  const mock = chassis.mock({
    credentials: { clientId: "client-1", clientSecret: "s3cret" },
    baseUrl: "https://api.example.test",
    tokenUrl: TOKEN_URL,
    respond: async (request) =>
      request.url === TOKEN_URL ? token(request) : ((await guard(request)) ?? Response.json({ ok: true })),
  });
  return { clock, mock };
}

const post = (body: string, headers: Record<string, string>) =>
  new Request(TOKEN_URL, { method: "POST", body, headers });

describe("createMockChassis", () => {
  it("records token requests with their raw body, parsed fields and decoded Basic credentials", async () => {
    const { mock } = acme();
    const form = await mock.respond(
      post("grant_type=client_credentials", {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${btoa("client-1:s3cret")}`,
      }),
    );
    expect(form.status).toBe(200);
    const json = await mock.respond(post('{"client_secret":"nope"}', { "content-type": "application/json" }));
    expect(json.status).toBe(401);
    expect(mock.tokenRequests.map((r) => [r.encoding, r.fields, r.basic])).toEqual([
      ["form", { grant_type: "client_credentials" }, { clientId: "client-1", clientSecret: "s3cret" }],
      ["json", { client_secret: "nope" }, undefined],
    ]);
    expect(mock.controls.stats.tokenRequests).toBe(2);
  });

  it("answers scheduled faults first, after their delay on the mock's clock", async () => {
    const { clock, mock } = acme();
    mock.controls.failTokenRequests(1, { status: 429, retryAfterSeconds: 3, delayMs: 1000 });
    mock.controls.failTokenRequests(1, { shape: "html" });
    mock.controls.failTokenRequests(1, { shape: "reset" });
    const pending = mock.respond(
      post("client_secret=s3cret", { "content-type": "application/x-www-form-urlencoded" }),
    );
    await clock.advance(1000);
    const limited = await pending;
    expect([limited.status, limited.headers.get("retry-after")]).toEqual([429, "3"]);
    const html = await mock.respond(post("", {}));
    expect([html.status, html.headers.get("content-type")]).toEqual([503, "text/html; charset=utf-8"]);
    expect((await mock.respond(post("", {}))).type).toBe("error");
    expect(
      (
        await mock.respond(
          post("client_secret=s3cret", { "content-type": "application/x-www-form-urlencoded" }),
        )
      ).status,
    ).toBe(200);
  });

  it("guards the API: header rules, then the bearer token, recording the token's subject", async () => {
    const { clock, mock } = acme();
    const issued = await mock.respond(
      post('{"client_secret":"s3cret"}', { "content-type": "application/json" }),
    );
    const { access_token } = (await issued.json()) as { access_token: string };
    const call = (headers: Record<string, string>) => mock.respond(new Request(API_URL, { headers }));
    const noTenant = await call({ authorization: `Bearer ${access_token}` });
    expect(await noTenant.json()).toEqual({ reason: "header", header: "x-tenant", value: null });
    expect((await call({ authorization: `Bearer ${access_token}`, "x-tenant": "t1" })).status).toBe(200);
    await clock.advance(60_000);
    expect(await (await call({ authorization: `Bearer ${access_token}`, "x-tenant": "t1" })).json()).toEqual({
      reason: "expired",
    });
    expect(mock.apiRequests.map((r) => r.subject)).toEqual([undefined, "client-1", undefined]);
    expect(mock.controls.stats).toEqual({ tokenRequests: 1, apiRequests: 3, unauthorized: 2 });
    mock.reset();
    expect([mock.tokenRequests.length, mock.apiRequests.length, mock.controls.stats.apiRequests]).toEqual([
      0, 0, 0,
    ]);
  });

  it("answers API faults before any check, and 404 where no route matches", async () => {
    const { mock } = acme();
    mock.controls.failApiRequests(1, { status: 503, body: "down" });
    const down = await mock.respond(new Request(API_URL));
    expect([down.status, await down.text()]).toEqual([503, "down"]);
    const chassis = createMockChassis({ issuer: "x" });
    const empty = chassis.mock({
      credentials: {},
      baseUrl: "",
      tokenUrl: "",
      respond: async () => undefined,
    });
    expect((await empty.respond(new Request(API_URL))).status).toBe(404);
  });
});
