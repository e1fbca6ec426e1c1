import { describe, expect, it } from "vitest";
import { json } from "../test-support/loopback.js";
import { useLoopbackVendor } from "../test-support/loopback-vendor.js";
import { RetryBudget } from "../token/retry-policy.js";
import { createAuthFetch, HINT_HEADER, MAX_REPLAY_BODY_BYTES } from "./auth-fetch.js";

// docs/contract.md, behaviour 4 ("requests, replay"): an API 401 drops the token the request used,
// joins the single-flight refresh and replays once, byte-identical. On a real loopback server.
const vendor = useLoopbackVendor();

type Paths = {
  "/things": {
    get: { responses: { 200: { content: { "application/json": { ok: boolean } } } } };
    post: {
      requestBody: { content: { "application/json": unknown } };
      responses: { 200: { content: { "application/json": { ok: boolean } } } };
    };
  };
};

/** The API answers 401 to the first request of each test, then checks tokens as usual. */
function firstCallUnauthorized() {
  let first = true;
  vendor.api((_req, res, _body, ok) => {
    if (first) {
      first = false;
      vendor.revoke();
      return json(res, 401, { error: "invalid_token" });
    }
    return ok ? json(res, 200, { ok: true }) : json(res, 401, {});
  });
}

function expectIdenticalReplay() {
  const [first, second] = vendor.apiRequests();
  expect(vendor.apiRequests()).toHaveLength(2);
  expect(second?.method).toBe(first?.method);
  expect(second?.url).toBe(first?.url);
  expect(Buffer.compare(second!.body, first!.body)).toBe(0);
  const { authorization: a, ...restA } = first!.headers;
  const { authorization: b, ...restB } = second!.headers;
  expect(restB).toEqual(restA);
  expect(b).not.toBe(a);
  return first!;
}

