import type { Clock } from "./clock.js";
import type { AuthEventHandler } from "./events.js";
import type { TokenStore } from "./store/token-store.js";

export { DEFAULT_TIMEOUT_MS } from "./deadline.js";
export { DEFAULT_MAX_RETRIES } from "./token/retry-policy.js";

/**
 * Options every vendor factory accepts (the `common` options of the contract).
 *
 * @example
 * ```ts
 * createCandidClient({ clientId, clientSecret, timeoutMs: 10_000, maxRetries: 4, onEvent: console.debug });
 * ```
 */
export interface CommonClientOptions {
  /** API origin and base path. Default: the vendor's documented URL for the chosen environment. */
  baseUrl?: string;
  /** Token endpoint. Default: the vendor's documented one (required where it is issued per customer). */
  tokenUrl?: string;
  /**
   * The fetch used for every request, token requests included. Default: `globalThis.fetch`, looked up
   * at each call so msw and instrumented fetches see all traffic.
   */
  fetch?: typeof fetch;
  /** Where tokens are kept. Default: one in-memory store shared by the whole process. */
  tokenStore?: TokenStore;
  /**
   * Per-call time limit in ms: token acquisition, every attempt and backoff, and reading the body.
   * Default 30,000; 0 to 2,147,483,647. `0` disables the per-call limit (a token request shared by
   * several callers still gives up after 30 s, so a hung connection cannot hold them all).
   */
  timeoutMs?: number;
  /**
   * Retries of retryable token-request failures (408, 429, 5xx, network). Default 2; 0 to 10. API
   * calls are never retried, except the one replay after a 401.
   */
  maxRetries?: number;
  /** Permit `http://` URLs that are not loopback. Default `false`: tokens must not travel in clear. */
  allowInsecureHttp?: boolean;
  /** Permit secrets in a browser-like runtime. Default `false`: a browser would expose them to users. */
  dangerouslyAllowBrowser?: boolean;
  /** Time, timers and randomness; default the real clock. Tests pass a fake one. */
  clock?: Clock;
  /**
   * Receives `AuthEvent`s from `@caduceus/auth-core` (token requested, obtained, failed, cache hit,
   * replay, …), synchronously; a hook that throws is ignored. Default: none.
   */
  onEvent?: AuthEventHandler;
  /** Headers sent on every API call (never on token requests); a per-call header of the same name wins. */
  headers?: Record<string, string>;
}
