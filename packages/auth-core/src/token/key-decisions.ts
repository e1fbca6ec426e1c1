import type { CaduceusError } from "../errors/caduceus-error.js";
import { TOKEN_REQUEST_RATE_LIMITED } from "../errors/codes.js";
import { TokenRequestError } from "../errors/token-request-error.js";
import { TokenResponseError } from "../errors/token-response-error.js";
import { isStoredToken } from "../store/guarded-store.js";
import type { KeyState } from "./key-state.js";
import { type ScheduledToken, scheduleRefresh } from "./refresh-schedule.js";

/**
 * The per-key decisions of the token lifecycle, as pure functions of a key's state and the time:
 * serve the cached token, refresh ahead in the background, wait for a token, back off after failed
 * refreshes, block the token endpoint after a 429 or a non-retryable failure. `TokenProvider` does
 * what they decide (docs/contract.md, behaviours 1 to 3 and 5); they change nothing themselves.
 */

/**
 * How long a non-retryable failure (e.g. `invalid_client`) answers every call without a new request.
 *
 * @group Token lifecycle
 */
export const NEGATIVE_CACHE_MS = 5_000;
/** Back-off of refreshes after failures: 1 s, 2 s, 4 s … up to a minute, jittered. */
const REFRESH_BACKOFF_BASE_MS = 1_000;
const REFRESH_BACKOFF_CAP_MS = 60_000;
/** A 429 blocks the key at most this long, whatever its Retry-After says (a year would brick the client). */
export const MAX_BLOCK_MS = 10 * 60_000;
/** Without a 429 Retry-After, the key is blocked this long. */
export const DEFAULT_BLOCK_MS = 1_000;

/** What a call does with the cached token: serve it (starting a refresh ahead or not), or miss. */
export type CachedDecision =
  | { readonly kind: "serve"; readonly token: ScheduledToken; readonly refreshAhead: boolean }
  | { readonly kind: "miss" };

const MISS: CachedDecision = { kind: "miss" };

/**
 * Serve while before the refresh window; in it, serve and refresh ahead (one refresh at a time, not
 * inside a back-off); in the final window, miss (callers wait), unless the last refresh failed and
 * its back-off runs: then the still-valid token is served. A token without expiry is always served.
 */
export function decideCached(state: Readonly<KeyState>, now: number): CachedDecision {
  const token = state.token;
  if (!token) return MISS;
  if (token.blockAt === null || token.refreshAt === null || token.expiresAt === null || now < token.refreshAt)
    return { kind: "serve", token, refreshAhead: false };
  if (now < token.blockAt)
    return { kind: "serve", token, refreshAhead: !state.inflight && now >= state.retryAt };
  if (now < token.expiresAt && state.failures > 0 && now < state.retryAt && !state.inflight)
    return { kind: "serve", token, refreshAhead: false };
  return MISS;
}

/**
 * After a miss: without a valid token, inside the back-off of a failed refresh and with nothing in
 * flight, the call rejects at once with the last error (no request); otherwise it waits for one.
 */
export function decideMiss(
  state: Readonly<KeyState>,
  now: number,
): { readonly kind: "back-off"; readonly error: CaduceusError } | { readonly kind: "wait" } {
  const valid = state.token?.expiresAt != null && now < state.token.expiresAt;
  if (!valid && !state.inflight && state.lastError && now < state.retryAt)
    return { kind: "back-off", error: state.lastError };
  return { kind: "wait" };
}

/** The error a blocked key answers with instead of a token request, or `undefined` when it is open. */
export function blockingError(state: Readonly<KeyState>, now: number): CaduceusError | undefined {
  return now < state.blockedUntil ? state.blockedError : undefined;
}

/** The token a failed refresh still leaves usable: the held one, until it truly expires. */
export function stillValidToken(state: Readonly<KeyState>, now: number): ScheduledToken | undefined {
  const held = state.token;
  return held?.expiresAt != null && now < held.expiresAt ? held : undefined;
}

/**
 * Back-off after a failed refresh: 1 s, 2 s, 4 s … capped at a minute, times a jitter in [0.5, 1)
 * from `random` in [0, 1), so a fleet does not retry in lockstep.
 */
export function backOff(
  failures: number,
  now: number,
  random: number,
): { readonly failures: number; readonly retryAt: number } {
  const next = failures + 1;
  const base = Math.min(REFRESH_BACKOFF_CAP_MS, REFRESH_BACKOFF_BASE_MS * 2 ** (next - 1));
  return { failures: next, retryAt: now + base * (0.5 + random / 2) };
}

/**
 * How long a token-endpoint failure blocks the key: a 429 until its Retry-After (at most
 * {@link MAX_BLOCK_MS}, {@link DEFAULT_BLOCK_MS} without one), a non-retryable failure for
 * {@link NEGATIVE_CACHE_MS}; `undefined` for anything else (retryable failures, timeouts, aborts).
 */
export function endpointBlock(
  error: CaduceusError,
  now: number,
): { readonly blockedUntil: number; readonly blockedError: CaduceusError } | undefined {
  if (!(error instanceof TokenRequestError) && !(error instanceof TokenResponseError)) return undefined;
  if (error.code === TOKEN_REQUEST_RATE_LIMITED) {
    const retryAfter = (error as TokenRequestError).retryAfterMs ?? DEFAULT_BLOCK_MS;
    return { blockedUntil: now + Math.min(MAX_BLOCK_MS, retryAfter), blockedError: error };
  }
  if (!error.retryable) return { blockedUntil: now + NEGATIVE_CACHE_MS, blockedError: error };
  return undefined;
}

/**
 * A token read from the store, scheduled, when it may be adopted: a well-formed token that is neither
 * the one held nor the one an API refused, and still before its refresh window (for a background
 * refresh, which wants a newer one) or before its final window (for callers waiting). `random` is
 * the clock's, for the refresh jitter.
 */
export function adoptable(
  stored: unknown,
  state: Readonly<KeyState>,
  now: number,
  random: () => number,
  background: boolean,
): ScheduledToken | undefined {
  if (!isStoredToken(stored)) return undefined;
  if (stored.accessToken === state.token?.accessToken || stored.accessToken === state.rejected)
    return undefined;
  // Drawn only for a token that may be adopted: the jitter sequence stays that of the clock.
  const scheduled = scheduleRefresh(stored, random());
  const limit = background ? scheduled.refreshAt : scheduled.blockAt;
  return limit === null || now < limit ? scheduled : undefined;
}
