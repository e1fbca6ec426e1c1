import { HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { AuthEvent } from "../events.js";
import { fakeJwt } from "../test-support/jwt.js";
import { useMsw } from "../test-support/msw.js";
import { scenario, until } from "../test-support/scenario.js";
import { computeLifetime } from "./lifetime.js";

// docs/contract.md, behaviour 3: lifetime = shortest of expires_in, JWT exp (exp - iat preferred),
// the preset's maximum; measured from when the request was sent; none of them → reuse until a 401.
const server = useMsw();

const obtained = (events: AuthEvent[]) =>
  events.filter((e): e is Extract<AuthEvent, { type: "token.obtained" }> => e.type === "token.obtained");

/** A scenario whose token endpoint answers with `make(nowSeconds)` as the token answer body. */
function withAnswers(body: (nowSeconds: number) => Record<string, unknown>, maxLifetimeSeconds?: number) {
  const env = scenario(server, {
    acceptAnyToken: true,
    ...(maxLifetimeSeconds ? { preset: { maxLifetimeSeconds } } : {}),
  });
  env.answers.push(
    ...Array.from({ length: 5 }, () => () => HttpResponse.json(body(Math.floor(env.clock.now() / 1000)))),
  );
  return env;
}

describe("lifetime", () => {
  type Answer = (now: number) => Record<string, unknown>;
  it.each<[string, Answer, number | undefined, number, string]>([
    [
      "expires_in wins when shortest",
      (now) => ({ access_token: fakeJwt({ iat: now, exp: now + 3600 }), expires_in: 600 }),
      7200,
      600_000,
      "expires_in",
    ],
    [
      // The vendor's clock is an hour ahead: exp is two hours from our now, but the token lives 300 s.
      "the JWT wins when shortest, measured as exp - iat so the vendor's clock skew does not count",
      (now) => ({ access_token: fakeJwt({ iat: now + 3600, exp: now + 3900 }), expires_in: 3600 }),
      undefined,
      300_000,
      "jwt",
    ],
    [
      "a JWT without iat counts exp against our clock",
      (now) => ({ access_token: fakeJwt({ exp: now + 120 }) }),
      undefined,
      120_000,
      "jwt",
    ],
    [
      "the preset's documented maximum wins when shortest",
      (now) => ({ access_token: fakeJwt({ iat: now, exp: now + 86400 }), expires_in: 86400 }),
      18000,
      18_000_000,
      "preset-max",
    ],
  ])("%s", async (_title, answer, maxLifetimeSeconds, lifetimeMs, lifetimeSource) => {
    const env = withAnswers(answer, maxLifetimeSeconds);
    await env.make().GET("/things");
    expect(obtained(env.events)[0]).toMatchObject({ lifetimeMs, lifetimeSource });
  });

  it("regression: a JWT already expired by our clock (skew, no iat) is ignored, not one request per call", async () => {
    const env = withAnswers((now) => ({ access_token: fakeJwt({ exp: now - 60 }), expires_in: 600 }));
    const client = env.make();
    for (let i = 0; i < 5; i++) await client.GET("/things");
    expect(env.tokenRequests).toHaveLength(1);
    expect(obtained(env.events)[0]).toMatchObject({ lifetimeMs: 600_000, lifetimeSource: "expires_in" });
  });

  it("with no signal at all, reuses the token until a 401 (docs/contract.md, behaviour 3)", async () => {
    const env = scenario(server, { expiresIn: false, acceptAnyToken: true });
    env.answers.push({ body: { access_token: "opaque-1", token_type: "Bearer" } });
    const client = env.make();
    await client.GET("/things");
    await env.clock.advance(10 * 365 * 24 * 3600_000);
    expect((await client.GET("/things")).data?.ok).toBe(true);
    expect(env.tokenRequests).toHaveLength(1);
    expect(obtained(env.events)[0]).toMatchObject({ lifetimeMs: null, lifetimeSource: "none" });
    env.refused.add("opaque-1");
    env.answers.push({ body: { access_token: "opaque-2" } });
    expect((await client.GET("/things")).data?.ok).toBe(true);
    expect(env.tokenRequests).toHaveLength(2);
  });

  it("counts from when the request was sent, not when the answer came", async () => {
    const env = scenario(server, { lifetimeSeconds: 60 });
    const client = env.make();
    // The endpoint takes 20 s to answer a 60 s token.
    env.answers.push(async () => {
      await new Promise((resolve) => env.clock.setTimeout(() => resolve(undefined), 20_000));
      return HttpResponse.json({ access_token: env.issuer.issue("c"), expires_in: 60 });
    });
    const first = client.GET("/things");
    await until(() => env.tokenRequests.length === 1, "the token request");
    await env.clock.advance(20_000);
    await first;
    // 58 s after sending is inside the final window (the last 3 s of 60): the next call refreshes.
    await env.clock.advance(38_000);
    await client.GET("/things");
    expect(env.tokenRequests).toHaveLength(2);
  });

  it("computeLifetime picks the shortest signal", () => {
    const sentAt = Date.UTC(2026, 0, 1);
    expect(
      computeLifetime({
        accessToken: "opaque",
        expiresInSeconds: undefined,
        maxLifetimeSeconds: undefined,
        sentAt,
      }),
    ).toEqual({
      expiresAt: null,
      source: "none",
    });
    expect(
      computeLifetime({ accessToken: "opaque", expiresInSeconds: 10, maxLifetimeSeconds: 5, sentAt }),
    ).toEqual({
      expiresAt: sentAt + 5000,
      source: "preset-max",
    });
  });
});
