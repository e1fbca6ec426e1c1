import type { StoredToken } from "../store/token-store.js";
import { bearerAuthorization } from "./bearer.js";

/** A token as one process schedules it: when to refresh in the background, when callers must wait. */
export interface ScheduledToken extends StoredToken {
  /** From here on, a call still uses the token but starts a background refresh. `null`: never. */
  refreshAt: number | null;
  /** From here on, callers wait for a new token (the short final window). `null`: never. */
  blockAt: number | null;
  /** `Bearer <token>`, built once per token instead of once per call. */
  authorization: string;
}

/** The refresh window is at most this long (5 min)… */
const REFRESH_WINDOW_MAX_MS = 300_000;
/** …and at most this share of the life. */
const REFRESH_WINDOW_SHARE = 0.2;
/** The window is shortened by up to this share at random, so a fleet does not refresh in lockstep. */
const REFRESH_JITTER = 0.3;
/** The final window, when callers wait, is at most 30 s and 5 % of the life. */
const FINAL_WINDOW_MAX_MS = 30_000;
const FINAL_WINDOW_SHARE = 0.05;

/**
 * Two-tier refresh (docs/contract.md, behaviour 3). Refresh window: min(5 min, 20 % of the life), shortened by up to 30 %
 * at random (`random` in [0, 1)). Final window (callers wait): min(30 s, 5 % of the life). A 60 s
 * token is thus refreshed about every 50 s, not on every call; a 5 h token refreshes in the
 * background ~4 min ahead and nobody waits. A token without expiry is never refreshed on time.
 *
 * @example
 * ```ts
 * scheduleRefresh({ accessToken: "t", tokenType: "Bearer", obtainedAt: 0, expiresAt: 60_000 }, 0.5)
 * // { …, refreshAt: 49_800, blockAt: 57_000, authorization: "Bearer t" }
 * ```
 */
export function scheduleRefresh(token: StoredToken, random: number): ScheduledToken {
  const authorization = bearerAuthorization(token.accessToken);
  if (token.expiresAt === null) return { ...token, refreshAt: null, blockAt: null, authorization };
  const life = Math.max(0, token.expiresAt - token.obtainedAt);
  const refreshWindow =
    Math.min(REFRESH_WINDOW_MAX_MS, life * REFRESH_WINDOW_SHARE) * (1 - REFRESH_JITTER * random);
  const finalWindow = Math.min(FINAL_WINDOW_MAX_MS, life * FINAL_WINDOW_SHARE);
  return {
    ...token,
    refreshAt: token.expiresAt - refreshWindow,
    blockAt: token.expiresAt - finalWindow,
    authorization,
  };
}
