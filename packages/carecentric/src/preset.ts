import type { TokenPreset, VendorEnvironment } from "@caduceus/auth-core/vendor";

/**
 * CareCentric's token exchange, as data. Every fact below is in `docs/vendors/carecentric.md`, which
 * names Graphnet's `fhir-api-specs` docs and its developer portal as the sources.
 *
 * - Both grants post `application/x-www-form-urlencoded` with `client_id` and `client_secret` in the
 *   body; the docs never show HTTP Basic (docs/vendors/carecentric.md, "Client authentication").
 * - Field names are the RFC 6749 snake_case defaults: `grant_type`, `client_id`, `client_secret`,
 *   `username`, `password`, `scope` (space-separated) ("Request fields").
 * - The answer is plain OAuth 2.0: `{access_token, expires_in, token_type}` for the password grant
 *   (example `expires_in: 172800`, 48 h) and `{token_type, access_token, refresh_token: null}` for
 *   client credentials, with no `expires_in` ("Response").
 * - Lifetime: both docs pages tell clients to read the JWT `exp` claim and discard the token then.
 *   No maximum is documented, so there is no `maxLifetimeSeconds`: auth-core takes the shorter of
 *   `expires_in` (when given) and the JWT `exp` ("Lifetime"; docs/contract.md, behaviour 3).
 * - No refresh token is issued (`refresh_token: null`): a new exchange is made each time.
 *
 * @example
 * ```ts
 * import { careCentricPreset } from "@caduceus/carecentric";
 * careCentricPreset.clientAuthentication; // "body"
 * ```
 */
export const careCentricPreset: TokenPreset = {
  vendor: "CareCentric",
  encoding: "form",
  clientAuthentication: "body",
};

/**
 * The two documented token endpoints, one per grant (docs/vendors/carecentric.md, "Token URL"). No
 * other token URL is published: the user-authorisation one is described as usable for initial
 * development and test, and customers may be issued their own at onboarding (pass `tokenUrl` then).
 *
 * @example
 * ```ts
 * careCentricTokenUrls.password; // "https://prv-is.grhapp.com/connect/token"
 * ```
 */
export const careCentricTokenUrls = {
  /** User authorisation (resource-owner password grant), an IdentityServer-style `/connect/token`. */
  password: "https://prv-is.grhapp.com/connect/token",
  /** System-to-system (client credentials grant). */
  clientCredentials: "https://coret1.syhapp.com/vlive/hpca/oauth/token",
} as const;

/**
 * CareCentric's environments. There is one, and it has neither a base URL nor a single token URL:
 * the FHIR base URL is issued to each customer at onboarding (docs/vendors/carecentric.md, "Base URLs";
 * the only host in the docs is a development example), and the token URL depends on the grant
 * ({@link careCentricTokenUrls}). So `baseUrl` is always required.
 */
export const careCentricEnvironments = {
  /**
   * The only environment, and the default: empty on purpose, so the client takes `baseUrl` from its
   * options (required) and picks the token URL from the grant.
   */
  published: {},
} as const satisfies Record<string, VendorEnvironment>;

/** Shown when `baseUrl` is missing. */
export const careCentricBaseUrlHelp =
  "CareCentric publishes no FHIR base URL: Graphnet issues one to each customer at onboarding. Pass your FHIR R4 base URL as baseUrl.";
