import type { CommonClientOptions } from "../client-options.js";
import type { TokenCredentials } from "../token/exchange.js";
import type { TokenPreset } from "../token/preset.js";
import type { SmartDiscoveryOptions } from "../token/private-key-jwt-hooks.js";

/**
 * One documented deployment of a vendor's API.
 *
 * @group Vendor definition
 */
export interface VendorEnvironment {
  /** API origin and base path. Omitted when issued per customer (the `baseUrl` option is then required). */
  baseUrl?: string;
  /** Token endpoint. Omitted when issued per customer (the `tokenUrl` option is then required). */
  tokenUrl?: string;
  /**
   * Sibling hosts of this environment by path prefix: a call to `{baseUrl}{prefix}/…` goes to
   * `{target}/…` with the same token (Candid's pre-encounter API). Applied only with the documented
   * `baseUrl`; with a custom `baseUrl` the prefixed paths stay on that origin (mock servers serve both).
   */
  routes?: Readonly<Record<string, string>>;
}

/**
 * Where a client sends its calls: the base URL and the sibling hosts reached by path prefix.
 *
 * @group Vendor definition
 */
export interface VendorHosts {
  /** The client's base URL: calls whose path matches no route go to `{baseUrl}{path}`. */
  baseUrl: string;
  /** Path prefix → base URL serving it, as {@link VendorEnvironment.routes} (the prefix is replaced). */
  routes?: Readonly<Record<string, string>>;
}

/**
 * A vendor, described as data plus two small mappings. `createVendorClient` does the rest: option
 * checks, environments, URLs, the token engine.
 *
 * @example
 * ```ts
 * export const arzamed = defineVendor({
 *   preset: arzamedPreset, environments: { production: { baseUrl: "https://api.nextgen.arzamed.com/api/v1" } },
 *   defaultEnvironment: "production", options: ["clientId", "clientSecret", "scope"], required: ["clientId", "clientSecret", "tokenUrl"],
 *   credentials: (o) => ({ grant: "client_credentials", clientId: o.clientId, clientSecret: o.clientSecret, scope: ["read"] }),
 * });
 * ```
 *
 * @group Vendor definition
 */
export interface VendorDefinition<Options extends CommonClientOptions, Env extends string> {
  /** The vendor's token exchange described as data; its `vendor` name starts every error message. */
  preset: TokenPreset;
  /**
   * The vendor's documented deployments by name (e.g. `production`, `staging`), selected by the
   * user's `environment` option. A name not listed here is rejected with `AuthConfigError("environment")`.
   */
  environments: Readonly<Record<Env, VendorEnvironment>>;
  /**
   * The environment used when the user gives no `environment` option; one of the keys of
   * `environments`. May be left out when one of them is `production` ({@link defineVendor} requires
   * it otherwise).
   *
   * @defaultValue `"production"`
   */
  defaultEnvironment?: Env;
  /** Vendor-specific option names (besides the common ones); any other name is an error. */
  options: ReadonlyArray<string>;
  /** Options that must be non-empty strings (vendor-specific or common, e.g. `tokenUrl` for Arzamed). */
  required: ReadonlyArray<string>;
  /** Options that, when given (neither `undefined` nor `null`), must be non-empty strings. */
  optional?: ReadonlyArray<string>;
  /** Maps checked options to credentials; throw an `AuthConfigError` for vendor-specific faults. */
  credentials(options: Options): TokenCredentials;
  /**
   * Token URL when it depends on the options (CareCentric: one per grant).
   *
   * @defaultValue the environment's `tokenUrl`
   */
  tokenUrl?(options: Options, environment: VendorEnvironment): string | undefined;
  /**
   * The hosts when options choose them (Candid: `baseUrl` and `preEncounterBaseUrl` override one host
   * each). Throw `AuthConfigError` naming the option at fault.
   *
   * @defaultValue the `baseUrl` option, else the environment's `baseUrl` with its `routes`
   */
  hosts?(options: Options, environment: Env): VendorHosts;
  /**
   * Where to discover the token endpoint when neither the options nor the environment give one (a
   * SMART on FHIR server's `/.well-known/smart-configuration`); a `tokenUrl` option overrides it.
   */
  smartDiscovery?(options: Options): SmartDiscoveryOptions | undefined;
  /** Headers on every API call; `undefined` and `null` values are left out. */
  apiHeaders?(options: Options): Record<string, string | undefined>;
  /** Names of API headers whose values are secrets. */
  secretApiHeaders?: readonly string[];
  /** Added as `x-caduceus-hint` to a 401 that survives the replay. */
  unauthorizedHint?: string;
  /** Why `baseUrl` must be given when no environment has one (shown in the error). */
  baseUrlHelp?: string;
  /** Why `tokenUrl` must be given when no environment has one. */
  tokenUrlHelp?: string;
}
