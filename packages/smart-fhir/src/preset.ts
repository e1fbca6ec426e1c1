import { privateKeyJwtSigner, smartEndpointDiscovery } from "@caduceus/auth-core/private-key-jwt";
import type { TokenPreset } from "@caduceus/auth-core/vendor";

/**
 * SMART Backend Services token exchange as data: a client-credentials form body authenticated by a JWT
 * client assertion (`private_key_jwt`, RFC 7523 §2.2) signed with the client's private key. RS384 and
 * ES384 are the algorithms SMART requires servers to accept; RS256 and ES256 are used only when the
 * server's smart-configuration asks for them. Assertions live at most five minutes. The signer and the
 * token endpoint discovery come from `@caduceus/auth-core/private-key-jwt`.
 */
export const smartFhirPreset: TokenPreset = {
  vendor: "SMART on FHIR",
  encoding: "form",
  clientAuthentication: "private_key_jwt",
  clientAssertion: { algorithms: ["ES384", "RS384", "ES256", "RS256"], lifetimeSeconds: 300 },
  assertionSigner: privateKeyJwtSigner,
  discoverTokenEndpoint: smartEndpointDiscovery,
};

/** The deployments: none is fixed, every EHR issues its own FHIR base URL. */
export const smartFhirEnvironments = {
  /** Every server is the user's own: its FHIR base URL is an option, its token endpoint is discovered. */
  custom: {},
} as const;

/** The one environment name: `"custom"` (the FHIR base URL is always the user's). */
export type SmartFhirEnvironment = keyof typeof smartFhirEnvironments;
