export { type AuthClientOptions, createAuthClient } from "./client.js";
export { type CommonClientOptions, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from "./client-options.js";
export { type Clock, sleep, systemClock } from "./clock.js";
export * from "./errors/index.js";
export type {
  AuthEvent,
  AuthEventHandler,
  EventBase,
  EventEmitter,
  EventInput,
  LifetimeSource,
} from "./events.js";
export {
  type AuthFetchOptions,
  createAuthFetch,
  HINT_HEADER,
  MAX_REPLAY_BODY_BYTES,
} from "./http/auth-fetch.js";
export {
  type AccessTokenSource,
  type AuthMiddlewareOptions,
  createAuthMiddleware,
} from "./http/auth-middleware.js";
export * from "./pagination/index.js";
export type {
  ErrorBodyShape,
  TokenPreset,
  TokenRequestField,
  TokenResponseField,
  TokenResponseShape,
} from "./preset.js";
export { Redactor } from "./redact.js";
export { checkUrlOption, isBrowserLike, isLoopbackHost } from "./security.js";
export {
  defaultTokenStore,
  MemoryTokenStore,
  type MemoryTokenStoreOptions,
} from "./store/memory-token-store.js";
export type { StoredToken, TokenStore, TokenStoreLock } from "./store/token-store.js";
export { tokenCacheKey } from "./token/cache-key.js";
export type {
  TokenCredentials,
  TokenExchangeContext,
  TokenExchangeFunction,
  TokenGrant,
} from "./token/exchange.js";
export { decodeJwtTimes, type JwtTimes } from "./token/jwt.js";
export { computeLifetime, type Lifetime, type LifetimeInputs } from "./token/lifetime.js";
export type { ExchangeSetup } from "./token/obtain-grant.js";
export { MAX_RETRY_AFTER_MS, parseRetryAfter, RetryBudget } from "./token/retry-policy.js";
export { NEGATIVE_CACHE_MS, TokenProvider, type TokenProviderOptions } from "./token/token-provider.js";
export { basicCredential, buildTokenRequest, type TokenHttpRequest } from "./token/token-request.js";
export { interpretTokenResponse, type TokenHttpResponse } from "./token/token-response.js";
export {
  createVendorClient,
  defineVendor,
  normalizeScope,
  requireString,
  type VendorDefinition,
  type VendorEnvironment,
  type VendorHosts,
} from "./vendor.js";
