/**
 * Vendor authoring: `@caduceus/auth-core/vendor`. What a vendor package is made of: its token
 * exchange described as a {@link TokenPreset}, its deployments, its options mapped to credentials by
 * {@link defineVendor}, and {@link createVendorClient} to build the typed client from them (or
 * {@link createAuthClient} for a client without a vendor definition).
 *
 * @module
 */
export { createAuthClient } from "../client.js";
export type { AuthClientOptions } from "../client-options.js";
export * from "../pagination/index.js";
export {
  type ClientAssertionSettings,
  JWT_BEARER_ASSERTION_TYPE,
  MAX_ASSERTION_LIFETIME_SECONDS,
} from "../token/client-assertion.js";
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
export type { ClientAssertionAlgorithm, PrivateKeyInput } from "../token/signing-key.js";
export type { SmartDiscoveryOptions } from "../token/smart-discovery.js";
export {
  createVendorClient,
  defineVendor,
  normalizeScope,
  requireString,
  type VendorDefinition,
  type VendorEnvironment,
  type VendorHosts,
} from "../vendor.js";
