import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { AbortError } from "./errors/abort-error.js";
import { TimeoutError } from "./errors/timeout-error.js";
import { useMsw } from "./test-support/msw.js";
import {
  API_BASE,
  drive,
  rejection,
  scenario,
  TOKEN_URL,
  trickling,
  until,
} from "./test-support/scenario.js";

// one deadline (timeoutMs) covers token acquisition, every attempt, backoffs and reading
// the body; abort signals are honoured at every await; no timer is left behind.
const server = useMsw();

describe("the call's deadline", () => {
  it("covers every attempt and backoff of the token request", async () => {
    const env = scenario(server, { client: { timeoutMs: 2_000, maxRetries: 10 } });
    // Each attempt takes 700 ms and fails: the third is cut by the deadline at 2 s.
    server.use(
      http.post(TOKEN_URL, async () => {
        await new Promise((resolve) => env.clock.setTimeout(() => resolve(undefined), 700));
        return HttpResponse.json({}, { status: 503 });
      }),
    );
    const error = await drive(env.clock, rejection(env.make().GET("/things")), 25);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(env.clock.now() - Date.UTC(2026, 0, 1)).toBeLessThanOrEqual(2_025);
    await env.clock.advance(700); // lets the mock endpoint's own 700 ms timer finish
    expect(env.clock.pendingTimers).toBe(0);
  });

  it("is never outlived by a backoff: a wait past it fails at once with the last answer", async () => {
    const env = scenario(server, { client: { timeoutMs: 1_000, maxRetries: 10 } });
    env.answers.push(
      ...Array.from({ length: 5 }, () => ({ status: 503, body: {}, headers: { "retry-after": "0.6" } })),
    );
    const call = rejection(env.make().GET("/things"));
    await until(() => env.events.some((e) => e.type === "token.retry"), "the first retry");
    await env.clock.advance(600);
    // The second attempt fails at 600 ms; another 600 ms would pass the 1 s limit: fail now.
    expect(await call).toMatchObject({ status: 503, attempts: 2, retryAfterMs: 600 });
    expect(env.clock.now() - Date.UTC(2026, 0, 1)).toBe(600);
    expect(env.clock.pendingTimers).toBe(0);
  });

  it("covers reading the response body", async () => {
    const env = scenario(server, { client: { timeoutMs: 1_000 } });
    server.use(http.get(`${API_BASE}/things`, trickling));
    const call = rejection(env.make().GET("/things"));
    await until(() => env.tokenRequests.length === 1);
    await drive(env.clock, call, 100);
    expect(await call).toBeInstanceOf(TimeoutError);
    expect(env.clock.pendingTimers).toBe(0);
  });

  it("leaves no timer when the call succeeds, fails or is aborted", async () => {
    const env = scenario(server);
    const client = env.make();
    await client.GET("/things");
    await client.HEAD("/things" as never);
    const controller = new AbortController();
    const aborted = rejection(client.GET("/things", { signal: controller.signal }));
    controller.abort();
    expect(await aborted).toBeInstanceOf(AbortError);
    expect(env.clock.pendingTimers).toBe(0);
  });
});

describe("abort signals", () => {
  it("are honoured while waiting for a token, with the reason kept as cause", async () => {
    const env = scenario(server);
    env.answers.push(() => new Promise<Response>(() => {})); // the token endpoint hangs
    const controller = new AbortController();
    const call = rejection(env.make({ timeoutMs: 5_000 }).GET("/things", { signal: controller.signal }));
    await until(() => env.tokenRequests.length === 1);
    controller.abort("user cancelled");
    const error = (await call) as AbortError;
    expect(error).toBeInstanceOf(AbortError);
    expect(error.message).toBe(
      "Example token request POST https://auth.example.test/oauth/token was aborted by the caller's signal.",
    );
    expect(error.cause).toMatchObject({ message: "user cancelled" });
    await env.clock.advance(5_000); // the shared acquisition gives up under its own limit
    expect(env.clock.pendingTimers).toBe(0);
  });

  it("are honoured while reading the body", async () => {
    const env = scenario(server);
    server.use(http.get(`${API_BASE}/things`, trickling));
    const controller = new AbortController();
    const client = env.make();
    const call = rejection(client.GET("/things", { signal: controller.signal }));
    await until(() => env.apiRequests.length === 1 || env.tokenRequests.length === 1);
    await until(() => env.clock.pendingTimers === 1, "the API call's deadline");
    controller.abort();
    expect(await call).toBeInstanceOf(AbortError);
    expect(env.clock.pendingTimers).toBe(0);
  });
});
