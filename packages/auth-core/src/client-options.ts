import type { Clock } from "./clock.js";
import type { AuthEventHandler } from "./events.js";
import type { TokenStore } from "./store/token-store.js";
import type { TokenCredentials } from "./token/exchange.js";
import type { TokenPreset } from "./token/preset.js";
import type { SmartDiscoveryOptions } from "./token/private-key-jwt-hooks.js";
import type { RetryBudget } from "./token/retry-policy.js";

export { DEFAULT_TIMEOUT_MS } from "./deadline.js";
export { DEFAULT_MAX_RETRIES } from "./token/retry-policy.js";

/**
 * Options every vendor factory accepts (the `common` options of the contract).
 *
 * @example
 * ```ts
 * createCandidClient({ clientId, clientSecret, timeoutMs: 10_000, maxRetries: 4, onEvent: console.debug });
 * ```
 *
 * @group Options
 */
export interface CommonClientOptions {
  /**
   * API origin and base path.
   *
   * @defaultValue the vendor's documented URL for the chosen environment
   */
  baseUrl?: string;
  /**
   * Token endpoint (required where the vendor issues one per customer).
   *
   * @defaultValue the vendor's documented one
   */
  tokenUrl?: string;
  /**
   * The fetch used for every request, token requests included; looked up at each call so msw and
   * instrumented fetches see all traffic.
   *
   * @defaultValue `globalThis.fetch`
   */
  fetch?: typeof fetch;
  /**
   * Where tokens are kept.
   *
   * @defaultValue `defaultTokenStore()`, one in-memory store shared by the whole process
   */
  tokenStore?: TokenStore;
  /**
   * Per-call time limit in ms: token acquisition, every attempt and backoff, and reading the body.
   * 0 to 2,147,483,647. `0` disables the per-call limit (a token request shared by several callers
   * still gives up after 30 s, so a hung connection cannot hold them all).
   *
   * @defaultValue 30000 (`DEFAULT_TIMEOUT_MS`)
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
   * @defaultValue 2 (`DEFAULT_MAX_RETRIES`)
   */
  maxRetries?: number;
  /**
   * Permit `http://` URLs that are not loopback (tokens must not travel in clear).
   *
   * @defaultValue `false`
   */
  allowInsecureHttp?: boolean;
  /**
   * Permit secrets in a browser-like runtime (a browser would expose them to its users).
   *
   * @defaultValue `false`
   */
  dangerouslyAllowBrowser?: boolean;
  /**
   * Time, timers and randomness. Tests pass a fake one (`createFakeClock` of `./testing`).
   *
   * @defaultValue `systemClock`
   */
  clock?: Clock;
  /**
   * Receives `AuthEvent`s from `@caduceus/auth-core` (token requested, obtained, failed, cache hit,
   * replay, …), synchronously; a hook that throws is ignored.
   *
   * @defaultValue none
   */
  onEvent?: AuthEventHandler;
  /**
   * Headers sent on every API call (never on token requests); a per-call header of the same name wins.
   *
   * @defaultValue none
   */
  headers?: Record<string, string>;
}

/**
 * Everything {@link createAuthClient} needs: the common options plus the vendor's preset, the
 * credentials, and the resolved URLs. Vendor packages fill it from their own options.
 *
 * @group Generic client
 */
export interface AuthClientOptions extends CommonClientOptions {
  /**
   * The vendor's token exchange described as data: request encoding, client authentication, field
   * names, response shape, maximum lifetime. Required; checked here (e.g. an unknown `encoding`).
   */
  preset: TokenPreset;
  /**
   * The credential identity whose token every call carries: grant, client id and secret, user and
   * password, scopes, credential headers. Required; what the grant needs must be present (a
   * `clientId` with `clientAuthentication` `"basic"` or `"body"`, `username` and `password` for the
   * password grant), and every secret in it is scrubbed from errors and events.
   */
  credentials: TokenCredentials;
  /**
   * API origin and base path, e.g. `"https://api.acme.test/v1"`; a trailing slash is ignored. Required
   * here (vendor packages fill in the environment's). Must be absolute, without user name or password,
   * and `https:` (`http:` only to a loopback host, or anywhere with `allowInsecureHttp`). Only this
   * origin (and those of `siblingBaseUrls` and `routes`) receives the token.
   */
  baseUrl: string;
  /**
   * Token endpoint, e.g. `"https://auth.acme.test/oauth/token"`. Required unless `smartDiscovery` is
   * given (then it overrides the discovered one); same URL rules as `baseUrl`.
   */
  tokenUrl?: string;
  /**
   * Finds the token endpoint in a FHIR server's `/.well-known/smart-configuration` at the first call
   * (cached per URL in the process) when `tokenUrl` is not given.
   */
  smartDiscovery?: SmartDiscoveryOptions;
  /** Other documented API base URLs of the same environment that receive the token (Candid pre-encounter). */
  siblingBaseUrls?: readonly string[];
  /** Path prefix (under `baseUrl`) → base URL it is served from, e.g. `{ "/pre-encounter": "https://pre-api…" }`. */
  routes?: Readonly<Record<string, string>>;
  /** Vendor headers on every API call (e.g. `ProjectId`); a per-call header of the same name wins. */
  apiHeaders?: Readonly<Record<string, string>>;
  /** Names of `apiHeaders` whose values are secrets (e.g. `x-organization-secret`). */
  secretApiHeaders?: readonly string[];
  /** Added as `x-caduceus-hint` to a 401 that survives the replay. */
  unauthorizedHint?: string;
  /**
   * Budget of token-request and API-call retries, shared so that an outage does not become a retry storm.
   *
   * @defaultValue one {@link RetryBudget} shared by every client of the process
   */
  retryBudget?: RetryBudget;
  /**
   * The header the vendor honours as an idempotency key (e.g. `"Idempotency-Key"`): a POST or PATCH
   * carrying it is retried like an idempotent method. Set by a vendor that documents one.
   *
   * @defaultValue none: POST and PATCH are retried only when a call opts in with `retryOptions`
   */
  idempotencyKeyHeader?: string;
}
