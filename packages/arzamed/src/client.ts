import type { CommonClientOptions } from "@caduceus/auth-core";
import { createVendorClient, defineVendor, normalizeScope } from "@caduceus/auth-core/vendor";
import type { Client } from "openapi-fetch";
import type { paths } from "./generated/openapi.js";
import { ARZAMED_READ_SCOPE, type ArzamedEnvironment, arzamedEnvironments, arzamedPreset } from "./preset.js";

/** Options of {@link createArzamedClient}: one clinic's API key and where to exchange it. */
export interface ArzamedClientOptions extends CommonClientOptions {
  /** `client_id` of the clinic's API key (Equipe Settings → API Keys in the Arzamed client app). */
  clientId: string;
  /** `client_secret` of the API key. Sent only to `tokenUrl`, with HTTP Basic. */
  clientSecret: string;
  /** `token_url` issued with the API key; required, Arzamed has no fixed token endpoint. */
  tokenUrl: string;
  /** Scopes: a space-separated string or an array. Default `"https://api.nextgen.arzamed.com/read"`. */
  scope?: string | readonly string[];
  /** Arzamed deployment. Default `"production"`; `"uat"` with UAT credentials. */
  environment?: ArzamedEnvironment;
}

/** A typed openapi-fetch client for the Arzamed API. */
export type ArzamedClient = Client<paths>;

const arzamed = defineVendor<ArzamedClientOptions, ArzamedEnvironment>({
  preset: arzamedPreset,
  environments: arzamedEnvironments,
  options: ["clientId", "clientSecret", "scope"],
  required: ["clientId", "clientSecret"],
  credentials: (o) => ({
    grant: "client_credentials",
    clientId: o.clientId,
    clientSecret: o.clientSecret,
    scope: normalizeScope(arzamedPreset.vendor, o.scope ?? ARZAMED_READ_SCOPE, { required: true }),
  }),
  tokenUrlHelp:
    "Arzamed issues a token URL per clinic together with the client id and secret (Equipe Settings → API Keys); pass it as tokenUrl.",
});

/**
 * Creates a typed client for the Arzamed API of one clinic. The OAuth client-credentials exchange
 * (HTTP Basic, form body, the documented read scope) runs against the clinic's `tokenUrl` on the first
 * call; the token is cached per token URL, client id, secret and scope, so one process can serve many
 * clinics without mixing their tokens. Calls carry only `Authorization: Bearer …`: the token tells
 * Arzamed which clinic is asking.
 *
 * @throws AuthConfigError naming the option at fault (`clientId`, `clientSecret`, `tokenUrl`, `scope`, …).
 * Calls reject with `TokenRequestError`, `TokenResponseError`, `TimeoutError` or `AbortError` when no
 * token can be had.
 * @example
 * ```ts
 * const arzamed = createArzamedClient({ clientId, clientSecret, tokenUrl });
 * const { data: doctors } = await arzamed.GET("/equipe/doctors");
 * ```
 */
export function createArzamedClient(options: ArzamedClientOptions): ArzamedClient {
  return createVendorClient<paths, ArzamedClientOptions, ArzamedEnvironment>(arzamed, options);
}
