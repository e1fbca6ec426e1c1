import type { TokenPreset, VendorEnvironment } from "@caduceus/auth-core/vendor";

/**
 * The one scope Arzamed documents (authentication page, quickstart): read access to the clinic's data.
 * It names the production host; whether UAT expects another string is not documented
 * (docs/vendors/arzamed.md, "Open questions"), so UAT uses it too unless you pass `scope`.
 */
export const ARZAMED_READ_SCOPE = "https://api.nextgen.arzamed.com/read";

/** Arzamed's deployments. */
export type ArzamedEnvironment = "production" | "uat";

/**
 * Documented API base URLs (overview page; docs/vendors/arzamed.md, "Base URLs"). No token URL:
 * Arzamed issues one per clinic with the client id and secret, so `tokenUrl` is a required option.
 */
export const arzamedEnvironments: Readonly<Record<ArzamedEnvironment, VendorEnvironment>> = {
  production: { baseUrl: "https://api.nextgen.arzamed.com/api/v1" },
  uat: { baseUrl: "https://api-uat.nextgen.arzamed.com/api/v1" },
};

/**
 * Arzamed's token exchange, as data (docs/vendors/arzamed.md): standard OAuth 2.0 client credentials.
 *
 * - `POST {token_url}` with HTTP Basic client authentication: id and secret form-encoded, then joined
 *   with ":" and base64-encoded (RFC 6749 §2.3.1), so a secret containing ":", "%", spaces or
 *   non-ASCII characters survives the trip.
 * - Form body `grant_type=client_credentials&scope=…` (both required), snake_case.
 * - Answer `{ access_token, token_type: "Bearer", expires_in: 3600 }` (RFC 6749 §5.1), an RS256 JWT;
 *   no refresh token.
 * - Lifetime: `expires_in` 3600 and "one hour" in three places of the docs, consistent; one hour is
 *   also the cap, so a longer `expires_in` would not be trusted.
 * - Errors: not documented for the token endpoint; RFC 6749 §5.2 (`error`, `error_description`) is
 *   read, which is what a standard OAuth server answers.
 */
export const arzamedPreset: TokenPreset = {
  vendor: "Arzamed",
  encoding: "form",
  clientAuthentication: "basic",
  maxLifetimeSeconds: 3600,
};
