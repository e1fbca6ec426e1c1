import { describe, expect, it } from "vitest";
import { ErrorCode } from "../errors/codes.js";
import { NetworkError } from "../errors/network-error.js";
import { TimeoutError } from "../errors/timeout-error.js";
import { TokenRequestError } from "../errors/token-request-error.js";
import { TokenResponseError } from "../errors/token-response-error.js";
import { json } from "../test-support/loopback.js";
import { useLoopbackVendor } from "../test-support/loopback-vendor.js";
import { rejection } from "../test-support/scenario.js";

// Connection resets, hangs, trickling bodies and large bodies, on a real loopback server
// with the real clock; one deadline (timeoutMs) covers token acquisition, attempts and bodies.
const vendor = useLoopbackVendor();

type Paths = { "/things": { get: { responses: { 200: { content: { "application/json": unknown } } } } } };
const TWO_MIB = 2 * 1024 * 1024;

/** Answers headers for a JSON body of `length` bytes, sends `sent` of them, then resets the socket. */
function resetMidBody(res: import("node:http").ServerResponse, length = 100, sent = 10) {
  res.writeHead(200, { "content-type": "application/json", "content-length": length });
  res.write("x".repeat(sent), () => res.socket?.destroy());
}

/** Sends headers, then one byte every 50 ms, forever (until the socket closes). */
function trickle(res: import("node:http").ServerResponse) {
  res.writeHead(200, { "content-type": "application/json" });
  res.write("{");
  const timer = setInterval(() => res.write(" "), 50);
  res.on("close", () => clearInterval(timer));
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

describe("token endpoint faults", () => {
  it("a connection reset mid-body is a retryable network error, then retried", async () => {
    let attempts = 0;
    const live = new Set<string>();
    vendor.server.handle((req, res) => {
      if (req.url === "/token") {
        if (++attempts === 1) return resetMidBody(res);
        live.add("tok-ok");
        return json(res, 200, { access_token: "tok-ok", expires_in: 3600 });
      }
      return json(res, 200, { ok: true });
    });
    const { data } = await vendor.client<Paths>().GET("/things");
    expect(data).toEqual({ ok: true });
    expect(attempts).toBe(2);
  });

  it("reports the reset as TokenRequestError with the network code when retries are exhausted", async () => {
    vendor.server.handle((req, res) => (req.url === "/token" ? resetMidBody(res) : json(res, 200, {})));
    const error = (await rejection(
      vendor.client<Paths>({ maxRetries: 0 }).GET("/things"),
    )) as TokenRequestError;
    expect(error).toBeInstanceOf(TokenRequestError);
    expect(error.code).toBe(ErrorCode.TokenRequestNetwork);
    expect(error.retryable).toBe(true);
  });

  it("a server that accepts and never answers: TimeoutError at timeoutMs", async () => {
    vendor.server.handle(() => {});
    const { value, ms } = await timed(() =>
      rejection(vendor.client<Paths>({ timeoutMs: 300 }).GET("/things")),
    );
    expect(value).toBeInstanceOf(TimeoutError);
    expect((value as TimeoutError).timeoutMs).toBe(300);
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(ms).toBeLessThan(2_000);
  });

  it("a body that trickles past the deadline: TimeoutError at timeoutMs", async () => {
    vendor.server.handle((req, res) => (req.url === "/token" ? trickle(res) : json(res, 200, {})));
    const { value, ms } = await timed(() =>
      rejection(vendor.client<Paths>({ timeoutMs: 300 }).GET("/things")),
    );
    expect(value).toBeInstanceOf(TimeoutError);
    expect(ms).toBeLessThan(2_000);
  });

  it("a 2 MiB answer is refused after reading 1 MiB", async () => {
    vendor.server.handle((req, res) => {
      if (req.url !== "/token") return json(res, 200, {});
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ access_token: "a", padding: "x".repeat(TWO_MIB) }));
    });
    const error = await rejection(vendor.client<Paths>({ maxRetries: 0 }).GET("/things"));
    expect(error).toBeInstanceOf(TokenResponseError);
    expect((error as Error).message).toContain("over 1 MiB");
  });

  it("a 2 MiB error body is not read whole: the error carries the status only", async () => {
    vendor.server.handle((req, res) => {
      if (req.url !== "/token") return json(res, 200, {});
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "server_error", padding: "x".repeat(TWO_MIB) }));
    });
    const error = (await rejection(
      vendor.client<Paths>({ maxRetries: 0 }).GET("/things"),
    )) as TokenRequestError;
    expect(error).toMatchObject({ status: 500, oauthError: undefined });
  });
});

