import { describe, expect, it } from "vitest";
import { ErrorCode } from "../errors/codes.js";
import { TokenRequestError } from "../errors/token-request-error.js";
import { TokenResponseError } from "../errors/token-response-error.js";
import { useMsw } from "../test-support/msw.js";
import { rejection, scenario } from "../test-support/scenario.js";
import { NEGATIVE_CACHE_MS } from "./token-provider.js";

// failures are never cached as tokens, but the endpoint is protected: after a 429 no new
// token request is sent for the key until Retry-After passes; a non-retryable answer is remembered
// briefly, so a burst of calls causes one request, not hundreds.
const server = useMsw();

describe("after a 429", () => {
  it("sends no token request for the key until Retry-After passes", async () => {
    const env = scenario(server);
    env.answers.push({ status: 429, body: { error: "slow_down" }, headers: { "retry-after": "120" } });
    const client = env.make();
    const first = await rejection(client.GET("/things"));
    expect(first).toMatchObject({ code: ErrorCode.TokenRequestRateLimited, retryAfterMs: 120_000 });
    for (let i = 0; i < 20; i++) expect(await rejection(client.GET("/things"))).toBe(first);
    expect(env.tokenRequests).toHaveLength(1);
    await env.clock.advance(120_000);
    expect((await client.GET("/things")).data?.ok).toBe(true);
    expect(env.tokenRequests).toHaveLength(2);
  });

  it("regression: calls during the block do not extend it", async () => {
    const env = scenario(server);
    env.answers.push({ status: 429, body: {}, headers: { "retry-after": "120" } });
    const client = env.make();
    await rejection(client.GET("/things"));
    for (let t = 0; t < 110_000; t += 10_000) {
      await env.clock.advance(10_000);
      await rejection(client.GET("/things"));
    }
    await env.clock.advance(10_000); // 120 s after the 429
    expect((await client.GET("/things")).data?.ok).toBe(true);
    expect(env.tokenRequests).toHaveLength(2);
  });

  it("without Retry-After blocks for a second", async () => {
    const env = scenario(server, { client: { maxRetries: 0 } });
    env.answers.push({ status: 429, body: {} });
    const client = env.make();
    await rejection(client.GET("/things"));
    await rejection(client.GET("/things"));
    expect(env.tokenRequests).toHaveLength(1);
    await env.clock.advance(1_000);
    expect((await client.GET("/things")).data?.ok).toBe(true);
  });
});

describe("a non-retryable failure", () => {
  it("is remembered briefly: a burst of calls causes one request", async () => {
    const env = scenario(server);
    env.answers.push({ status: 401, body: { error: "invalid_client" } });
    const client = env.make();
    const errors = [];
    for (let i = 0; i < 100; i++) errors.push(await rejection(client.GET("/things")));
    expect(env.tokenRequests).toHaveLength(1);
    expect(errors.every((e) => e instanceof TokenRequestError && e.oauthError === "invalid_client")).toBe(
      true,
    );
    await env.clock.advance(NEGATIVE_CACHE_MS);
    expect((await client.GET("/things")).data?.ok).toBe(true); // fixed credentials are picked up
    expect(env.tokenRequests).toHaveLength(2);
  });

  it("regression: steady calls do not keep the failure remembered forever", async () => {
    const env = scenario(server);
    env.answers.push(
      { status: 401, body: { error: "invalid_client" } },
      { status: 401, body: { error: "invalid_client" } },
    );
    const client = env.make();
    for (let t = 0; t < 10_000; t += 1_000) {
      await rejection(client.GET("/things"));
      await env.clock.advance(1_000);
    }
    // One request at 0 s, one at 5 s, then success at 10 s: never a request per call.
    expect(env.tokenRequests).toHaveLength(2);
    expect((await client.GET("/things")).data?.ok).toBe(true);
    expect(env.tokenRequests).toHaveLength(3);
  });

  it("covers unusable 2xx answers too (HTML instead of JSON)", async () => {
    const env = scenario(server);
    env.answers.push({
      status: 200,
      body: "<html>maintenance</html>",
      headers: { "content-type": "text/html" },
    });
    const client = env.make();
    const first = await rejection(client.GET("/things"));
    expect(first).toBeInstanceOf(TokenResponseError);
    expect(await rejection(client.GET("/things"))).toBe(first);
    expect(env.tokenRequests).toHaveLength(1);
  });

  it("is never stored as a token: the next good answer is used", async () => {
    const env = scenario(server);
    env.answers.push({ status: 400, body: { error: "invalid_scope" } });
    const client = env.make();
    await rejection(client.GET("/things"));
    expect(env.store.size).toBe(0);
    await env.clock.advance(NEGATIVE_CACHE_MS);
    expect((await client.GET("/things")).data?.ok).toBe(true);
    expect(env.store.size).toBe(1);
  });
});
