import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { ErrorCode } from "../errors/codes.js";
import { TokenRequestError } from "../errors/token-request-error.js";
import type { AuthEvent } from "../events.js";
import { useMsw } from "../test-support/msw.js";
import { drive, rejection, scenario, TOKEN_URL, until } from "../test-support/scenario.js";
import { RetryBudget } from "./retry-policy.js";

// docs/contract.md, behaviour 5 ("token-endpoint retries"): 408, 429, 5xx and network errors, with
// exponential backoff, jitter and a floor, Retry-After honoured up to a cap, a retry budget.
const server = useMsw();

const retries = (events: AuthEvent[]) =>
  events.filter((e): e is Extract<AuthEvent, { type: "token.retry" }> => e.type === "token.retry");

describe("which failures are retried", () => {
  it.each([408, 429, 500, 502, 503, 504])("retries %i, then succeeds", async (status) => {
    const env = scenario(server);
    env.answers.push({ status, body: { error: "busy" } });
    const result = await drive(env.clock, env.make().GET("/things"));
    expect(result.data?.ok).toBe(true);
    expect(env.tokenRequests).toHaveLength(2);
    expect(retries(env.events)[0]).toMatchObject({ attempt: 1, status });
  });

  it.each([400, 401, 403, 404])("does not retry %i", async (status) => {
    const env = scenario(server);
    env.answers.push({ status, body: { error: "invalid_client" } });
    const error = await rejection(env.make().GET("/things"));
    expect(error).toBeInstanceOf(TokenRequestError);
    expect((error as TokenRequestError).attempts).toBe(1);
    expect(env.tokenRequests).toHaveLength(1);
  });

  it("retries network errors and reports them with their own code after the last attempt", async () => {
    const env = scenario(server);
    env.answers.push(
      () => HttpResponse.error(),
      () => HttpResponse.error(),
      () => HttpResponse.error(),
    );
    const error = (await drive(env.clock, rejection(env.make().GET("/things")))) as TokenRequestError;
    expect(error).toBeInstanceOf(TokenRequestError);
    expect(error).toMatchObject({
      code: ErrorCode.TokenRequestNetwork,
      attempts: 3,
      retryable: true,
      status: undefined,
    });
    expect(error.message).toMatch(
      /^Example token endpoint POST https:\/\/auth\.example\.test\/oauth\/token could not be reached/,
    );
    expect(env.tokenRequests).toHaveLength(3);
  });

  it("makes maxRetries + 1 attempts at most", async () => {
    for (const maxRetries of [0, 1, 4]) {
      server.resetHandlers();
      const env = scenario(server, { client: { maxRetries } });
      env.answers.push(...Array.from({ length: 6 }, () => ({ status: 503, body: {} })));
      const error = (await drive(env.clock, rejection(env.make().GET("/things")))) as TokenRequestError;
      expect(error.attempts).toBe(maxRetries + 1);
      expect(env.tokenRequests).toHaveLength(maxRetries + 1);
    }
  });
});

describe("backoff", () => {
  it("is exponential with full jitter and a 100 ms floor", async () => {
    const env = scenario(server, { client: { maxRetries: 4 } });
    env.clock.setRandom(0, 0.999, 0.999, 0.5);
    env.answers.push(...Array.from({ length: 4 }, () => ({ status: 503, body: {} })));
    await drive(env.clock, env.make().GET("/things"));
    // random 0 → the floor; then 250·2^(n-1)·random.
    expect(retries(env.events).map((e) => e.delayMs)).toEqual([100, 500, 999, 1000]);
  });
});