describe("API faults", () => {
  it("a connection reset mid-body rejects the call with a NetworkError (part of the answer was read: not retried)", async () => {
    vendor.api((_req, res) => resetMidBody(res));
    const error = await rejection(vendor.client<Paths>().GET("/things"));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: ErrorCode.Network, method: "GET", attempts: 1 });
    expect((error as Error).message).toMatch(
      /^Loopback GET http:\/\/127\.0\.0\.1:\d+\/api\/things lost the connection while its response body was read\.$/,
    );
    expect(vendor.apiRequests()).toHaveLength(1);
  });

  it("calls that time out at the same instant each fail with their own TimeoutError, naming their own URL", async () => {
    type Numbered = {
      "/things/{n}": {
        get: {
          parameters: { path: { n: number } };
          responses: { 200: { content: { "application/json": unknown } } };
        };
      };
    };
    const client = vendor.client<Numbered>({ timeoutMs: 300 });
    vendor.api(() => {});
    // Started together (the token is fetched once for all): their limits pass at the same instant.
    const errors = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => rejection(client.GET("/things/{n}", { params: { path: { n } } }))),
    );
    errors.forEach((error, index) => {
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as Error).message).toMatch(
        new RegExp(
          `^Loopback GET http://127\\.0\\.0\\.1:\\d+/api/things/${index + 1} did not finish within timeoutMs \\(300 ms\\)\\.$`,
        ),
      );
      expect(error).toMatchObject({ method: "GET", attempts: 1 });
    });
  });

  it("an API that never answers: TimeoutError at timeoutMs", async () => {
    vendor.api(() => {});
    const { value, ms } = await timed(() =>
      rejection(vendor.client<Paths>({ timeoutMs: 300 }).GET("/things")),
    );
    expect(value).toBeInstanceOf(TimeoutError);
    expect((value as Error).message).toMatch(
      /^Loopback GET http:\/\/127\.0\.0\.1:\d+\/api\/things did not finish within timeoutMs \(300 ms\)\.$/,
    );
    expect(ms).toBeLessThan(2_000);
  });

  it("an API body that trickles past the deadline: TimeoutError while reading", async () => {
    vendor.api((_req, res) => trickle(res));
    const { value, ms } = await timed(() =>
      rejection(vendor.client<Paths>({ timeoutMs: 300 }).GET("/things")),
    );
    expect(value).toBeInstanceOf(TimeoutError);
    expect(ms).toBeLessThan(2_000);
  });

  it("one deadline covers the token request and the API call together", async () => {
    const slow = (fn: () => void) => setTimeout(fn, 200);
    vendor.server.handle((req, res) =>
      req.url === "/token"
        ? slow(() => json(res, 200, { access_token: "tok-slow", expires_in: 3600 }))
        : slow(() => json(res, 200, { ok: true })),
    );
    // Each takes 200 ms: within 300 ms apiece, not together.
    const error = await rejection(vendor.client<Paths>({ timeoutMs: 300 }).GET("/things"));
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it("passes a 2 MiB API body through intact", async () => {
    const payload = { items: "y".repeat(TWO_MIB) };
    vendor.api((_req, res) => json(res, 200, payload));
    const { data } = await vendor.client<Paths>().GET("/things");
    expect((data as typeof payload).items.length).toBe(TWO_MIB);
  });
});
