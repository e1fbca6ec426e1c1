import { describe, expect, it } from "vitest";
import { AbortError } from "../errors/abort-error.js";
import { AuthConfigError } from "../errors/auth-config-error.js";
import { ErrorCode } from "../errors/codes.js";
import { NetworkError } from "../errors/network-error.js";
import { TimeoutError } from "../errors/timeout-error.js";
import type { AuthEvent } from "../events.js";
import { json } from "../test-support/loopback.js";
import { useLoopbackVendor } from "../test-support/loopback-vendor.js";
import { rejection } from "../test-support/scenario.js";
import { RetryBudget } from "../token/retry-policy.js";
import { retryOptions } from "./api-retry.js";

// API calls are retried like token requests, safely: idempotent methods on 408/429/500/502/503/504 and
// on connections that fail before any response byte; POST and PATCH only with the vendor's idempotency
// key or the caller's opt-in (docs/contract.md, behaviour 5). Real loopback sockets, real clock.
const vendor = useLoopbackVendor();

type Paths = {
  "/things": {
    get: { responses: { 200: { content: { "application/json": unknown } } } };
    post: {
      requestBody: { content: { "application/json": { name: string } } };
      responses: { 200: { content: { "application/json": unknown } } };
    };
  };
};

/** Answers `status` (with `headers`) to the first `times` API requests, then 200 `{ok: true}`. */
function failFirst(times: number, status: number, headers: Record<string, string> = {}) {
  let seen = 0;
  vendor.api((_req, res, _body, ok) => {
    if (!ok) return json(res, 401, {});
    if (++seen <= times) return json(res, status, { error: "transient" }, headers);
    json(res, 200, { ok: true });
  });
}

const retries = (events: AuthEvent[]) =>
  events.filter((e): e is Extract<AuthEvent, { type: "request.retry" }> => e.type === "request.retry");

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

describe("API-call retries", () => {
  it.each([408, 429, 500, 502, 503, 504])(
    "a GET answered %i once is retried and succeeds",
    async (status) => {
      failFirst(1, status);
      const client = vendor.client<Paths>();
      const { data, response } = await client.GET("/things");
      expect(response.status).toBe(200);
      expect(data).toEqual({ ok: true });
      expect(vendor.apiRequests()).toHaveLength(2);
      expect(retries(client.events)).toEqual([
        expect.objectContaining({ method: "GET", attempt: 1, reason: "status", status }),
      ]);
      expect(vendor.tokenRequests()).toHaveLength(1);
    },
  );

  it("does not retry 501, 400, 403 or 404", async () => {
    for (const status of [501, 400, 403, 404]) {
      vendor.server.seen.length = 0;
      failFirst(1, status);
      const { response } = await vendor.client<Paths>().GET("/things");
      expect(response.status).toBe(status);
      expect(vendor.apiRequests()).toHaveLength(1);
    }
  });

  it("waits as Retry-After asks, in seconds", async () => {
    failFirst(1, 500, { "retry-after": "1" });
    const client = vendor.client<Paths>();
    const { value, ms } = await timed(() => client.GET("/things"));
    expect(value.response.status).toBe(200);
    expect(ms).toBeGreaterThanOrEqual(950);
    expect(retries(client.events)[0]?.delayMs).toBe(1000);
  });

  it("waits until a Retry-After HTTP date", async () => {
    const at = new Date(Math.ceil((Date.now() + 1500) / 1000) * 1000);
    failFirst(1, 429, { "retry-after": at.toUTCString() });
    const { value } = await timed(() => vendor.client<Paths>().GET("/things"));
    expect(value.response.status).toBe(200);
    const [, second] = vendor.apiRequests();
    expect(second).toBeDefined();
    expect(Date.now()).toBeGreaterThanOrEqual(at.getTime() - 50);
  });

  it("honours retry-after-ms", async () => {
    failFirst(1, 503, { "retry-after-ms": "300" });
    const client = vendor.client<Paths>();
    await client.GET("/things");
    expect(retries(client.events)[0]?.delayMs).toBe(300);
  });

  it("a connection reset before any byte is retried for a GET", async () => {
    let seen = 0;
    vendor.api((req, res, _body, ok) => {
      if (++seen === 1) return req.socket.destroy();
      json(res, ok ? 200 : 401, { ok });
    });
    const client = vendor.client<Paths>();
    const { data } = await client.GET("/things");
    expect(data).toEqual({ ok: true });
    expect(retries(client.events)).toEqual([expect.objectContaining({ reason: "network", attempt: 1 })]);
  });

  it("gives up after maxRetries and returns the last answer", async () => {
    failFirst(10, 503);
    const { response } = await vendor.client<Paths>({ maxRetries: 1 }).GET("/things");
    expect(response.status).toBe(503);
    expect(vendor.apiRequests()).toHaveLength(2);
  });

  it("a call's retryOptions({ maxRetries }) overrides the client's", async () => {
    failFirst(10, 503);
    const { response } = await vendor.client<Paths>().GET("/things", { ...retryOptions({ maxRetries: 0 }) });
    expect(response.status).toBe(503);
    expect(vendor.apiRequests()).toHaveLength(1);
  });

  it("never waits past the call's deadline: the answer goes back at once", async () => {
    failFirst(1, 503, { "retry-after": "5" });
    const { value, ms } = await timed(() => vendor.client<Paths>({ timeoutMs: 2000 }).GET("/things"));
    expect(value.response.status).toBe(503);
    expect(ms).toBeLessThan(1500);
    expect(vendor.apiRequests()).toHaveLength(1);
  });

  it("draws on the retry budget shared with token requests", async () => {
    failFirst(10, 503);
    const { response } = await vendor.client<Paths>({ retryBudget: new RetryBudget(5) }).GET("/things");
    expect(response.status).toBe(503);
    expect(vendor.apiRequests()).toHaveLength(2); // one retry costs 5: the budget is spent
  });

  it("a 401 keeps its single replay, and a replay answered 503 is retried", async () => {
    let seen = 0;
    vendor.api((_req, res, _body, ok) => {
      seen++;
      if (seen === 1) return json(res, 401, {});
      if (seen === 2) return json(res, 503, {});
      json(res, ok ? 200 : 401, { ok });
    });
    const client = vendor.client<Paths>();
    const { data } = await client.GET("/things");
    expect(data).toEqual({ ok: true });
    expect(client.events.filter((e) => e.type === "request.replayed")).toHaveLength(1);
    expect(retries(client.events)).toHaveLength(1);
  });
});

