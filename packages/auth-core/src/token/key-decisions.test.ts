import { describe, expect, it } from "vitest";
import { ErrorCode } from "../errors/codes.js";
import { TimeoutError } from "../errors/timeout-error.js";
import { TokenRequestError } from "../errors/token-request-error.js";
import {
  adoptable,
  backOff,
  blockingError,
  DEFAULT_BLOCK_MS,
  decideCached,
  decideMiss,
  endpointBlock,
  MAX_BLOCK_MS,
  NEGATIVE_CACHE_MS,
  stillValidToken,
} from "./key-decisions.js";
import { freshKeyState, type KeyState } from "./key-state.js";
import { scheduleRefresh } from "./refresh-schedule.js";

// The per-key decisions as tables: a 100 s token obtained at 0 is refreshed ahead from 80 s (no
// jitter: random 0), callers wait from 95 s, it expires at 100 s.
const token = scheduleRefresh(
  { accessToken: "t1", tokenType: "Bearer", obtainedAt: 0, expiresAt: 100_000 },
  0,
);
const forever = scheduleRefresh(
  { accessToken: "t0", tokenType: "Bearer", obtainedAt: 0, expiresAt: null },
  0,
);
const inflight = new Promise<never>(() => {});
const failure = (status: number, retryable: boolean, retryAfterMs?: number) =>
  new TokenRequestError(
    status === 429 ? ErrorCode.TokenRequestRateLimited : ErrorCode.TokenRequestFailed,
    `Acme token request POST https://auth.acme.test/token failed with ${status}.`,
    { method: "POST", url: "https://auth.acme.test/token", status, attempts: 1, retryable, retryAfterMs },
  );
const lastError = failure(503, true);
const state = (patch: Partial<KeyState>): KeyState => ({ ...freshKeyState(), ...patch });

describe("decideCached", () => {
  it.each([
    ["no token", state({}), 0, "miss", false],
    ["a token without expiry", state({ token: forever }), 1e12, "serve", false],
    ["before the refresh window", state({ token }), 79_999, "serve", false],
    ["in the refresh window", state({ token }), 80_000, "serve", true],
    ["in the refresh window, a refresh in flight", state({ token, inflight }), 90_000, "serve", false],
    [
      "in the refresh window, inside a back-off",
      state({ token, failures: 1, retryAt: 91_000 }),
      90_000,
      "serve",
      false,
    ],
    ["in the final window", state({ token }), 95_000, "miss", false],
    [
      "in the final window, inside a back-off",
      state({ token, failures: 1, retryAt: 99_000 }),
      96_000,
      "serve",
      false,
    ],
    [
      "in the final window, back-off over",
      state({ token, failures: 1, retryAt: 96_000 }),
      96_000,
      "miss",
      false,
    ],
    ["expired, inside a back-off", state({ token, failures: 1, retryAt: 200_000 }), 100_000, "miss", false],
  ] as const)("%s", (_case, keyState, now, kind, refreshAhead) => {
    const decision = decideCached(keyState, now);
    expect(decision.kind).toBe(kind);
    if (decision.kind === "serve") {
      expect(decision.token).toBe(keyState.token);
      expect(decision.refreshAhead).toBe(refreshAhead);
    }
  });
});

describe("decideMiss", () => {
  it.each([
    ["nothing known", state({}), 0, "wait"],
    [
      "expired, inside the back-off of a failed refresh",
      state({ token, lastError, retryAt: 150_000 }),
      120_000,
      "back-off",
    ],
    ["expired, back-off over", state({ token, lastError, retryAt: 150_000 }), 150_000, "wait"],
    [
      "expired, a refresh in flight",
      state({ token, lastError, retryAt: 150_000, inflight }),
      120_000,
      "wait",
    ],
    ["still valid (final window)", state({ token, lastError, retryAt: 150_000 }), 96_000, "wait"],
  ] as const)("%s", (_case, keyState, now, kind) => {
    const decision = decideMiss(keyState, now);
    expect(decision.kind).toBe(kind);
    if (decision.kind === "back-off") expect(decision.error).toBe(lastError);
  });
});

describe("blockingError and stillValidToken", () => {
  it("blocks until blockedUntil, then lets requests through", () => {
    const blocked = state({ blockedUntil: 5_000, blockedError: lastError });
    expect(blockingError(blocked, 4_999)).toBe(lastError);
    expect(blockingError(blocked, 5_000)).toBeUndefined();
  });

  it.each([
    [96_000, "t1"],
    [99_999, "t1"],
    [100_000, undefined],
  ])("at %i ms the held token is %s", (now, expected) => {
    expect(stillValidToken(state({ token }), now)?.accessToken).toBe(expected);
  });
});

describe("backOff", () => {
  it.each([
    [0, 0, 1, 500],
    [0, 0.999_999, 1, 1_000],
    [1, 0, 2, 1_000],
    [2, 0, 3, 2_000],
    [6, 0, 7, 30_000],
    [7, 0, 8, 30_000], // capped at 60 s before the jitter
    [20, 0.999_999, 21, 60_000],
  ])("after %i failures, random %d: failure %i, retry in ~%i ms", (failures, random, next, delay) => {
    const decision = backOff(failures, 10_000, random);
    expect(decision.failures).toBe(next);
    expect(decision.retryAt - 10_000).toBeCloseTo(delay, -1);
  });
});

describe("endpointBlock", () => {
  it.each([
    ["429 with Retry-After 30 s", failure(429, true, 30_000), 30_000],
    ["429 without Retry-After", failure(429, true), DEFAULT_BLOCK_MS],
    ["429 asking for a year", failure(429, true, 365 * 24 * 3_600_000), MAX_BLOCK_MS],
    ["400 invalid_client (not retryable)", failure(400, false), NEGATIVE_CACHE_MS],
    ["503 (retryable)", failure(503, true), undefined],
    ["a timeout", new TimeoutError("Acme token request timed out.", 1_000), undefined],
  ])("%s blocks for %s ms", (_case, error, blockMs) => {
    const block = endpointBlock(error, 1_000);
    expect(block && block.blockedUntil - 1_000).toBe(blockMs);
    if (block) expect(block.blockedError).toBe(error);
  });
});

describe("adoptable", () => {
  const stored = { accessToken: "t2", tokenType: "Bearer", obtainedAt: 0, expiresAt: 100_000 };
  const random = () => 0;
  it.each([
    ["a newer token, before its refresh window", stored, state({ token }), 50_000, false, "t2"],
    [
      "a newer token in its refresh window, for a waiting caller",
      stored,
      state({ token }),
      90_000,
      false,
      "t2",
    ],
    [
      "a newer token in its refresh window, for a background refresh",
      stored,
      state({ token }),
      90_000,
      true,
      undefined,
    ],
    ["a newer token in its final window", stored, state({ token }), 96_000, false, undefined],
    ["the token already held", { ...stored, accessToken: "t1" }, state({ token }), 50_000, false, undefined],
    ["the token an API refused", stored, state({ rejected: "t2" }), 50_000, false, undefined],
    ["not a token", { accessToken: 42 }, state({}), 0, false, undefined],
    ["nothing", undefined, state({}), 0, false, undefined],
  ])("%s", (_case, value, keyState, now, background, expected) => {
    expect(adoptable(value, keyState, now, random, background)?.accessToken).toBe(expected);
  });
});
