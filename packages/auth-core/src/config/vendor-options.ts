import type { AuthClientOptions, CommonClientOptions } from "../client-options.js";
import { AuthConfigError } from "../errors/auth-config-error.js";
import type { HeaderOwners } from "./check-options.js";
import type { OptionNames } from "./resolve-config.js";
import type { VendorDefinition } from "./vendor-definition.js";
import { requireString } from "./vendor-option-checks.js";

/**
 * The common option names, as a record the compiler checks against {@link CommonClientOptions} both
 * ways: an option added to the type and forgotten here (or the reverse) fails the build, so a typo
 * such as `clientSecet` is caught and no real option is refused.
 */
const COMMON_OPTION_NAMES: Readonly<Record<keyof CommonClientOptions | "environment", true>> = {
  baseUrl: true,
  tokenUrl: true,
  fetch: true,
  tokenStore: true,
  timeoutMs: true,
  maxRetries: true,
  allowInsecureHttp: true,
  dangerouslyAllowBrowser: true,
  clock: true,
  onEvent: true,
  headers: true,
  environment: true,
};

/** A vendor's options turned into `createAuthClient`'s, with the user's name for every header. */
export interface VendorResolution {
  /** What `resolveConfig` checks next: URLs, credentials, headers, common options. */
  clientOptions: AuthClientOptions;
  /** Which user option each header the vendor built carries. */
  names: OptionNames;
}

/**
 * The vendor layer of the options pipeline: unknown names, required and optional strings
 * ({@link requireString}), the environment and its URLs, then the vendor's credentials and headers,
 * each header tagged with the option it was built from.
 *
 * @throws AuthConfigError naming the option as the user spells it.
 */
export function resolveVendorOptions<Options extends CommonClientOptions, Env extends string>(
  definition: VendorDefinition<Options, Env>,
  options: Options & { environment?: Env },
): VendorResolution {
  const vendor = definition.preset.vendor;
  if (typeof options !== "object" || options === null) {
    throw new AuthConfigError("options", `${vendor}: the client factory needs an options object.`);
  }
  const known = new Set([...Object.keys(COMMON_OPTION_NAMES), ...definition.options]);
  for (const name of Object.keys(options)) {
    if (!known.has(name)) {
      throw new AuthConfigError(
        name,
        `${vendor}: unknown option ${name}; known options are ${[...known].join(", ")}.`,
      );
    }
  }
  const raw = options as Record<string, unknown>;
  for (const name of definition.required) requireString(vendor, raw, name);
  for (const name of definition.optional ?? []) if (raw[name] != null) requireString(vendor, raw, name);

  // defineVendor lets a definition leave out its default only when it has a production environment.
  const environmentName = options.environment ?? definition.defaultEnvironment ?? ("production" as Env);
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
  const hosts = definition.hosts?.(options, environmentName as Env);
  const baseUrl = hosts ? hosts.baseUrl : (options.baseUrl ?? environment.baseUrl);
  if (baseUrl === undefined) {
    throw new AuthConfigError(
      "baseUrl",
      `${vendor}: option baseUrl is required. ${definition.baseUrlHelp ?? ""}`.trim(),
    );
  }
  const tokenUrl = options.tokenUrl ?? definition.tokenUrl?.(options, environment) ?? environment.tokenUrl;
  const smartDiscovery = tokenUrl === undefined ? definition.smartDiscovery?.(options) : undefined;
  if (tokenUrl === undefined && !smartDiscovery) {
    throw new AuthConfigError(
      "tokenUrl",
      `${vendor}: option tokenUrl is required. ${definition.tokenUrlHelp ?? ""}`.trim(),
    );
  }
  const routes = hosts ? hosts.routes : options.baseUrl === undefined ? environment.routes : undefined;
  const credentials = tagged(
    options,
    (o) => definition.credentials(o),
    (made) => made.headers,
  );
  const api = tagged(
    options,
    (o) => definition.apiHeaders?.(o) ?? {},
    (made) => made,
  );
  const apiHeaders = Object.fromEntries(
    Object.entries(api.value).filter((entry): entry is [string, string] => entry[1] != null),
  );
  const { environment: _environment, ...common } = options as CommonClientOptions & { environment?: Env };
  return {
    clientOptions: {
      ...common,
      preset: definition.preset,
      credentials: credentials.value,
      baseUrl,
      ...(tokenUrl !== undefined ? { tokenUrl } : {}),
      ...(smartDiscovery ? { smartDiscovery } : {}),
      apiHeaders,
      ...(routes ? { routes, siblingBaseUrls: Object.values(routes) } : {}),
      ...(definition.secretApiHeaders ? { secretApiHeaders: definition.secretApiHeaders } : {}),
      ...(definition.unauthorizedHint ? { unauthorizedHint: definition.unauthorizedHint } : {}),
    },
    names: { credentialHeaders: credentials.owners, apiHeaders: api.owners },
  };
}

/**
 * Runs one of the definition's mappings over the options and learns, for each header it builds,
 * which option it read the value from. The options are read through a recorder: a header's owner is
 * the option read, in order, whose value is that header's (vendors build headers as
 * `{ "x-partner-id": o.partnerId, … }`, one read per header). A header whose value no read gave (a
 * constant, a computed value) has no owner and keeps its own name in errors.
 */
function tagged<Options extends object, Made>(
  options: Options,
  make: (options: Options) => Made,
  headersOf: (made: Made) => Readonly<Record<string, string | null | undefined>> | undefined,
): { value: Made; owners: HeaderOwners } {
  const reads: Array<{ name: string; value: string }> = [];
  const recorder = new Proxy(options, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof property === "string" && typeof value === "string") reads.push({ name: property, value });
      return value;
    },
  });
  const value = make(recorder);
  const owners: Record<string, string> = {};
  const taken = new Set<number>();
  let next = 0;
  for (const [header, headerValue] of Object.entries(headersOf(value) ?? {})) {
    const fits = (read: { value: string }, index: number) => !taken.has(index) && read.value === headerValue;
    // In reading order first; a mapping that read its options in another order still finds them.
    let at = reads.findIndex((read, index) => index >= next && fits(read, index));
    if (at < 0) at = reads.findIndex(fits);
    if (at < 0) continue;
    owners[header] = reads[at]!.name;
    taken.add(at);
    next = at + 1;
  }
  return { value, owners };
}