describe("POST and PATCH: retried only when safe", () => {
  it("an unkeyed POST answered 503 is not retried", async () => {
    failFirst(1, 503);
    const client = vendor.client<Paths>();
    const { response } = await client.POST("/things", { body: { name: "claim" } });
    expect(response.status).toBe(503);
    expect(vendor.apiRequests()).toHaveLength(1);
    expect(retries(client.events)).toEqual([]);
  });

  it("an unkeyed POST whose connection resets is not retried, and rejects with NetworkError", async () => {
    vendor.api((req) => req.socket.destroy());
    const error = await rejection(vendor.client<Paths>().POST("/things", { body: { name: "claim" } }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: ErrorCode.Network, method: "POST", attempts: 1 });
    expect(vendor.apiRequests()).toHaveLength(1);
  });

  it("a POST the caller opts in for is retried with a byte-identical body", async () => {
    failFirst(1, 503);
    const { data } = await vendor
      .client<Paths>()
      .POST("/things", { body: { name: "search é" }, ...retryOptions({ retryNonIdempotent: true }) });
    expect(data).toEqual({ ok: true });
    const [first, second] = vendor.apiRequests();
    expect(second?.body.equals(first?.body ?? Buffer.alloc(0))).toBe(true);
    expect(second?.headers["content-type"]).toBe(first?.headers["content-type"]);
  });

  it("a POST carrying the vendor's idempotency key is retried", async () => {
    failFirst(1, 502);
    const client = vendor.client<Paths>({ idempotencyKeyHeader: "Idempotency-Key" });
    const { data } = await client.POST("/things", {
      body: { name: "payment" },
      headers: { "Idempotency-Key": "a1b2" },
    });
    expect(data).toEqual({ ok: true });
    expect(vendor.apiRequests().map((r) => r.headers["idempotency-key"])).toEqual(["a1b2", "a1b2"]);
  });

  it("the same client's POST without the key is not retried", async () => {
    failFirst(1, 502);
    const { response } = await vendor
      .client<Paths>({ idempotencyKeyHeader: "Idempotency-Key" })
      .POST("/things", { body: { name: "payment" } });
    expect(response.status).toBe(502);
  });
});

describe("typed transport errors", () => {
  it("a server that cannot be reached: NetworkError with method, URL, attempts and cause", async () => {
    const client = vendor.client<Paths>({ maxRetries: 1 });
    vendor.api((req) => req.socket.destroy());
    const error = await rejection(client.GET("/things", { params: { query: { secret: "q" } } as never }));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).not.toBeInstanceOf(TypeError);
    const network = error as NetworkError;
    expect(network.code).toBe("CADUCEUS_NETWORK");
    expect(network.method).toBe("GET");
    expect(network.url).toBe(`${vendor.server.origin}/api/things`);
    expect(network.attempts).toBe(2);
    expect(network.cause).toBeInstanceOf(Error);
    expect(network.message).toContain("could not reach the server (2 attempts)");
    expect(network.message).not.toContain("loopback-secret");
  });

  it("a timeout and an abort name the call: method, URL, attempts", async () => {
    vendor.api(() => {}); // accepts and never answers
    const timeout = await rejection(vendor.client<Paths>({ timeoutMs: 300 }).GET("/things"));
    expect(timeout).toBeInstanceOf(TimeoutError);
    expect(timeout).toMatchObject({
      code: ErrorCode.Timeout,
      method: "GET",
      url: `${vendor.server.origin}/api/things`,
      attempts: 1,
    });
    const controller = new AbortController();
    const call = vendor.client<Paths>().GET("/things", { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const aborted = await rejection(call);
    expect(aborted).toBeInstanceOf(AbortError);
    expect(aborted).toMatchObject({ code: ErrorCode.Aborted, method: "GET", attempts: 1 });
  });

  it("a fetch that is not WHATWG (node-fetch 3 style body) is an AuthConfigError naming fetch, not retried", async () => {
    let calls = 0;
    const nodeFetchLike = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const real = await fetch(input, init);
      calls++;
      if (!String(input instanceof Request ? input.url : input).includes("/api/")) return real;
      // node-fetch 3 answers with a Node Readable body, which has no getReader().
      return { status: real.status, ok: real.ok, headers: real.headers, body: { pipe() {} } };
    }) as unknown as typeof fetch;
    const error = await rejection(vendor.client<Paths>({ fetch: nodeFetchLike }).GET("/things"));
    expect(error).toBeInstanceOf(AuthConfigError);
    expect((error as AuthConfigError).option).toBe("fetch");
    expect(calls).toBe(2); // the token request and one API attempt
  });
});
