import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { TokenRequestError } from "../errors/token-request-error.js";
import type { AuthEvent } from "../events.js";
import { useMsw } from "../test-support/msw.js";
import { createGate, rejection, scenario, settle, TOKEN_URL, until } from "../test-support/scenario.js";

// Two tiers: a background refresh ahead of expiry (min(5 min, 20 %) of the life, jittered),
// callers wait only in the final window (min(30 s, 5 %)). The fake clock's random() is 0.5, so the
// refresh window is 85 % of min(5 min, 20 %).
const server = useMsw();

const authorizationOf = (request: Request | undefined) => request?.headers.get("authorization");
const failed = (events: AuthEvent[]) =>
  events.filter((e): e is Extract<AuthEvent, { type: "token.failed" }> => e.type === "token.failed");

describe("two-tier refresh", () => {
  it("does not refresh a 60 s token on every call", async () => {
    const env = scenario(server, { lifetimeSeconds: 60 });
    const client = env.make();
    for (let second = 0; second < 49; second++) {
      await client.GET("/things");
      await env.clock.advance(1_000);
    }
    expect(env.tokenRequests).toHaveLength(1);
    for (let second = 49; second < 120; second++) {
      expect((await client.GET("/things")).data?.ok).toBe(true);
      await env.clock.advance(1_000);
    }
    // One refresh about every 50 s: at 0, ~50 and ~100 s.
    expect(env.tokenRequests).toHaveLength(3);
    expect(env.clock.pendingTimers).toBe(0);
  });

  it("refreshes a 5 h token in the background: no caller waits for it", async () => {
    const env = scenario(server, { lifetimeSeconds: 5 * 3600 });
    const client = env.make();
    await client.GET("/things");
    const gate = createGate();
    env.answers.push(async () => {
      await gate.opened;
      return HttpResponse.json({ access_token: env.issuer.issue("c"), expires_in: 5 * 3600 });
    });
    // 5 h minus 4 min: inside the refresh window (4.25 min), before the final 30 s.
    await env.clock.advance(5 * 3600_000 - 240_000);
    const during = await client.GET("/things");
    expect(during.data?.ok).toBe(true);
    expect(env.tokenRequests).toHaveLength(2); // the background refresh is in flight, still unanswered
    const oldAuthorization = authorizationOf(env.apiRequests[1]);
    expect(authorizationOf(env.apiRequests[0])).toBe(oldAuthorization);
    gate.open();
    await until(() => env.events.some((e) => e.type === "token.obtained" && e.background));
    await client.GET("/things");
    expect(authorizationOf(env.apiRequests[2])).not.toBe(oldAuthorization);
    expect(env.tokenRequests).toHaveLength(2);
  });

  it("makes callers wait only in the final window", async () => {
    const env = scenario(server, { lifetimeSeconds: 3600 });
    const client = env.make();
    await client.GET("/things");
    const gate = createGate();
    env.answers.push(async () => {
      await gate.opened;
      return HttpResponse.json({ access_token: env.issuer.issue("c"), expires_in: 3600 });
    });
    await env.clock.advance(3600_000 - 20_000); // final window: the last 30 s
    let done = false;
    const call = client.GET("/things").then((result) => {
      done = true;
      return result;
    });
    await until(() => env.tokenRequests.length === 2);
    await settle();
    expect(done).toBe(false);
    gate.open();
    expect((await call).data?.ok).toBe(true);
  });

  it("keeps serving the valid token while refreshes fail, backs off, and rejects only after real expiry", async () => {
    const env = scenario(server, { lifetimeSeconds: 3600, client: { maxRetries: 0 } });
    const client = env.make();
    await client.GET("/things");
    let down = true;
    server.use(
      http.post(TOKEN_URL, () => {
        if (!down) return undefined; // falls through to the scenario's endpoint
        env.tokenRequests.push({ headers: {}, text: "", form: new URLSearchParams(), json: undefined });
        return HttpResponse.json({ error: "temporarily_unavailable" }, { status: 503 });
      }),
    );
    // Refresh window of a 1 h token: from 3345 s. Final window: from 3570 s.
    await env.clock.advance(3_400_000);
    expect((await client.GET("/things")).data?.ok).toBe(true);
    await until(() => failed(env.events).length === 1);
    expect(failed(env.events)[0]?.background).toBe(true);
    expect(env.tokenRequests).toHaveLength(2);

    // Backing off (1 s × 0.75): no new attempt yet, the old token still serves.
    expect((await client.GET("/things")).data?.ok).toBe(true);
    expect(env.tokenRequests).toHaveLength(2);
    await env.clock.advance(1_000);
    expect((await client.GET("/things")).data?.ok).toBe(true);
    await until(() => failed(env.events).length === 2);
    expect(env.tokenRequests).toHaveLength(3);

    // Regression: in the final window a failed refresh serves the still-valid token, not the error.
    await env.clock.advance(3_580_000 - 3_401_000);
    expect((await client.GET("/things")).data?.ok).toBe(true);
    expect(env.tokenRequests).toHaveLength(4);
    expect((await client.GET("/things")).data?.ok).toBe(true); // inside the back-off: no wait, no request
    expect(env.tokenRequests).toHaveLength(4);

    // After real expiry the call tries again and rejects with that error...
    await env.clock.advance(21_000);
    const expired = await rejection(client.GET("/things"));
    expect(expired).toBeInstanceOf(TokenRequestError);
    expect((expired as TokenRequestError).status).toBe(503);
    expect(env.tokenRequests).toHaveLength(5);
    // ...and, inside the back-off, later calls reject at once with the same last error.
    expect(await rejection(client.GET("/things"))).toBe(expired);
    expect(env.tokenRequests).toHaveLength(5);

    down = false;
    await env.clock.advance(10_000);
    expect((await client.GET("/things")).data?.ok).toBe(true);
    expect(env.tokenRequests).toHaveLength(6);
    expect(env.clock.pendingTimers).toBe(0);
  });

  it("jitters the refresh point, so a fleet does not refresh in lockstep", async () => {
    const refreshedBy3350s = async (random: number) => {
      server.resetHandlers();
      const env = scenario(server, { lifetimeSeconds: 3600 });
      env.clock.setRandom(random);
      const client = env.make();
      await client.GET("/things");
      await env.clock.advance(3_350_000);
      await client.GET("/things");
      await settle();
      await settle();
      return env.tokenRequests.length === 2;
    };
    expect(await refreshedBy3350s(0)).toBe(true); // refresh window 300 s: from 3300 s
    expect(await refreshedBy3350s(0.99)).toBe(false); // refresh window ~211 s: from ~3389 s
  });
});
