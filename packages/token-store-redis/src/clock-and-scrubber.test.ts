import { createFakeClock } from "@caduceus/auth-core/testing";
import { createAuthClient } from "@caduceus/auth-core/vendor";
import { expect, it } from "vitest";
import { createRedisTokenStore, RedisTokenStoreError, RedisTokenStoreErrorCode } from "./index.js";
import { useRedisServer } from "./test-support/redis.js";

// The store takes auth-core's Clock and uses auth-core's scrubber: one fake clock drives a wait, and
// a token that auth-core learnt is scrubbed from the store's errors (docs/contract.md, behaviour 7).
const redis = useRedisServer();
const { pool } = redis;

it("waits by the clock it is given: a ten-minute wait ends when the fake clock passes it", async () => {
  const clock = createFakeClock();
  const holder = createRedisTokenStore({
    client: pool.create(redis.server.port),
    pubSub: false,
    lockTtlMs: 600_000,
  });
  const store = createRedisTokenStore({ client: pool.create(redis.server.port), pubSub: false, clock });
  try {
    // Another process holds the refresh lock (for ten real minutes): the wait can only end by its limit.
    expect(await holder.lock("clock-key", 600_000)).toBeDefined();
    let settled = false;
    const waited = store.waitForToken("clock-key", 600_000);
    const done = () => {
      settled = true;
    };
    waited.then(done, done);
    const startedAt = Date.now();
    const fakeStart = clock.now();
    // A few real milliseconds per step, so the store's Redis polls (real I/O) keep pace with fake time
    // on a busy machine.
    for (let step = 0; step < 400 && !settled; step++) {
      await clock.advance(5_000);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(settled).toBe(true);
    expect(clock.now() - fakeStart).toBeGreaterThanOrEqual(600_000);
    await expect(waited).resolves.toBeUndefined();
    // Real time: the polls' Redis round trips only, not ten minutes.
    expect(Date.now() - startedAt).toBeLessThan(15_000);
  } finally {
    await store.close();
    await holder.close();
  }
});

it("scrubs from its errors' causes a token that auth-core learnt", async () => {
  const token = "live-token-seen-by-the-store-2c9e";
  const client = createAuthClient<{
    "/x": { get: { responses: { 200: { content: { "application/json": unknown } } } } };
  }>({
    preset: { vendor: "Acme", encoding: "form", clientAuthentication: "basic" },
    credentials: { grant: "client_credentials", clientId: "store-id", clientSecret: "store-secret" },
    baseUrl: "https://api.acme.test",
    tokenUrl: "https://auth.acme.test/token",
    fetch: async (input) => {
      const url = input instanceof Request ? input.url : String(input);
      return url.endsWith("/token")
        ? Response.json({ access_token: token, token_type: "Bearer", expires_in: 3600 })
        : Response.json({});
    },
  });
  await client.GET("/x");
  const echo = Object.assign(new Error(`ERR wrong value ${JSON.stringify({ accessToken: token })}`), {
    command: { name: "set", args: ["k", token] },
  });
  const error = new RedisTokenStoreError(
    RedisTokenStoreErrorCode.CommandFailed,
    "set",
    "Redis failed.",
    echo,
  );
  const cause = error.cause as Error & { command?: unknown };
  expect(cause.message).toContain("ERR wrong value");
  expect(cause.message).not.toContain(token);
  expect(cause.command).toBeUndefined();
});
