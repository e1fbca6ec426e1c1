import type { CommonClientOptions } from "@caduceus/auth-core";
import { checkUrlOption } from "@caduceus/auth-core/engine";
import { createVendorClient, defineVendor, type VendorClient } from "@caduceus/auth-core/vendor";
import type { operationsByMethod, paths } from "./generated/openapi.js";
import {
  CANDID_CORE_PATH_PREFIX,
  CANDID_HOSTS,
  type CandidEnvironment,
  candidEnvironments,
  candidPreset,
  candidTokenUrl,
} from "./preset.js";

/** Options of {@link createCandidClient}: the API credentials, the environment, auth-core's common options. */
export interface CandidClientOptions extends CommonClientOptions {
  /** Client id from Candid's "Users & Credentials" tab. Required. */
  clientId: string;
  /** Client secret. Required; never logged, never in an error. */
  clientSecret: string;
  /**
   * Which Candid deployment to call: `"production"` (default), `"staging"` (what Candid's docs call the
   * Sandbox), `"sandbox"`, `"candidStaging"` or `"local"`, the environments of Candid's official SDK.
   * Chooses the core host, the pre-encounter host and the token endpoint together.
   *
   * `baseUrl` overrides the core host (and the token endpoint moves with it, to
   * `{baseUrl}/api/auth/v2/token`, unless `tokenUrl` is given); `preEncounterBaseUrl` overrides the
   * pre-encounter host.
   * @defaultValue "production"
   */
  environment?: CandidEnvironment;
  /**
   * Pre-encounter host, e.g. a mock server or a proxy: pre-encounter operations (`/patients/v1`, …) go to
   * `{preEncounterBaseUrl}/patients/v1`. Same URL rules as `baseUrl`; it receives the token.
   * @defaultValue the environment's pre-encounter host
   */
  preEncounterBaseUrl?: string;
}

/**
 * An openapi-fetch client typed by the Candid description: `client.GET(path, init)` and friends, each
 * call typed from its path's operation alone (auth-core's `ByMethodClient`), so a consumer type-checks
 * fast; it is also openapi-fetch's `Client<paths>`, for helpers typed with it.
 */
export type CandidClient = VendorClient<paths, operationsByMethod>;

const vendor = candidPreset.vendor;

/** The user's URL for a host, checked and named as the user spells it, or the environment's. */
function host(options: CandidClientOptions, option: "baseUrl" | "preEncounterBaseUrl", fallback: string) {
  const value = options[option];
  // null counts as not given, as auth-core treats every optional option.
  if (value == null) return fallback;
  return checkUrlOption(vendor, option, value, options.allowInsecureHttp === true).href.replace(/\/+$/, "");
}

const candid = defineVendor<CandidClientOptions, CandidEnvironment>({
  preset: candidPreset,
  environments: candidEnvironments,
  defaultEnvironment: "production",
  options: ["clientId", "clientSecret", "preEncounterBaseUrl"],
  required: ["clientId", "clientSecret"],
  optional: ["preEncounterBaseUrl"],
  // The host rule as routing: the client's base is the pre-encounter host, and calls under `/api` (the
  // core host's paths) are routed to the core host, path kept. Both hosts are the client's API origins.
  hosts: (options, environment) => {
    const documented = CANDID_HOSTS[environment];
    const core = host(options, "baseUrl", documented.candidApi);
    return {
      baseUrl: host(options, "preEncounterBaseUrl", documented.preEncounter),
      routes: { [CANDID_CORE_PATH_PREFIX]: `${core}${CANDID_CORE_PATH_PREFIX}` },
    };
  },
  // With a custom core host the secret goes there too, not to the environment's token endpoint.
  tokenUrl: (options) => (options.baseUrl == null ? undefined : candidTokenUrl(options.baseUrl)),
  // Candid names no grant; the preset suppresses grant_type on the wire.
  credentials: (options) => ({
    grant: "client_credentials",
    clientId: options.clientId,
    clientSecret: options.clientSecret,
  }),
});

/**
 * Creates a typed Candid Health client for both of Candid's hosts with one token. Each operation goes to
 * its own host: core operations (`/api/…`) to the core host, pre-encounter operations (`/patients/v1`, …)
 * to the pre-encounter host. It exchanges the client id and secret for a token, caches it for at most 5
 * hours (the documented lifetime, even when `expires_in` says more), shares it with every client of the
 * same credentials in the process (Candid rate-limits token minting), sends it to those two hosts only,
 * and replays a call once after a 401.
 *
 * @throws AuthConfigError naming the option at fault: `clientId` or `clientSecret` missing or empty, an
 *   unknown `environment`, an unknown option, an unsafe `baseUrl`/`preEncounterBaseUrl`/`tokenUrl`.
 * @example
 * ```ts
 * const candid = createCandidClient({ clientId, clientSecret, environment: "staging" });
 * const { data } = await candid.GET("/api/encounters/v4", { params: { query: { limit: 10 } } });
 * ```
 */
export function createCandidClient(options: CandidClientOptions): CandidClient {
  return createVendorClient<paths, CandidClientOptions, CandidEnvironment, operationsByMethod>(
    candid,
    options,
  );
}
