import type { Clock } from "./clock.js";
import type { AuthEventHandler } from "./events.js";
import type { TokenStore } from "./store/token-store.js";

/** Default per-call time limit: token acquisition, attempts, backoffs and body reading included. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Default number of retries of a retryable failure of a token request or API call (so at most 3 attempts). */
export const DEFAULT_MAX_RETRIES = 2;

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
   * Retries of retryable failures, with exponential backoff and full jitter or the server's
   * `Retry-After`, never past `timeoutMs`, drawing on one process-wide retry budget. 0 to 10.
   * - Token requests: 408, 429, 5xx and network failures.
   * - API calls: 408, 429, 500, 502, 503, 504 and connection failures, for GET, HEAD, OPTIONS, PUT and
   *   DELETE; POST and PATCH only when they carry the vendor's idempotency key or the call opts in
   *   with `retryOptions({ retryNonIdempotent: true })`, because a billing write sent twice is a harm.
   *   A call's `retryOptions({ maxRetries })` overrides this count. The replay after a 401 is separate.
   *
   * @defaultValue 2
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
