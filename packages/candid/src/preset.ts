import type { TokenPreset, VendorEnvironment } from "@caduceus/auth-core/vendor";

/**
 * Names of the environments {@link createCandidClient} knows: every environment of Candid's official SDK.
 * `"staging"` is the SDK's `Staging` (`api-staging…`), which Candid's docs call the **Sandbox**: where
 * customers test. `"sandbox"` is the SDK's `CandidSandbox`, `"candidStaging"` its `CandidStaging`
 * (Candid's own staging), `"local"` its `Local` (Candid's services on your machine).
 */
export type CandidEnvironment = "production" | "staging" | "sandbox" | "candidStaging" | "local";

/** The two hosts of one Candid environment (docs/vendors/candid.md, "API base URLs"). */
export interface CandidHosts {
  /** Core API host; its operations' paths start with `/api/` (`https://api.joincandidhealth.com/api/encounters/v4`). */
  candidApi: string;
  /** Pre-encounter host; its operations' paths have no `/api` (`https://pre-api.joincandidhealth.com/patients/v1`). */
  preEncounter: string;
}

/** Hosts per environment, as Candid's official SDK (`candidhealth` on npm) lists them in its environments. */
export const CANDID_HOSTS: Readonly<Record<CandidEnvironment, CandidHosts>> = {
  production: {
    candidApi: "https://api.joincandidhealth.com",
    preEncounter: "https://pre-api.joincandidhealth.com",
  },
  staging: {
    candidApi: "https://api-staging.joincandidhealth.com",
    preEncounter: "https://pre-api-staging.joincandidhealth.com",
  },
  sandbox: {
    candidApi: "https://sandbox-api.joincandidhealth.com",
    preEncounter: "https://sandbox-pre-api.joincandidhealth.com",
  },
  candidStaging: {
    candidApi: "https://staging-api.joincandidhealth.com",
    preEncounter: "https://staging-pre-api.joincandidhealth.com",
  },
  local: {
    candidApi: "http://localhost:5050",
    preEncounter: "http://localhost:4000",
  },
};

/**
 * The host rule, as Candid sends its calls: an operation whose path starts with this prefix
 * (`/api/encounters/v4`) is served by the core host, every other (`/patients/v1`) by the pre-encounter
 * host. A test checks it against the host the description records for each operation.
 */
export const CANDID_CORE_PATH_PREFIX = "/api";

/**
 * Which host serves an operation of the description, by the host rule ({@link CANDID_CORE_PATH_PREFIX}).
 *
 * @example
 * ```ts
 * candidHostOf("/api/encounters/v4"); // "candidApi"
 * candidHostOf("/patients/v1"); // "preEncounter"
 * ```
 */
export function candidHostOf(path: string): keyof CandidHosts {
  return path === CANDID_CORE_PATH_PREFIX || path.startsWith(`${CANDID_CORE_PATH_PREFIX}/`)
    ? "candidApi"
    : "preEncounter";
}

/** The token endpoint of a core host: `{candidApi}/api/auth/v2/token`. */
export function candidTokenUrl(candidApi: string): string {
  return `${candidApi.replace(/\/+$/, "")}${CANDID_CORE_PATH_PREFIX}/auth/v2/token`;
}

/**
 * Candid's environments as auth-core reads them: the core host and its token endpoint. The client adds
 * the pre-encounter host from {@link CANDID_HOSTS}.
 */
export const candidEnvironments: Readonly<Record<CandidEnvironment, VendorEnvironment>> = Object.fromEntries(
  Object.entries(CANDID_HOSTS).map(([name, hosts]) => [
    name,
    { baseUrl: hosts.candidApi, tokenUrl: candidTokenUrl(hosts.candidApi) },
  ]),
) as Record<CandidEnvironment, VendorEnvironment>;

/**
 * The Candid token exchange as data (docs/vendors/candid.md, "Authentication"; the official SDK's
 * `auth/v2` client):
 *
 * - `POST {candidApi}/api/auth/v2/token` with `{"client_id", "client_secret"}`. Candid accepts JSON or a
 *   form body; the official SDK sends JSON, and so do we. **No `grant_type`**: Candid names no grant,
 *   so the field is suppressed (`requestFields.grantType: null`) rather than sent as an unknown field.
 * - The answer is plain `{access_token, expires_in, token_type}`.
 * - Lifetime, a contradiction: the docs and the SDK's doc comment say a token "expires 5 hours after it
 *   has been created", while the SDK's type example says `expiresIn: 86400` (24 h). We cap at the
 *   documented 5 h (`maxLifetimeSeconds: 18000`) and otherwise trust `expires_in` and the JWT `exp`,
 *   whichever is shortest: refreshing early costs one request, using a dead token costs a failed call.
 * - Minting too often answers 429 `{"errorName": "TooManyRequestsError", "content": {"message"}}`, and
 *   a body that is neither JSON nor form answers 415 `InvalidContentTypeError`. Errors are Fern unions
 *   `{errorName, content}`, so the error's code is `errorName` and its message `content.message`.
 *
 * @example
 * ```ts
 * import { buildTokenRequest } from "@caduceus/auth-core/engine";
 * buildTokenRequest(candidPreset, { grant: "client_credentials", clientId, clientSecret }, tokenUrl);
 * // body {"client_id":"…","client_secret":"…"}, Content-Type application/json, no grant_type
 * ```
 */
export const candidPreset: TokenPreset = {
  vendor: "Candid Health",
  encoding: "json",
  clientAuthentication: "body",
  requestFields: { grantType: null },
  errorBody: { codePaths: ["errorName"], messagePaths: ["content.message", "message"] },
  maxLifetimeSeconds: 18_000,
};
