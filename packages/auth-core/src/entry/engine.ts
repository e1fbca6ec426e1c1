/**
 * The token engine's parts: `@caduceus/auth-core/engine`. For running the token lifecycle without a
 * vendor factory, plugging another token source into the middleware and the 401 replay, or building
 * and reading token requests yourself; the factories assemble these for you.
 *
 * @module
 */
export { sleep } from "../clock.js";
export type { EventEmitter, EventInput } from "../events.js";
export type { AccessTokenSource } from "../http/access-token-source.js";
export { type AuthFetchOptions, createAuthFetch, MAX_REPLAY_BODY_BYTES } from "../http/auth-fetch.js";
export { type AuthMiddlewareOptions, createAuthMiddleware } from "../http/auth-middleware.js";
export type { Route } from "../http/routes.js";
export { Redactor } from "../redact.js";
export { checkUrlOption, isBrowserLike, isLoopbackHost } from "../security.js";
export { tokenCacheKey } from "../token/cache-key.js";
export { decodeJwtTimes, type JwtTimes } from "../token/jwt.js";
export { computeLifetime, type Lifetime, type LifetimeInputs } from "../token/lifetime.js";
export type { ExchangeSetup } from "../token/obtain-grant.js";
export { MAX_RETRY_AFTER_MS, parseRetryAfter, RetryBudget } from "../token/retry-policy.js";
export { NEGATIVE_CACHE_MS, TokenProvider, type TokenProviderOptions } from "../token/token-provider.js";
export { basicCredential, buildTokenRequest, type TokenHttpRequest } from "../token/token-request.js";
export { interpretTokenResponse, type TokenHttpResponse } from "../token/token-response.js";
