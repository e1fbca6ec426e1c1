import type { CommonClientOptions } from "@caduceus/auth-core";
import { createVendorClient, defineVendor, normalizeScope } from "@caduceus/auth-core/vendor";
import type { Client } from "openapi-fetch";
import type { paths } from "./generated/openapi.js";
import {
  PARCHMENT_SCOPES,
  type ParchmentEnvironment,
  type ParchmentScope,
  parchmentEnvironments,
  parchmentPreset,
} from "./preset.js";

/** Options of {@link createParchmentClient}: the five partner credentials, the scopes, the environment. */
export interface ParchmentClientOptions extends CommonClientOptions {
  /** Partner id, issued by Parchment. Sent as `x-partner-id` on the token request. */
  partnerId: string;
  /** Partner secret, issued by Parchment. Sent as `x-partner-secret` on the token request only. */
  partnerSecret: string;
  /** Organisation id (Parchment portal → Settings → Organisation → Partner Integrations). */
  organizationId: string;
  /** Organisation secret: on the token request and, as `x-organization-secret`, on every API call. */
  organizationSecret: string;
  /** The Parchment user making the requests (`x-user-id`), not the one who set up the integration. */
  userId: string;
  /** Scopes to request, at least one. A token belongs to one organisation, user and scope set. */
  scope: readonly ParchmentScope[];
  /** Parchment deployment. Default `"production"`; use `"sandbox"` with sandbox credentials. */
  environment?: ParchmentEnvironment;
}

/** A typed openapi-fetch client for the Parchment external API. */
export type ParchmentClient = Client<paths>;

const parchment = defineVendor<ParchmentClientOptions, ParchmentEnvironment>({
  preset: parchmentPreset,
  environments: parchmentEnvironments,
  options: ["partnerId", "partnerSecret", "organizationId", "organizationSecret", "userId", "scope"],
  required: ["partnerId", "partnerSecret", "organizationId", "organizationSecret", "userId"],
  credentials: (o) => ({
    grant: "client_credentials",
    scope: normalizeScope(parchmentPreset.vendor, o.scope, { required: true, allowed: PARCHMENT_SCOPES }),
    headers: {
      "x-partner-id": o.partnerId,
      "x-partner-secret": o.partnerSecret,
      "x-organization-id": o.organizationId,
      "x-organization-secret": o.organizationSecret,
      "x-user-id": o.userId,
    },
    secretHeaders: ["x-partner-secret", "x-organization-secret"],
  }),
  // The token endpoint is part of the API (`{base}/v1/token`), so a custom baseUrl (a proxy, a mock)
  // moves it too: partner secrets never go to Parchment's host when the API calls go elsewhere.
  tokenUrl: (o) => (typeof o.baseUrl === "string" ? `${o.baseUrl.replace(/\/+$/, "")}/v1/token` : undefined),
  apiHeaders: (o) => ({ "x-organization-secret": o.organizationSecret }),
  secretApiHeaders: ["x-organization-secret"],
});

/**
 * Creates a typed client for the Parchment Health external API. The partner token exchange (five
 * `x-*` credential headers, camelCase JSON body, wrapped answer) runs on the first call and is cached
 * per organisation, user and scope set; every API call carries `Authorization: Bearer …` and
 * `x-organization-secret`. Tokens are refreshed before they expire (at most one hour) and after a 401.
 *
 * @throws AuthConfigError naming the option at fault (`partnerId`, `scope`, `scope[0]`, `baseUrl`, …).
 * Calls reject with `TokenRequestError` (Parchment's `error.title: error.detail` and `requestId`),
 * `TokenResponseError`, `TimeoutError` or `AbortError` when no token can be had.
 * @example
 * ```ts
 * const parchment = createParchmentClient({
 *   partnerId, partnerSecret, organizationId, organizationSecret, userId,
 *   scope: ["read:patient_prescription"], environment: "sandbox",
 * });
 * const { data, error } = await parchment.GET("/v1/organizations/{organization_id}/validate", {
 *   params: { path: { organization_id: organizationId } },
 * });
 * ```
 */
export function createParchmentClient(options: ParchmentClientOptions): ParchmentClient {
  return createVendorClient<paths, ParchmentClientOptions, ParchmentEnvironment>(parchment, options);
}
