/**
 * `@caduceus/auth-core`: what users of a vendor package meet. The options every factory accepts and
 * their defaults, the clock, the events, the hint header on a refused call, the token stores, and
 * the errors (also at `@caduceus/auth-core/errors`). Vendor authoring lives at `@caduceus/auth-core/vendor`, the token
 * engine's parts at `@caduceus/auth-core/engine`, the test doubles at `@caduceus/auth-core/testing`.
 *
 * @module
 */
export { type CommonClientOptions, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from "./client-options.js";
export { type Clock, systemClock } from "./clock.js";
export {
  /** @deprecated Import from "@caduceus/auth-core/engine"; removed in 0.3. */
  type AccessTokenSource,
  /** @deprecated Import from "@caduceus/auth-core/engine"; removed in 0.3. */
  type AuthFetchOptions,
  /** @deprecated Import from "@caduceus/auth-core/engine"; removed in 0.3. */
  type AuthMiddlewareOptions,
  /** @deprecated Import from "@caduceus/auth-core/engine"; removed in 0.3. */
  basicCredential,
  /** @deprecated Import from "@caduceus/auth-core/engine"; removed in 0.3. */
  buildTokenRequest,
  /** @deprecated Import from "@caduceus/auth-core/engine"; removed in 0.3. */
  checkUrlOption,
  /** @deprecated Import from "@caduceus/auth-core/engine"; removed in 0.3. */
  computeLifetime,
  /** @deprecated Import from "@caduceus/auth-core/engine"; removed in 0.3. */
  createAuthFetch,
  /** @deprecated Import from "@caduceus/auth-core/engine"; removed in 0.3. */
  createAuthMiddleware,
  /** @deprecated Import from "@caduceus/auth-core/engine"; removed in 0.3. */
  decodeJwtTimes,
  /** @deprecated Import from "@caduceus/auth-core/engine"; removed in 0.3. */
  type EventEmitter,
  /** @deprecated Import from "@caduceus/auth-core/engine"; removed in 0.3. */
  type EventInput,
  /** @deprecated Import from "@caduceus/auth-core/engine"; removed in 0.3. */
  type ExchangeSetup,
  /** @deprecated Import from "@caduceus/auth-core/engine"; removed in 0.3. */
  interpretTokenResponse,
  /** @deprecated Import from "@caduceus/auth-core/engine"; removed in 0.3. */
  isBrowserLike,
  /** @deprecated Import from "@caduceus/auth-core/engine"; removed in 0.3. */
  isLoopbackHost,
  /** @deprecated Import from "@caduceus/auth-core/engine"; removed in 0.3. */
  type JwtTimes,
  /** @deprecated Import from "@caduceus/auth-core/engine"; removed in 0.3. */
  type Lifetime,
  /** @deprecated Import from "@caduceus/auth-core/engine"; removed in 0.3. */
  type LifetimeInputs,
  /** @deprecated Import from "@caduceus/auth-core/engine"; removed in 0.3. */
  MAX_REPLAY_BODY_BYTES,
  /** @deprecated Import from "@caduceus/auth-core/engine"; removed in 0.3. */
  MAX_RETRY_AFTER_MS,
  /** @deprecated Import from "@caduceus/auth-core/engine"; removed in 0.3. */
  NEGATIVE_CACHE_MS,
  /** @deprecated Import from "@caduceus/auth-core/engine"; removed in 0.3. */
  parseRetryAfter,
  /** @deprecated Import from "@caduceus/auth-core/engine"; removed in 0.3. */
  Redactor,
  /** @deprecated Import from "@caduceus/auth-core/engine"; removed in 0.3. */
  RetryBudget,
  /** @deprecated Import from "@caduceus/auth-core/engine"; removed in 0.3. */
  sleep,
  /** @deprecated Import from "@caduceus/auth-core/engine"; removed in 0.3. */
  type TokenHttpRequest,
  /** @deprecated Import from "@caduceus/auth-core/engine"; removed in 0.3. */
  type TokenHttpResponse,
  /** @deprecated Import from "@caduceus/auth-core/engine"; removed in 0.3. */
  TokenProvider,
  /** @deprecated Import from "@caduceus/auth-core/engine"; removed in 0.3. */
  type TokenProviderOptions,
  /** @deprecated Import from "@caduceus/auth-core/engine"; removed in 0.3. */
  tokenCacheKey,
} from "./entry/engine.js";
// Moved in 0.2 to the subpath of their audience; kept here, deprecated, for one minor.
export {
  /** @deprecated Import from "@caduceus/auth-core/vendor"; removed in 0.3. */
  type AuthClientOptions,
  /** @deprecated Import from "@caduceus/auth-core/vendor"; removed in 0.3. */
  createAuthClient,
  /** @deprecated Import from "@caduceus/auth-core/vendor"; removed in 0.3. */
  createVendorClient,
  /** @deprecated Import from "@caduceus/auth-core/vendor"; removed in 0.3. */
  defineVendor,
  /** @deprecated Import from "@caduceus/auth-core/vendor"; removed in 0.3. */
  type ErrorBodyShape,
  /** @deprecated Import from "@caduceus/auth-core/vendor"; removed in 0.3. */
  normalizeScope,
  /** @deprecated Import from "@caduceus/auth-core/vendor"; removed in 0.3. */
  requireString,
  /** @deprecated Import from "@caduceus/auth-core/vendor"; removed in 0.3. */
  type TokenCredentials,
  /** @deprecated Import from "@caduceus/auth-core/vendor"; removed in 0.3. */
  type TokenExchangeContext,
  /** @deprecated Import from "@caduceus/auth-core/vendor"; removed in 0.3. */
  type TokenExchangeFunction,
  /** @deprecated Import from "@caduceus/auth-core/vendor"; removed in 0.3. */
  type TokenGrant,
  /** @deprecated Import from "@caduceus/auth-core/vendor"; removed in 0.3. */
  type TokenPreset,
  /** @deprecated Import from "@caduceus/auth-core/vendor"; removed in 0.3. */
  type TokenRequestField,
  /** @deprecated Import from "@caduceus/auth-core/vendor"; removed in 0.3. */
  type TokenResponseField,
  /** @deprecated Import from "@caduceus/auth-core/vendor"; removed in 0.3. */
  type TokenResponseShape,
  /** @deprecated Import from "@caduceus/auth-core/vendor"; removed in 0.3. */
  type VendorDefinition,
  /** @deprecated Import from "@caduceus/auth-core/vendor"; removed in 0.3. */
  type VendorEnvironment,
} from "./entry/vendor.js";
export * from "./entry/vendor-exports.js";
export type { AuthEvent, AuthEventHandler, EventBase, LifetimeSource } from "./events.js";
export * from "./pagination/index.js";
export {
  defaultTokenStore,
  MemoryTokenStore,
  type MemoryTokenStoreOptions,
} from "./store/memory-token-store.js";
export type { StoredToken, TokenStore, TokenStoreLock } from "./store/token-store.js";
