import type { Clock } from "../clock.js";
import type { AuthEventHandler } from "../events.js";
import type { TokenStore } from "../store/token-store.js";
import type { ExchangeSetup } from "./obtain-grant.js";

/**
 * Options of {@link TokenProvider}. `createAuthClient` builds them; set them yourself only to run the
 * token lifecycle without an openapi-fetch client.
 *
 * @example
 * ```ts
 * const options: TokenProviderOptions = { exchange: setup, store: defaultTokenStore(), key: tokenCacheKey("Acme", setup.tokenUrl, setup.credentials), clock: systemClock, timeoutMs: 30_000 };
 * ```
 *
 * @group Token lifecycle
 */
export interface TokenProviderOptions {
  /** How to request a token: preset, credentials, token URL, fetch, retries, redactor, retry budget. */
  exchange: ExchangeSetup;
  /**
   * Where tokens are shared with other clients and processes (its `lock` and `waitForToken`, when
   * present, give fleet-wide single flight). A store that throws or takes over 1 s never fails a call:
   * the provider carries on with its in-process cache and emits `store.error`.
   */
  store: TokenStore;
  /** Resolves to the cache key (hashing is async with Web Crypto). */
  key: Promise<string>;
  /** Time, timers and randomness for expiry, refresh windows, back-off and jitter; a fake clock in tests. */
  clock: Clock;
  /** Time limit of one shared acquisition (independent of any one caller). 0 = the default, 30 s. */
  timeoutMs: number;
  /**
   * Receives the provider's events (`cache.hit`, `cache.miss`, `token.obtained`, `token.failed`,
   * `token.invalidated`, `store.error`), stamped with vendor, key and time; one that throws is
   * ignored. Default: none. (`token.requested` and `token.retry` go to `exchange.emit`.)
   */
  onEvent?: AuthEventHandler;
}
