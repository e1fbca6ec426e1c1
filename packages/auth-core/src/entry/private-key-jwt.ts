/**
 * `private_key_jwt` client authentication and SMART token endpoint discovery:
 * `@caduceus/auth-core/private-key-jwt`. A preset plugs these in as data
 * (`assertionSigner: privateKeyJwtSigner`, `discoverTokenEndpoint: smartEndpointDiscovery`); the engine
 * calls them through the preset, so only clients whose preset names them load the signing code and
 * `jose` (docs/architecture.md, "What a bundle holds").
 *
 * @example SMART Backend Services
 * ```ts
 * import { privateKeyJwtSigner, smartEndpointDiscovery } from "@caduceus/auth-core/private-key-jwt";
 * import type { TokenPreset } from "@caduceus/auth-core/vendor";
 * const preset: TokenPreset = {
 *   vendor: "Acme EHR", encoding: "form", clientAuthentication: "private_key_jwt",
 *   assertionSigner: privateKeyJwtSigner, discoverTokenEndpoint: smartEndpointDiscovery,
 * };
 * ```
 *
 * @module
 */
export {
  ClientAssertionSigner,
  MAX_ASSERTION_LIFETIME_SECONDS,
  pickAlgorithm,
  privateKeyJwtSigner,
} from "../token/client-assertion.js";
export { type LoadedSigningKey, loadSigningKey, SigningKeyError } from "../token/signing-key.js";
export { smartConfigurationUrl } from "../token/smart-configuration-url.js";
export {
  clearSmartDiscoveryCache,
  DISCOVERY_TIMEOUT_MS,
  discoverSmartEndpoint,
  smartEndpointDiscovery,
} from "../token/smart-discovery.js";
