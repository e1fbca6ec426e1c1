import type { CommonClientOptions } from "@caduceus/auth-core";
import { AuthConfigError } from "@caduceus/auth-core/errors";
import { createVendorClient, defineVendor, normalizeScope, requireString } from "@caduceus/auth-core/vendor";
import type { Client } from "openapi-fetch";
import type { paths } from "./generated/openapi.js";
import {
  careCentricBaseUrlHelp,
  careCentricEnvironments,
  careCentricPreset,
  careCentricTokenUrls,
} from "./preset.js";

/** Options of {@link createCareCentricClient}: the CareCentric credentials plus the common options. */
export interface CareCentricClientOptions extends CommonClientOptions {
  /** OAuth client id issued by Graphnet. Required. */
  clientId: string;
  /** OAuth client secret, sent in the token request body. Required. */
  clientSecret: string;
  /** User name for the password grant (user authorisation). Give it with `password`, or neither. */
  username?: string;
  /** Password for the password grant. Give it with `username`, or neither. */
  password?: string;
  /** SMART on FHIR / OIDC scopes: `"user/*.read openid"` or `["user/*.read", "openid"]`. Default: none sent. */
  scope?: string | readonly string[];
  /** Azure API Management subscription key, sent as `Ocp-Apim-Subscription-Key` on API calls only. */
  subscriptionKey?: string;
  /** The FHIR R4 base URL Graphnet issued to you. Required: none is published. */
  baseUrl: string;
}

/** A typed openapi-fetch client for the CareCentric FHIR R4 API. */
export type CareCentricClient = Client<paths>;

const SUBSCRIPTION_KEY_HEADER = "Ocp-Apim-Subscription-Key";
// null counts as "not given", so `username: process.env.X ?? null` works the same as leaving it out.
const hasUser = (o: CareCentricClientOptions) => o.username != null || o.password != null;

const careCentric = defineVendor<CareCentricClientOptions, keyof typeof careCentricEnvironments>({
  preset: careCentricPreset,
  environments: careCentricEnvironments,
  defaultEnvironment: "published",
  options: ["clientId", "clientSecret", "username", "password", "scope", "subscriptionKey"],
  required: ["clientId", "clientSecret"],
  optional: ["subscriptionKey"],
  baseUrlHelp: careCentricBaseUrlHelp,
  // One documented token URL per grant (docs/vendors/carecentric.md, "Token URL"); an explicit tokenUrl wins.
  tokenUrl: (o) => (hasUser(o) ? careCentricTokenUrls.password : careCentricTokenUrls.clientCredentials),
  credentials(o) {
    const vendor = careCentricPreset.vendor;
    const raw: Record<string, unknown> = { ...o };
    const scope = normalizeScope(vendor, o.scope);
    const base = { clientId: o.clientId, clientSecret: o.clientSecret, ...(scope ? { scope } : {}) };
    if (!hasUser(o)) return { grant: "client_credentials", ...base };
    const missing = o.username == null ? "username" : o.password == null ? "password" : undefined;
    if (missing) {
      throw new AuthConfigError(
        missing,
        `${vendor}: option ${missing} is required when ${missing === "username" ? "password" : "username"} is given (the password grant needs both; give neither for client credentials).`,
      );
    }
    const username = requireString(vendor, raw, "username");
    const password = requireString(vendor, raw, "password");
    return { grant: "password", ...base, username, password };
  },
  apiHeaders: (o) => ({ [SUBSCRIPTION_KEY_HEADER]: o.subscriptionKey }),
  secretApiHeaders: [SUBSCRIPTION_KEY_HEADER],
  unauthorizedHint:
    "CareCentric answered 401 after a fresh token: the user or client may lack access to this resource, or the API gateway refused the subscription key (check subscriptionKey).",
});

/**
 * Creates a typed client for a CareCentric (Graphnet Health) FHIR R4 API. Uses the password grant when
 * `username` and `password` are given, client credentials otherwise; tokens are cached, shared, and
 * refreshed before their JWT `exp` (or `expires_in`, when shorter).
 *
 * @throws AuthConfigError naming the option at fault (`baseUrl`, `clientId`, `clientSecret`, `username`, `password`, `scope`, …).
 * @example
 * ```ts
 * const fhir = createCareCentricClient({ clientId, clientSecret, username, password,
 *   scope: "user/*.read openid", subscriptionKey, baseUrl: "https://fhir.example.test/R4" });
 * const { data } = await fhir.GET("/Patient", { params: { query: { identifier: "https://fhir.nhs.uk/Id/nhs-number|9000000009" } } });
 * ```
 */
export function createCareCentricClient(options: CareCentricClientOptions): CareCentricClient {
  return createVendorClient<paths, CareCentricClientOptions, keyof typeof careCentricEnvironments>(
    careCentric,
    options,
  );
}
