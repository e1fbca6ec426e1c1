import { HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { AbortError } from "../errors/abort-error.js";
import { TimeoutError } from "../errors/timeout-error.js";
import { useMsw } from "../test-support/msw.js";
import { createGate, rejection, scenario, settle, TOKEN_URL, until } from "../test-support/scenario.js";
import { tokenCacheKey } from "./cache-key.js";

// docs/contract.md, behaviour 2: any number of concurrent misses → one token request; one
// caller's abort detaches only that caller, the shared acquisition goes on under its own limit.
const server = useMsw();

describe("single flight", () => {
  it("answers 200 concurrent cold calls, across two clients, with one token request", async () => {
    const env = scenario(server);
    const [a, b] = [env.make(), env.make()];
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).GET("/things")));
    expect(results.every((r) => r.data?.ok)).toBe(true);
    expect(env.tokenRequests).toHaveLength(1);
    expect(env.clock.pendingTimers).toBe(0);
  });

  it("detaches only the caller that aborts; the others get the token of the same request", async () => {
    const env = scenario(server);
    const client = env.make();
    const slow = createGate();
    env.answers.push(async () => {
      await slow.opened;
      return HttpResponse.json({ access_token: env.issuer.issue("c"), expires_in: 3600 });
    });
    const controller = new AbortController();
    const aborted = client.GET("/things", { signal: controller.signal });
    const others = Array.from({ length: 3 }, () => client.GET("/things"));
    await until(() => env.tokenRequests.length === 1);
    controller.abort(new Error("user navigated away"));
    const error = await rejection(aborted);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).cause).toMatchObject({ message: "user navigated away" });
    slow.open();
    const results = await Promise.all(others);
    expect(results.every((r) => r.data?.ok)).toBe(true);
    expect(env.tokenRequests).toHaveLength(1);
    expect(env.clock.pendingTimers).toBe(0);
  });

  it("a caller's timeout detaches it; the shared acquisition runs on under its own limit", async () => {
    const env = scenario(server);
    const hasty = env.make({ timeoutMs: 1_000 });
    const patient = env.make({ timeoutMs: 30_000 });
    const slow = createGate();
    env.answers.push(async () => {
      await slow.opened;
      return HttpResponse.json({ access_token: env.issuer.issue("c"), expires_in: 3600 });
    });
    // The patient client starts the acquisition (its limit is the flight's); the hasty one joins.
    const second = patient.GET("/things");
    await until(() => env.tokenRequests.length === 1);
    const first = rejection(hasty.GET("/things"));
    await env.clock.advance(1_000);
    const error = await first;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toBe(
      "Example GET https://api.example.test/v1/things did not finish within timeoutMs (1000 ms).",
    );
    await env.clock.advance(4_000);
    slow.open();
    expect((await second).data?.ok).toBe(true);
    expect(env.tokenRequests).toHaveLength(1);
    expect(env.clock.pendingTimers).toBe(0);
  });

  it("an already aborted signal rejects at once without a token request", async () => {
    const env = scenario(server);
    const error = await rejection(env.make().GET("/things", { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(AbortError);
    await settle();
    await settle();
    expect(env.tokenRequests).toHaveLength(0);
    expect(env.clock.pendingTimers).toBe(0);
  });
});

describe("refresh_token grant (RFC 6749 §6)", () => {
  it("refreshes with the refresh token a response carried, single flight, and follows its rotation", async () => {
    const env = scenario(server, {
      preset: { clientAuthentication: "body" },
      credentials: { grant: "password", username: "u", password: "pw-secret" },
      lifetimeSeconds: 60,
    });
    let serial = 0;
    const issue = () =>
      HttpResponse.json({
        access_token: env.issuer.issue("c"),
        expires_in: 60,
        refresh_token: `rt-${++serial}`,
      });
    env.answers.push(issue, issue, issue);
    const client = env.make();
    await client.GET("/things");
    await env.clock.advance(61_000);
    await Promise.all(Array.from({ length: 20 }, () => client.GET("/things")));
    await env.clock.advance(61_000);
    await Promise.all(Array.from({ length: 20 }, () => client.GET("/things")));
    const grants = env.tokenRequests.map((r) => Object.fromEntries(r.form));
    expect(grants).toHaveLength(3);
    expect(grants[0]).toMatchObject({ grant_type: "password", username: "u", password: "pw-secret" });
    expect(grants[1]).toStrictEqual({
      grant_type: "refresh_token",
      client_id: "client-id",
      client_secret: env.credentials.clientSecret,
      refresh_token: "rt-1",
    });
    expect(grants[2]).toMatchObject({ grant_type: "refresh_token", refresh_token: "rt-2" });
  });

  it("falls back to the credentials once when the refresh token is refused", async () => {
    const env = scenario(server, { lifetimeSeconds: 60 });
    env.answers.push(
      () =>
        HttpResponse.json({ access_token: env.issuer.issue("c"), expires_in: 60, refresh_token: "rt-old" }),
      { status: 400, body: { error: "invalid_grant" } },
    );
    const client = env.make();
    await client.GET("/things");
    await env.clock.advance(61_000);
    expect((await client.GET("/things")).data?.ok).toBe(true);
    expect(env.tokenRequests.map((r) => r.form.get("grant_type"))).toEqual([
      "client_credentials",
      "refresh_token",
      "client_credentials",
    ]);
  });

  it("never puts a refresh token in the store", async () => {
    const env = scenario(server);
    env.answers.push(() =>
      HttpResponse.json({
        access_token: env.issuer.issue("c"),
        expires_in: 60,
        refresh_token: "rt-never-stored",
      }),
    );
    await env.make().GET("/things");
    const key = await tokenCacheKey("Example", TOKEN_URL, env.credentials);
    const stored = await env.store.get(key);
    expect(stored?.accessToken).toMatch(/^ey/);
    expect(JSON.stringify(stored)).not.toContain("rt-never-stored");
  });
});
