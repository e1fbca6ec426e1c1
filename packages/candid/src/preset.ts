import type { TokenPreset, VendorEnvironment } from "@caduceus/auth-core/vendor";

/** Names of the environments {@link createCandidClient} knows. */
export type CandidEnvironment = "production" | "staging" | "sandbox";

/** The two hosts of one Candid environment (docs/vendors/candid.md, "Base URLs"). */
export interface CandidHosts {
  /** Core API host; its paths live under `/api` (`https://api.joincandidhealth.com/api/encounters/v4`). */
  candidApi: string;
  /** Pre-encounter host; its paths have no `/api` prefix (`/coverages/v1/…`). */
  preEncounter: string;
}

/**
 * Hosts per environment, from the official SDK (candidhealth/candid-node 1.30.0 `src/environments.ts`,
 * listed in docs/vendors/candid.md, "Base URLs"). The SDK's `CandidSandbox` is our `sandbox`. We leave
 * out the SDK's `CandidStaging` (`staging-api…`, Candid's own staging, a second "staging" whose purpose
 * is not documented for customers) and `Local` (`http://localhost:5050`): pass `baseUrl`/`tokenUrl` for those.
 */
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
};

/**
 * Path prefix that routes a call to the pre-encounter host. The overlay (specs/candid/overlay.yaml) writes
 * pre-encounter operations as `/pre-encounter/…` under the core base URL; auth-core sends them to
 * `{preEncounter}/…` with the prefix removed, carrying the same token (one token serves both hosts).
 */
export const PRE_ENCOUNTER_PREFIX = "/pre-encounter";

function environment(hosts: CandidHosts): VendorEnvironment {
  return {
    // The client's base URL is the core host plus `/api`: the description's server URL, so its paths
    // (`/encounters/v4`, `/auth/v2/token`) are written without `/api`, as the summary spec writes them.
    baseUrl: `${hosts.candidApi}/api`,
    tokenUrl: `${hosts.candidApi}/api/auth/v2/token`,
    routes: { [PRE_ENCOUNTER_PREFIX]: hosts.preEncounter },
  };
}

/** Candid's environments as auth-core reads them: base URL, token URL, the pre-encounter route. */
export const candidEnvironments: Readonly<Record<CandidEnvironment, VendorEnvironment>> = {
  production: environment(CANDID_HOSTS.production),
  staging: environment(CANDID_HOSTS.staging),
  sandbox: environment(CANDID_HOSTS.sandbox),
};

/**
 * The Candid token exchange as data (docs/vendors/candid.md; candid-node `auth/default` and
 * `auth/v2` clients):
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
 *   a body that is neither JSON nor form answers 415 `InvalidContentTypeError` (candid-csharp
 *   `InvalidContentTypeError`, status 415). Errors are Fern unions `{errorName, content}`, so the error's
 *   code is `errorName` and its message `content.message`.
 *
 * @example
 * ```ts
 * import { buildTokenRequest } from "@caduceus/auth-core";
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
