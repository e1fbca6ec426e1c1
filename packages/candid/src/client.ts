import type { CommonClientOptions } from "@caduceus/auth-core";
import { createVendorClient, defineVendor } from "@caduceus/auth-core/vendor";
import type { Client } from "openapi-fetch";
import type { paths } from "./generated/openapi.js";
import { type CandidEnvironment, candidEnvironments, candidPreset } from "./preset.js";

/** Options of {@link createCandidClient}: the API credentials, the environment, auth-core's common options. */
export interface CandidClientOptions extends CommonClientOptions {
  /** Client id from Candid's "Users & Credentials" tab. Required. */
  clientId: string;
  /** Client secret. Required; never logged, never in an error. */
  clientSecret: string;
  /**
   * Which Candid deployment to call: `"production"` (default), `"staging"` or `"sandbox"`. Chooses the
   * core host, the pre-encounter host and the token endpoint together. A `baseUrl` overrides the core
   * host (pre-encounter calls then go to `{baseUrl}/pre-encounter/…`, e.g. a mock server).
   */
  environment?: CandidEnvironment;
}

/** An openapi-fetch client typed by the Candid description: `client.GET(path, init)` and friends. */
export type CandidClient = Client<paths>;

const candid = defineVendor<CandidClientOptions, CandidEnvironment>({
  preset: candidPreset,
  environments: candidEnvironments,
  defaultEnvironment: "production",
  options: ["clientId", "clientSecret"],
  required: ["clientId", "clientSecret"],
  // Candid names no grant; the preset suppresses grant_type on the wire.
  credentials: (options) => ({
    grant: "client_credentials",
    clientId: options.clientId,
    clientSecret: options.clientSecret,
  }),
});

/**
 * Creates a typed Candid Health client. It exchanges the client id and secret for a token, caches it for
 * at most 5 hours (the documented lifetime, even when `expires_in` says more), shares it with every client
 * of the same credentials in the process (Candid rate-limits token minting), sends it to the core host and
 * the pre-encounter host of the environment, and replays a call once after a 401.
 *
 * @throws AuthConfigError naming the option at fault: `clientId` or `clientSecret` missing or empty, an
 *   unknown `environment`, an unknown option, an unsafe `baseUrl`/`tokenUrl`.
 * @example
 * ```ts
 * const candid = createCandidClient({ clientId, clientSecret, environment: "sandbox" });
 * const { data } = await candid.GET("/payers/v3", { params: { query: { search_term: "aetna", limit: 5 } } });
 * ```
 */
export function createCandidClient(options: CandidClientOptions): CandidClient {
  return createVendorClient<paths, CandidClientOptions, CandidEnvironment>(candid, options);
}
