import type { TokenPreset, VendorEnvironment } from "@caduceus/auth-core/vendor";

/**
 * xCures API origin. The only environment xCures publishes: there is no sandbox host
 * (docs/vendors/xcures.md, "Base URLs"; the spec's single `servers` entry).
 */
export const XCURES_BASE_URL = "https://partner.xcures.com";

/**
 * xCures token endpoint (docs/vendors/xcures.md, "Token URL"). Credentials created before December 2025
 * used an earlier, now undocumented endpoint (with an extra `audience` field) that was switched off
 * after 2026-01-31; we support only the current one.
 */
export const XCURES_TOKEN_URL = "https://partner.xcures.com/oauth/token";

/** Names of the environments {@link createXcuresClient} knows: xCures publishes production only. */
export type XcuresEnvironment = "production";

/** xCures' documented environments, as auth-core reads them. */
export const xcuresEnvironments: Readonly<Record<XcuresEnvironment, VendorEnvironment>> = {
  production: { baseUrl: XCURES_BASE_URL, tokenUrl: XCURES_TOKEN_URL },
};

/**
 * The xCures token exchange as data (docs/vendors/xcures.md, and the spec's `info.description` curl):
 *
 * - `POST /oauth/token`, `Content-Type: application/json`, body
 *   `{"client_id", "client_secret", "grant_type": "client_credentials"}`: all required, snake_case,
 *   the client's id and secret in the body (auth-core's defaults for `encoding: "json"`, `"body"`).
 * - No scopes: access is whatever projects and permissions the API key got in the xCures portal.
 * - The answer is plain `{access_token, token_type}`: **no `expires_in`**, and xCures publishes no
 *   lifetime anywhere. The only signal is the JWT's `exp` claim, which auth-core reads. We set no
 *   `maxLifetimeSeconds`: a guessed cap (one known client assumes 55 minutes) could only cause extra
 *   token requests, and the JWT already says when the token dies. A token without `exp` is kept until
 *   an API call answers 401, then replaced (docs/contract.md, behaviour 3).
 * - Error bodies are not documented for v1 operations (status codes only); the service is NestJS, so
 *   `{statusCode, message, error}` is what to expect, and the v2 subject create answers RFC 7807
 *   `ProblemDetails` `{status, title, detail}`. Both shapes are read, never the whole body.
 *
 * @example
 * ```ts
 * import { buildTokenRequest } from "@caduceus/auth-core";
 * buildTokenRequest(xcuresPreset, { grant: "client_credentials", clientId, clientSecret }, XCURES_TOKEN_URL);
 * // body {"grant_type":"client_credentials","client_id":"…","client_secret":"…"}, JSON
 * ```
 */
export const xcuresPreset: TokenPreset = {
  vendor: "xCures",
  encoding: "json",
  clientAuthentication: "body",
  errorBody: {
    codePaths: ["error", "title"],
    messagePaths: ["error_description", "message", "detail"],
  },
};