describe("401 replay", () => {
  it("replays a JSON body byte-identical, with a new token", async () => {
    firstCallUnauthorized();
    const client = vendor.client<Paths>();
    const body = { name: "Zoë", list: [1, 2, 3], nested: { ü: "✓" } };
    const result = await client.POST("/things", { body });
    expect(result.data?.ok).toBe(true);
    const first = expectIdenticalReplay();
    expect(JSON.parse(first.body.toString("utf8"))).toEqual(body);
    expect(vendor.tokenRequests()).toHaveLength(2);
    expect(client.events.map((e) => e.type)).toContain("request.replayed");
  });

  it("replays a form body byte-identical", async () => {
    firstCallUnauthorized();
    const client = vendor.client<Paths>();
    const result = await client.POST("/things", {
      body: { a: "1 2", b: "x&y=z" },
      bodySerializer: (body) => new URLSearchParams(body as Record<string, string>),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(result.data?.ok).toBe(true);
    const first = expectIdenticalReplay();
    expect(first.body.toString()).toBe("a=1+2&b=x%26y%3Dz");
    expect(first.headers["content-type"]).toBe("application/x-www-form-urlencoded");
  });

  it("replays a binary body byte-identical", async () => {
    firstCallUnauthorized();
    const client = vendor.client<Paths>();
    const bytes = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7) % 256);
    const result = await client.POST("/things", {
      body: bytes as never,
      bodySerializer: (body) => body as unknown as BodyInit,
      headers: { "content-type": "application/octet-stream" },
    });
    expect(result.data?.ok).toBe(true);
    const first = expectIdenticalReplay();
    expect(Buffer.compare(first.body, Buffer.from(bytes))).toBe(0);
  });

  it("replays exactly once when the API answers 401 forever, and hands back the second 401", async () => {
    vendor.api((_req, res) => json(res, 401, { error: "invalid_token" }));
    const client = vendor.client<Paths>({ unauthorizedHint: "check the ProjectId option" });
    const { response, error } = await client.GET("/things");
    expect(response.status).toBe(401);
    expect(error).toEqual({ error: "invalid_token" });
    expect(response.headers.get(HINT_HEADER)).toBe("check the ProjectId option");
    expect(vendor.apiRequests()).toHaveLength(2);
    expect(vendor.tokenRequests()).toHaveLength(2);
  });

  it("does not replay a 401 whose WWW-Authenticate says insufficient_scope (RFC 6750 §3.1)", async () => {
    vendor.api((_req, res) =>
      json(
        res,
        401,
        {},
        { "www-authenticate": 'Bearer realm="api", error="insufficient_scope", scope="admin"' },
      ),
    );
    const { response } = await vendor.client<Paths>().GET("/things");
    expect(response.status).toBe(401);
    expect(vendor.apiRequests()).toHaveLength(1);
    expect(vendor.tokenRequests()).toHaveLength(1);
  });

  it("does not replay a 403", async () => {
    vendor.api((_req, res) => json(res, 403, { error: "forbidden" }));
    const { response } = await vendor.client<Paths>().GET("/things");
    expect(response.status).toBe(403);
    expect(vendor.apiRequests()).toHaveLength(1);
    expect(vendor.tokenRequests()).toHaveLength(1);
  });

  it("refreshes once for many concurrent 401s (single flight), each request replayed once", async () => {
    const client = vendor.client<Paths>();
    await client.GET("/things");
    vendor.revoke();
    const results = await Promise.all(Array.from({ length: 10 }, () => client.GET("/things")));
    expect(results.every((r) => r.data?.ok)).toBe(true);
    expect(vendor.tokenRequests()).toHaveLength(2);
    expect(vendor.apiRequests()).toHaveLength(21);
  });

  it("spends no retry budget", async () => {
    firstCallUnauthorized();
    const budget = new RetryBudget(10);
    await vendor.client<Paths>({ retryBudget: budget }).GET("/things");
    expect(budget.available).toBe(10);
  });

  it("does not replay a body over the cap, and says so on the response and in an event", async () => {
    vendor.api((_req, res) => json(res, 401, {}));
    const client = vendor.client<Paths>();
    const big = new Uint8Array(MAX_REPLAY_BODY_BYTES + 1024);
    const { response } = await client.POST("/things", {
      body: big as never,
      bodySerializer: (body) => body as unknown as BodyInit,
      headers: { "content-type": "application/octet-stream" },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get(HINT_HEADER)).toMatch(/over 8 MiB/);
    expect(vendor.apiRequests()).toHaveLength(1);
    expect(vendor.apiRequests()[0]?.body.byteLength).toBe(big.byteLength);
    expect(client.events.find((e) => e.type === "request.not-replayed")).toMatchObject({
      reason: "too-large",
    });
  });

  it("does not replay a stream body", async () => {
    vendor.api((_req, res) => json(res, 401, {}));
    let tokens = 0;
    const authFetch = createAuthFetch({
      vendor: "Loopback",
      tokens: {
        getToken: async () => `stream-token-${++tokens}`,
        invalidate: async () => {},
      },
      apiOrigins: [vendor.server.origin],
      clock: (await import("../clock.js")).systemClock,
      timeoutMs: 5_000,
      redactor: new (await import("../redact.js")).Redactor(),
    });
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("chunk"));
        controller.close();
      },
    });
    const response = await authFetch(`${vendor.server.origin}/api/things`, {
      method: "POST",
      body: stream,
      headers: { authorization: "Bearer stream-token-0" },
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(401);
    expect(response.headers.get(HINT_HEADER)).toMatch(/stream/);
    expect(tokens).toBe(0);
    expect(vendor.apiRequests()[0]?.body.toString()).toBe("chunk");
  });

  it("regression: a later middleware that replaced Authorization disables the replay", async () => {
    vendor.api((_req, res) => json(res, 401, {}));
    const client = vendor.client<Paths>();
    client.use({
      onRequest({ request }) {
        request.headers.set("authorization", "Bearer someone-elses-token");
        return request;
      },
    });
    const { response } = await client.GET("/things");
    expect(response.status).toBe(401);
    expect(vendor.apiRequests()).toHaveLength(1);
    expect(vendor.tokenRequests()).toHaveLength(1);
  });
});
