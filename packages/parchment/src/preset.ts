import type { TokenPreset, VendorEnvironment } from "@caduceus/auth-core/vendor";
import type { components } from "./generated/openapi.js";

/**
 * The scope names Parchment documents for `POST /v1/token` (the `TokenRequest.scope` enum of its
 * OpenAPI description; docs/vendors/parchment.md, "Scopes"). The docs table marks some custom-drug scopes
 * "Coming Soon"; the spec accepts them, so they are allowed here. Granted scope = requested ∩ what the
 * organisation allows.
 */
export const PARCHMENT_SCOPES = [
  "create:patient",
  "read:patient",
  "update:patient",
  "read:patient_prescription",
  "create:user",
  "read:user",
  "read:users",
  "update:user",
  "delete:user",
  "read:custom_drug",
  "create:custom_drug",
  "update:custom_drug",
  "delete:custom_drug",
] as const satisfies ReadonlyArray<components["schemas"]["TokenRequest"]["scope"][number]>;

/** One documented Parchment scope, e.g. `"read:patient_prescription"`. */
export type ParchmentScope = (typeof PARCHMENT_SCOPES)[number];

/** Parchment's deployments, `{ environment: { baseUrl, tokenUrl } }`. */
export type ParchmentEnvironment = "sandbox" | "production";

const SANDBOX = "https://api.sandbox.parchmenthealth.io/external";
const PRODUCTION = "https://api.parchmenthealth.io/external";

/**
 * Documented base URLs (spec `servers`; docs/vendors/parchment.md, "Base URLs"); the token endpoint is
 * `{base}/v1/token` in both. The old `https://api.dev.parchmenthealth.io/external` host (replaced by
 * sandbox on 2026-01-01, still in the vendor's Postman "Dev" environment) is deliberately absent.
 */
export const parchmentEnvironments: Readonly<Record<ParchmentEnvironment, VendorEnvironment>> = {
  sandbox: { baseUrl: SANDBOX, tokenUrl: `${SANDBOX}/v1/token` },
  production: { baseUrl: PRODUCTION, tokenUrl: `${PRODUCTION}/v1/token` },
};

/**
 * Parchment's partner token exchange, as data (docs/vendors/parchment.md):
 *
 * - Not an OAuth form request: a JSON body `{ "grantType": "client_credentials", "scope": [...] }`,
 *   camelCase, `scope` a JSON array (required).
 * - No client id/secret in the body or in HTTP Basic (`clientAuthentication: "none"`): the five
 *   `x-partner-id`, `x-partner-secret`, `x-organization-id`, `x-organization-secret`, `x-user-id`
 *   headers travel as credential headers of the token request only (see `client.ts`).
 * - The answer is an envelope `{ success, statusCode, message, data: { accessToken, expiresIn,
 *   tokenType, scope }, timestamp, requestId, meta }`. `success: false` is an error even inside HTTP
 *   200 (the docs tell clients to check `success` first).
 * - Errors nest an RFC 7807-style object: `{ success: false, statusCode, error: { type, title,
 *   detail, validation? }, requestId }`; the type URI becomes `oauthError`, "title: detail" the
 *   description, `requestId` the request id.
 * - Lifetime contradiction: the spec example says `expiresIn: 3600`, the Partner Authentication page
 *   "1 hour" (twice), the token and validate-integration pages "6 hours", and the vendor's Postman
 *   script falls back to 21600 s. We trust `data.expiresIn` (and the JWT `exp`) and cap them with the
 *   shorter documented maximum, one hour: refreshing early costs one request an hour, trusting the
 *   longer figure could send an expired token for five.
 */
export const parchmentPreset: TokenPreset = {
  vendor: "Parchment Health",
  encoding: "json",
  clientAuthentication: "none",
  requestFields: { grantType: "grantType", scope: "scope" },
  scopeEncoding: "array",
  response: {
    successPath: "success",
    dataPath: "data",
    fields: { accessToken: "accessToken", expiresIn: "expiresIn", tokenType: "tokenType", scope: "scope" },
  },
  errorBody: {
    codePaths: ["error.type"],
    messagePaths: ["error.title", "error.detail", "message"],
    requestIdPaths: ["requestId"],
  },
  maxLifetimeSeconds: 3600,
};
