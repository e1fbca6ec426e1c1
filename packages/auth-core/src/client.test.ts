import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAuthClient } from "./client.js";
import { isTokenRequestError } from "./errors/token-request-error.js";
import { MemoryTokenStore } from "./store/memory-token-store.js";
import { createFakeClock } from "./testing/fake-clock.js";
// The end-to-end path in three calls: reuse, expiry and replay, a typed error. Each behaviour has its
// own file beside the module that implements it.
import { createTokenIssuer } from "./testing/token-issuer.js";

type Paths = {
  "/things": {
    get: { responses: { 200: { content: { "application/json": { ok: boolean } } } } };
    post: {
      requestBody: { content: { "application/json": { a: number } } };
      responses: { 200: { content: { "application/json": { ok: boolean } } } };
    };
  };
};

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function setup(lifetimeSeconds = 3600) {
  const clock = createFakeClock();
  const issuer = createTokenIssuer({ clock, lifetimeSeconds });
  let tokenRequests = 0;
  const bodies: string[] = [];
  server.use(
    http.post("https://auth.example.test/token", async ({ request }) => {
      tokenRequests++;
      const form = new URLSearchParams(await request.text());
      if (form.get("grant_type") !== "client_credentials")
        return HttpResponse.json({ error: "unsupported_grant_type" }, { status: 400 });
      if (request.headers.get("authorization") !== `Basic ${btoa("id:s3cret-canary")}`)
        return HttpResponse.json({ error: "invalid_client" }, { status: 401 });
      return HttpResponse.json({
        access_token: issuer.issue("id"),
        token_type: "Bearer",
        expires_in: lifetimeSeconds,
      });
    }),
    http.all("https://api.example.test/v1/things", async ({ request }) => {
      if (!issuer.check(request.headers.get("authorization")).ok)
        return new HttpResponse(null, { status: 401 });
      bodies.push(await request.text());
      return HttpResponse.json({ ok: true });
    }),
  );
  const make = (secret = "s3cret-canary") =>
    createAuthClient<Paths>({
      preset: { vendor: "Example", encoding: "form", clientAuthentication: "basic" },
      credentials: { grant: "client_credentials", clientId: "id", clientSecret: secret },
      baseUrl: "https://api.example.test/v1",
      tokenUrl: "https://auth.example.test/token",
      tokenStore: store,
      clock,
    });
  const store = new MemoryTokenStore();
  return {
    clock,
    issuer,
    make,
    bodies,
    get tokenRequests() {
      return tokenRequests;
    },
  };
}

describe("createAuthClient end to end", () => {
  it("reuses one token across calls and clients, single flight", async () => {
    const env = setup();
    const a = env.make();
    const b = env.make();
    const results = await Promise.all([...Array(50)].map((_, i) => (i % 2 ? a : b).GET("/things")));
    expect(results.every((r) => r.data?.ok)).toBe(true);
    expect(env.tokenRequests).toBe(1);
  });

  it("refreshes after expiry on the fake clock and replays a 401 once", async () => {
    const env = setup(60);
    const client = env.make();
    await client.GET("/things");
    await env.clock.advance(61_000);
    expect((await client.GET("/things")).data?.ok).toBe(true);
    expect(env.tokenRequests).toBe(2);
    env.issuer.revokeAll();
    const res = await client.POST("/things", { body: { a: 1 } });
    expect(res.data?.ok).toBe(true);
    expect(env.tokenRequests).toBe(3);
    expect(env.bodies.at(-1)).toBe('{"a":1}');
  });

  it("rejects with a typed error that hides the secret", async () => {
    const env = setup();
    const client = env.make("wrong-secret-value");
    const err = await client.GET("/things").catch((e) => e);
    expect(isTokenRequestError(err)).toBe(true);
    expect(err.oauthError).toBe("invalid_client");
    expect(JSON.stringify(err) + String(err)).not.toContain("wrong-secret-value");
    await client.GET("/things").catch(() => {});
    expect(env.tokenRequests).toBe(1); // remembered briefly
  });
});
