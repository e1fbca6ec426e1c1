export * from "./errors/index.js";
export { type Clock, systemClock, sleep } from "./clock.js";
export { type CommonClientOptions, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from "./client-options.js";
export type { AuthEvent, AuthEventHandler, LifetimeSource } from "./events.js";
export type { ErrorBodyShape, TokenPreset, TokenRequestField, TokenResponseField, TokenResponseShape } from "./preset.js";
export { MemoryTokenStore, type MemoryTokenStoreOptions, defaultTokenStore } from "./store/memory-token-store.js";
export type { StoredToken, TokenStore, TokenStoreLock } from "./store/token-store.js";
export type { TokenCredentials, TokenExchangeContext, TokenExchangeFunction, TokenGrant } from "./token/exchange.js";