describe("Retry-After", () => {
  it.each([
    ["delay-seconds", { "retry-after": "2" }, 2000],
    ["an HTTP date", { "retry-after": new Date(Date.UTC(2026, 0, 1, 0, 0, 3)).toUTCString() }, 3000],
    ["retry-after-ms", { "retry-after-ms": "1500" }, 1500],
    ["0, which still waits the floor", { "retry-after": "0" }, 100],
    ["a date in the past, which waits the floor", { "retry-after": "Wed, 21 Oct 2015 07:28:00 GMT" }, 100],
  ])("honours %s", async (_what, headers, delayMs) => {
    const env = scenario(server);
    env.answers.push({ status: 429, body: {}, headers });
    const call = env.make().GET("/things");
    await until(() => retries(env.events).length === 1, "the retry");
    expect(retries(env.events)[0]?.delayMs).toBe(delayMs);
    await env.clock.advance(delayMs - 1);
    expect(env.tokenRequests).toHaveLength(1);
    await drive(env.clock, call, 1);
    expect(env.tokenRequests).toHaveLength(2);
  });

  it.each([
    ["over the one-minute cap", "120", 120_000],
    ["of a day", "86400", 86_400_000],
    ["absurdly large", "99999999999999999999", 365 * 24 * 3600_000],
  ])("fails at once with retryAfterMs when %s", async (_what, value, retryAfterMs) => {
    const env = scenario(server);
    env.answers.push({ status: 429, body: { error: "slow_down" }, headers: { "retry-after": value } });
    const error = (await rejection(env.make().GET("/things"))) as TokenRequestError;
    expect(error).toMatchObject({
      code: ErrorCode.TokenRequestRateLimited,
      status: 429,
      retryAfterMs,
      attempts: 1,
    });
    expect(env.tokenRequests).toHaveLength(1);
    expect(env.clock.pendingTimers).toBe(0);
  });

  it("regression: a Retry-After longer than the time left fails at once with the answer, not a timeout", async () => {
    const env = scenario(server, { client: { timeoutMs: 5_000 } });
    env.answers.push({ status: 503, body: {}, headers: { "retry-after": "10" } });
    const error = (await rejection(env.make().GET("/things"))) as TokenRequestError;
    expect(error).toBeInstanceOf(TokenRequestError);
    expect(error.retryAfterMs).toBe(10_000);
    expect(env.clock.now()).toBe(Date.UTC(2026, 0, 1));
  });
});

describe("retry budget", () => {
  it("stops retrying when the budget is spent, and refunds on success", async () => {
    const env = scenario(server, { client: { retryBudget: new RetryBudget(5), maxRetries: 5 } });
    env.answers.push(...Array.from({ length: 6 }, () => ({ status: 500, body: {} })));
    const error = (await drive(env.clock, rejection(env.make().GET("/things")))) as TokenRequestError;
    // 5 tokens pay for one retry after a status (cost 5): two attempts, not six.
    expect(error.attempts).toBe(2);
    expect(env.tokenRequests).toHaveLength(2);
  });

  it("charges network errors double and refunds one token per successful request", async () => {
    const budget = new RetryBudget(20);
    const env = scenario(server, { client: { retryBudget: budget } });
    env.answers.push(() => HttpResponse.error());
    await drive(env.clock, env.make().GET("/things"));
    expect(budget.available).toBe(20 - 10 + 1);
  });

  it("is shared by the clients given it, so an outage does not become a retry storm", async () => {
    const budget = new RetryBudget(10);
    const env = scenario(server, { client: { retryBudget: budget, maxRetries: 10 } });
    const other = scenario(server, { client: { retryBudget: budget, maxRetries: 10 } });
    server.use(http.post(TOKEN_URL, () => HttpResponse.json({}, { status: 503 })));
    const a = await drive(env.clock, rejection(env.make().GET("/things")));
    const b = await drive(
      other.clock,
      rejection(
        other
          .make({ credentials: { grant: "client_credentials", clientId: "other", clientSecret: "x-secret" } })
          .GET("/things"),
      ),
    );
    expect((a as TokenRequestError).attempts + (b as TokenRequestError).attempts).toBe(4);
    expect(budget.available).toBe(0);
  });
});
