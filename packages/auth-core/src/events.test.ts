import { describe, expect, it } from "vitest";
import { ErrorCode } from "./errors/codes.js";
import type { AuthEvent } from "./events.js";
import { useMsw } from "./test-support/msw.js";
import { drive, SECRET, scenario, TOKEN_URL } from "./test-support/scenario.js";
import { tokenCacheKey } from "./token/cache-key.js";

// typed events through an optional hook; silent by default; never a secret or token.
const server = useMsw();

const ofType = <T extends AuthEvent["type"]>(events: AuthEvent[], type: T) =>
  events.filter((e): e is Extract<AuthEvent, { type: T }> => e.type === type);

describe("events", () => {
  it("report a cold call, a retry, the token, cache hits, a 401 replay; each with vendor, key and time", async () => {
    const env = scenario(server);
    env.answers.push({ status: 503, body: {} });
    const client = env.make();
    await drive(env.clock, client.GET("/things"));
    await client.GET("/things");
    env.issuer.revokeAll();
    await client.GET("/things");

    const key = await tokenCacheKey("Example", TOKEN_URL, env.credentials);
    for (const event of env.events) {
      expect(event.vendor).toBe("Example");
      expect(event.key).toBe(key);
      expect(event.at).toBeGreaterThanOrEqual(Date.UTC(2026, 0, 1));
    }
    expect(env.events.map((e) => e.type)).toEqual([
      "cache.miss",
      "token.requested",
      "token.retry",
      "token.requested",
      "token.obtained",
      "cache.hit",
      "cache.hit",
      "token.invalidated",
      "cache.miss",
      "token.requested",
      "token.obtained",
      "request.replayed",
    ]);
    expect(ofType(env.events, "token.requested")[0]).toMatchObject({
      attempt: 1,
      grant: "client_credentials",
    });
    expect(ofType(env.events, "token.retry")[0]).toMatchObject({ attempt: 1, status: 503, delayMs: 125 });
    expect(ofType(env.events, "token.obtained")[0]).toMatchObject({
      lifetimeMs: 3_600_000,
      lifetimeSource: "expires_in",
      background: false,
    });
    expect(ofType(env.events, "token.invalidated")[0]).toMatchObject({ reason: "401" });
    expect(ofType(env.events, "request.replayed")[0]).toMatchObject({
      method: "GET",
      url: "https://api.example.test/v1/things",
    });
  });

  it("report failures, foreground and background, with the (scrubbed) error", async () => {
    const env = scenario(server, { lifetimeSeconds: 3600, client: { maxRetries: 0 } });
    const client = env.make();
    await client.GET("/things");
    env.answers.push({ status: 400, body: { error: "invalid_grant", error_description: `bad ${SECRET}` } });
    await env.clock.advance(3_400_000);
    await client.GET("/things");
    await drive(env.clock, Promise.resolve(), 1);
    const [failed] = ofType(env.events, "token.failed");
    expect(failed).toMatchObject({ background: true });
    expect(failed?.error.code).toBe(ErrorCode.TokenRequestFailed);
    expect(JSON.stringify(env.events)).not.toContain(SECRET);
  });

  it("never carry a token or a secret", async () => {
    const env = scenario(server);
    await env.make().GET("/things");
    const text = JSON.stringify(env.events);
    expect(text).not.toContain(SECRET);
    expect(text).not.toMatch(/eyJ/);
  });

  it("a hook that throws never fails the call", async () => {
    const env = scenario(server);
    const client = env.make({
      onEvent: () => {
        throw new Error("observer bug");
      },
    });
    expect((await client.GET("/things")).data?.ok).toBe(true);
  });

  it("are silent without a hook", async () => {
    const env = scenario(server);
    const client = env.make({ onEvent: undefined });
    expect((await client.GET("/things")).data?.ok).toBe(true);
    expect(env.events).toHaveLength(0);
  });
});
