import type { Client } from "openapi-fetch";
import { type AuthClientOptions, createAuthClient } from "./client.js";
import type { CommonClientOptions } from "./client-options.js";
import { AuthConfigError } from "./errors/auth-config-error.js";
import type { TokenPreset } from "./preset.js";
import type { TokenCredentials } from "./token/exchange.js";

/** One documented deployment of a vendor's API. */
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

/** Where a client sends its calls: the base URL and the sibling hosts reached by path prefix. */
export interface VendorHosts {
  /** The client's base URL: calls whose path matches no route go to `{baseUrl}{path}`. */
  baseUrl: string;
  /** Path prefix → base URL serving it, as {@link VendorEnvironment.routes} (the prefix is replaced). */
  routes?: Readonly<Record<string, string>>;
}

/** Common option names, so a typo such as `clientSecet` is caught instead of silently ignored. */
const COMMON_OPTIONS = [
  "baseUrl",
  "tokenUrl",
  "fetch",
  "tokenStore",
  "timeoutMs",
  "maxRetries",
  "allowInsecureHttp",
  "dangerouslyAllowBrowser",
  "clock",
  "onEvent",
  "headers",
  "environment",
];

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
 */
export interface VendorDefinition<Options extends CommonClientOptions, Env extends string> {
  /** The vendor's token exchange described as data; its `vendor` name starts every error message. */
  preset: TokenPreset;
  /**
   * The vendor's documented deployments by name (e.g. `production`, `staging`), selected by the
   * user's `environment` option. A name not listed here is rejected with `AuthConfigError("environment")`.
   */
  environments: Readonly<Record<Env, VendorEnvironment>>;
  /** The environment used when the user gives no `environment` option; one of the keys of `environments`. */
  defaultEnvironment: Env;
  /** Vendor-specific option names (besides the common ones); any other name is an error. */
  options: ReadonlyArray<string>;
  /** Options that must be non-empty strings (vendor-specific or common, e.g. `tokenUrl` for Arzamed). */
  required: ReadonlyArray<string>;
  /** Options that, when given (neither `undefined` nor `null`), must be non-empty strings. */
  optional?: ReadonlyArray<string>;
  /** Maps checked options to credentials; throw {@link AuthConfigError} for vendor-specific faults. */
  credentials(options: Options): TokenCredentials;
  /**
   * The hosts when options choose them (Candid: `baseUrl` and `preEncounterBaseUrl` override one host
   * each). Throw {@link AuthConfigError} naming the option at fault. Default: the `baseUrl` option, else
   * the environment's with its `routes`.
   */
  hosts?(options: Options, environment: Env): VendorHosts;
  /** Token URL when it depends on the options (CareCentric: one per grant). Default: the environment's. */
  tokenUrl?(options: Options, environment: VendorEnvironment): string | undefined;
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

/**
 * Identity function that checks and documents a {@link VendorDefinition}: returns `definition`
 * unchanged, and lets TypeScript infer `Options` and `Env` from it (so `defaultEnvironment` must be one
 * of the `environments`). Checks types only; nothing is validated at run time here.
 *
 * @example
 * ```ts
 * const acme = defineVendor<AcmeClientOptions, "production" | "sandbox">({
 *   preset: acmePreset, environments: { production: { baseUrl: "https://api.acme.test/v1", tokenUrl: "https://auth.acme.test/token" }, sandbox: { baseUrl: "https://sandbox.acme.test/v1", tokenUrl: "https://auth.sandbox.acme.test/token" } },
 *   defaultEnvironment: "production", options: ["clientId", "clientSecret"], required: ["clientId", "clientSecret"],
 *   credentials: (o) => ({ grant: "client_credentials", clientId: o.clientId, clientSecret: o.clientSecret }),
 * });
 * ```
 */
export function defineVendor<Options extends CommonClientOptions, Env extends string>(
  definition: VendorDefinition<Options, Env>,
): VendorDefinition<Options, Env> {
  return definition;
}

/**
 * Creates a vendor's typed client from its definition and the user's options. Every option is checked
 * here: unknown names, missing or empty required strings, unknown environments, unsafe URLs.
 *
 * Defaults: `environment` is the definition's `defaultEnvironment`; `baseUrl` the environment's;
 * `tokenUrl` the definition's `tokenUrl(options, environment)`, else the environment's. The
 * environment's `routes` apply only with its documented `baseUrl`, unless the definition's `hosts`
 * chooses base URL and routes itself. The rest is {@link createAuthClient}.
 *
 * @throws AuthConfigError naming the option at fault, as the user spells it (a header built from an
 *   option is reported under that option, e.g. `partnerId`, not `x-partner-id`).
 * @example
 * ```ts
 * export function createAcmeClient(options: AcmeClientOptions): Client<paths> {
 *   return createVendorClient<paths, AcmeClientOptions, "production" | "sandbox">(acme, options);
 * }
 * ```
 */
export function createVendorClient<Paths extends {}, Options extends CommonClientOptions, Env extends string>(
  definition: VendorDefinition<Options, Env>,
  options: Options & { environment?: Env },
): Client<Paths> {
  const vendor = definition.preset.vendor;
  if (typeof options !== "object" || options === null) {
    throw new AuthConfigError("options", `${vendor}: the client factory needs an options object.`);
  }
  const known = new Set([...COMMON_OPTIONS, ...definition.options]);
  for (const name of Object.keys(options)) {
    if (!known.has(name)) {
      throw new AuthConfigError(
        name,
        `${vendor}: unknown option ${name}; known options are ${[...known].join(", ")}.`,
      );
    }
  }
  for (const name of definition.required) requireString(vendor, options as Record<string, unknown>, name);
  for (const name of definition.optional ?? []) {
    const value = (options as Record<string, unknown>)[name];
    if (value != null) requireString(vendor, options as Record<string, unknown>, name);
  }

  const environmentName = options.environment ?? definition.defaultEnvironment;
  // Own keys only: environment "toString" must not find Object.prototype.toString.
  const environment =
    typeof environmentName === "string" && Object.hasOwn(definition.environments, environmentName)
      ? definition.environments[environmentName]
      : undefined;
  if (!environment) {
    throw new AuthConfigError(
      "environment",
      `${vendor}: option environment must be one of ${Object.keys(definition.environments)
        .map((e) => JSON.stringify(e))
        .join(", ")}.`,
    );
  }
  const hosts = definition.hosts?.(options, environmentName);
  const baseUrl = hosts ? hosts.baseUrl : (options.baseUrl ?? environment.baseUrl);
  if (baseUrl === undefined) {
    throw new AuthConfigError(
      "baseUrl",
      `${vendor}: option baseUrl is required. ${definition.baseUrlHelp ?? ""}`.trim(),
    );
  }
  const tokenUrl = options.tokenUrl ?? definition.tokenUrl?.(options, environment) ?? environment.tokenUrl;
  if (tokenUrl === undefined) {
    throw new AuthConfigError(
      "tokenUrl",
      `${vendor}: option tokenUrl is required. ${definition.tokenUrlHelp ?? ""}`.trim(),
    );
  }
  const routes = hosts ? hosts.routes : options.baseUrl === undefined ? environment.routes : undefined;
  const apiHeaders = Object.fromEntries(
    Object.entries(definition.apiHeaders?.(options) ?? {}).filter(
      (entry): entry is [string, string] => entry[1] != null,
    ),
  );
  const { environment: _environment, ...common } = options as CommonClientOptions & { environment?: Env };
  const clientOptions: AuthClientOptions = {
    ...common,
    preset: definition.preset,
    credentials: definition.credentials(options),
    baseUrl,
    tokenUrl,
    apiHeaders,
    ...(routes ? { routes, siblingBaseUrls: Object.values(routes) } : {}),
    ...(definition.secretApiHeaders ? { secretApiHeaders: definition.secretApiHeaders } : {}),
    ...(definition.unauthorizedHint ? { unauthorizedHint: definition.unauthorizedHint } : {}),
  };
  try {
    return createAuthClient<Paths>(clientOptions);
  } catch (error) {
    throw asUserOption(error, options as Record<string, unknown>, clientOptions);
  }
}

/**
 * A header the vendor builds from a user option (Parchment's `x-partner-id`, xCures' `ProjectId`) is
 * checked by `createAuthClient` under its internal name (`credentials.headers.x-partner-id`); the
 * user wrote `partnerId`. Renames the error after the one option whose value the header carries
 * (an AuthConfigError names the option as the user spells it: docs/contract.md, behaviour 6).
 */
function asUserOption(error: unknown, options: Record<string, unknown>, client: AuthClientOptions): unknown {
  if (!(error instanceof AuthConfigError)) return error;
  const match = /^(apiHeaders|credentials\.headers)\.(.+)$/.exec(error.option);
  if (!match) return error;
  const [, group, header] = match as unknown as [string, string, string];
  const headers = group === "apiHeaders" ? client.apiHeaders : client.credentials?.headers;
  const value = headers?.[header];
  const owners = Object.keys(options).filter((name) => typeof value === "string" && options[name] === value);
  if (owners.length !== 1) return error;
  const option = owners[0]!;
  return new AuthConfigError(
    option,
    error.message.replace(`option ${error.option}`, `option ${option} (sent as the ${header} header)`),
  );
}

/**
 * Checks that `options[name]` is a non-empty string without control characters or lone surrogates,
 * and returns it unchanged (surrounding spaces are kept; only an all-blank value is refused).
 *
 * @throws AuthConfigError naming `name`: missing (`undefined` or `null`), not a string, empty or
 *   blank, containing a control character (a pasted newline), or a lone UTF-16 surrogate.
 * @example
 * ```ts
 * const partnerId = requireString("Parchment", options, "partnerId");
 * requireString("Acme", { clientId: "abc\n" }, "clientId"); // throws: "Acme: option clientId contains a control character (a stray newline?)."
 * ```
 */
export function requireString(vendor: string, options: Record<string, unknown>, name: string): string {
  const value = options[name];
  if (value === undefined || value === null)
    throw new AuthConfigError(name, `${vendor}: option ${name} is required.`);
  if (typeof value !== "string")
    throw new AuthConfigError(name, `${vendor}: option ${name} must be a string, not ${typeof value}.`);
  if (value.trim() === "") throw new AuthConfigError(name, `${vendor}: option ${name} must not be empty.`);
  // Header values and form fields cannot carry control characters; a pasted newline is a common slip.
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    throw new AuthConfigError(
      name,
      `${vendor}: option ${name} contains a control character (a stray newline?).`,
    );
  }
  // A lone UTF-16 surrogate cannot be encoded: it would be sent as U+FFFD, silently another value.
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value)) {
    throw new AuthConfigError(name, `${vendor}: option ${name} contains a lone UTF-16 surrogate.`);
  }
  return value;
}

