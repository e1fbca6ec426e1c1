/**
 * Vendor authoring: `@caduceus/auth-core/vendor`. What a vendor package is made of: its token
 * exchange described as a {@link TokenPreset}, its deployments, its options mapped to credentials by
 * {@link defineVendor}, and {@link createVendorClient} to build the typed client from them (or
 * {@link createAuthClient} for a client without a vendor definition).
 *
 * @module
 */
export type {
  ByMethodCall,
  ByMethodClient,
  ByMethodInit,
  ByMethodInitParam,
  ByMethodResponse,
  HttpMethod,
  IsUnmatchedPath,
  MediaType,
  MethodOperations,
  OperationsByMethod,
} from "../by-method-client.js";
export { createAuthClient } from "../client.js";
export type { AuthClientOptions } from "../client-options.js";
export * from "../pagination/index.js";
export type {
  TokenCredentials,
  TokenExchangeContext,
  TokenExchangeFunction,
  TokenGrant,
} from "../token/exchange.js";
export type {
  BasicCredentialEncoding,
  ErrorBodyShape,
  TokenPreset,
  TokenRequestField,
  TokenResponseField,
  TokenResponseShape,
} from "../token/preset.js";
export type * from "../token/private-key-jwt-hooks.js";
export { JWT_BEARER_ASSERTION_TYPE } from "../token/token-request.js";
export {
  createVendorClient,
  defineVendor,
  normalizeScope,
  requireString,
  type VendorClient,
  type VendorDefinition,
  type VendorEnvironment,
  type VendorHosts,
} from "../vendor.js";
