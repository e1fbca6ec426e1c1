import type { Client } from "openapi-fetch";
import type { ByMethodClient, OperationsByMethod } from "./by-method-client.js";
import { wireClient } from "./client.js";
import type { CommonClientOptions } from "./client-options.js";
import { resolveConfig } from "./config/resolve-config.js";
import type { VendorDefinition } from "./config/vendor-definition.js";
import { resolveVendorOptions } from "./config/vendor-options.js";

export type { VendorDefinition, VendorEnvironment, VendorHosts } from "./config/vendor-definition.js";
export { normalizeScope, requireString } from "./config/vendor-option-checks.js";

/**
 * Identity function that checks and documents a {@link VendorDefinition}: returns `definition`
 * unchanged, and lets TypeScript infer `Options` and `Env` from it (so `defaultEnvironment` must be one
 * of the `environments`, and must be given when none of them is `production`). Checks types only;
 * nothing is validated at run time here.
 *
 * @example
 * ```ts
 * const acme = defineVendor<AcmeClientOptions, "production" | "sandbox">({
 *   preset: acmePreset, environments: { production: { baseUrl: "https://api.acme.test/v1", tokenUrl: "https://auth.acme.test/token" }, sandbox: { baseUrl: "https://sandbox.acme.test/v1", tokenUrl: "https://auth.sandbox.acme.test/token" } },
 *   defaultEnvironment: "production", options: ["clientId", "clientSecret"], required: ["clientId", "clientSecret"],
 *   credentials: (o) => ({ grant: "client_credentials", clientId: o.clientId, clientSecret: o.clientSecret }),
 * });
 * ```
 *
 * @group Vendor definition
 */
export function defineVendor<Options extends CommonClientOptions, Env extends string>(
  definition: VendorDefinition<Options, Env> &
    ("production" extends Env ? unknown : { defaultEnvironment: Env }),
): VendorDefinition<Options, Env> {
  return definition;
}

/**
 * Creates a vendor's typed client from its definition and the user's options. Every option is checked
 * here: unknown names, missing or empty required strings, unknown environments, unsafe URLs.
 *
 * Defaults: `environment` is the definition's `defaultEnvironment`; `baseUrl` the environment's;
 * `tokenUrl` the definition's `tokenUrl(options, environment)`, else the environment's. The
 * environment's `routes` apply only with its documented `baseUrl`. The rest is {@link createAuthClient}.
 *
 * The client is openapi-fetch's `Client<Paths>`; given the description's generated
 * `operationsByMethod` as `ByMethod`, the same client is also typed as a {@link ByMethodClient}, whose
 * calls type-check faster (see {@link VendorClient}).
 *
 * @throws AuthConfigError naming the option at fault, as the user spells it (a header built from an
 *   option is reported under that option, e.g. `partnerId`, not `x-partner-id`).
 * @example
 * ```ts
 * export function createAcmeClient(options: AcmeClientOptions): VendorClient<paths, operationsByMethod> {
 *   return createVendorClient<paths, AcmeClientOptions, "production" | "sandbox", operationsByMethod>(acme, options);
 * }
 * ```
 *
 * @group Vendor definition
 */
export function createVendorClient<
  Paths extends {},
  Options extends CommonClientOptions,
  Env extends string,
  ByMethod extends OperationsByMethod = never,
>(
  definition: VendorDefinition<Options, Env>,
  options: Options & { environment?: Env },
): VendorClient<Paths, ByMethod> {
  const { clientOptions, names } = resolveVendorOptions(definition, options);
  // Only the types differ: a ByMethodClient is the openapi-fetch client, its calls typed per operation.
  return wireClient<Paths>(resolveConfig(clientOptions, names)) as VendorClient<Paths, ByMethod>;
}

/**
 * The type of {@link createVendorClient}'s client: openapi-fetch's `Client<Paths>`; when the vendor
 * passes its generated `operationsByMethod`, a {@link ByMethodClient} as well. A call then resolves on
 * the per-operation signature first (the fast one) and the client still goes wherever openapi-fetch's
 * `Client<Paths>` is expected (a user's helper, openapi-react-query), because it is one.
 */
export type VendorClient<Paths extends {}, ByMethod extends OperationsByMethod = never> = [ByMethod] extends [
  never,
]
  ? Client<Paths>
  : ByMethodClient<Paths, ByMethod> & Client<Paths>;