/**
 * Normalises a `scope` option: a space-separated string or an array of scope names, to an array, in
 * the order given. `undefined` when the option is absent (`undefined` or `null`) and not `required`.
 *
 * @param vendor Starts error messages, e.g. `"Acme"`.
 * @param value The user's `scope` option, unchecked.
 * @param options `required`: absence or an empty list is an error (default `false`). `allowed`: the
 *   vendor's documented scopes; any other name is an error (default: any name).
 * @throws AuthConfigError naming `scope` (missing, empty, neither string nor array) or `scope[i]`
 *   (not a string, empty, containing whitespace or control characters, or not in `allowed`).
 * @example
 * ```ts
 * normalizeScope("Acme", "read write") // ["read", "write"]
 * normalizeScope("Acme", ["read"], { allowed: ["read", "write"] }) // ["read"]
 * normalizeScope("Acme", undefined) // undefined
 * ```
 */
export function normalizeScope(
  vendor: string,
  value: unknown,
  options: { required?: boolean; allowed?: readonly string[] } = {},
): string[] | undefined {
  if (value === undefined || value === null) {
    if (options.required) throw new AuthConfigError("scope", `${vendor}: option scope is required.`);
    return undefined;
  }
  const list = typeof value === "string" ? value.split(" ").filter(Boolean) : value;
  if (!Array.isArray(list)) {
    throw new AuthConfigError(
      "scope",
      `${vendor}: option scope must be a space-separated string or an array of strings.`,
    );
  }
  list.forEach((item, index) => {
    if (typeof item !== "string" || item === "" || /\s|[\u0000-\u001f\u007f]/.test(item)) {
      throw new AuthConfigError(
        `scope[${index}]`,
        `${vendor}: option scope[${index}] must be a scope name without spaces.`,
      );
    }
    if (options.allowed && !options.allowed.includes(item)) {
      throw new AuthConfigError(
        `scope[${index}]`,
        `${vendor}: option scope[${index}] is ${JSON.stringify(item)}, not one of the documented scopes (${options.allowed.join(", ")}).`,
      );
    }
  });
  if (list.length === 0 && options.required)
    throw new AuthConfigError("scope", `${vendor}: option scope must not be empty.`);
  return list as string[];
}
