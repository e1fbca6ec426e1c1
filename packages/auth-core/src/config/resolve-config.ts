import type { AuthClientOptions } from "../client-options.js";
import { AuthConfigError } from "../errors/auth-config-error.js";
import type { AuthEventHandler } from "../events.js";
import type { Route } from "../http/routes.js";
import { checkUrlOption, isBrowserLike } from "../security.js";
import type { TokenCredentials } from "../token/exchange.js";
import type { TokenPreset } from "../token/preset.js";
import type { AssertionSigner, SmartEndpoint } from "../token/private-key-jwt-hooks.js";
import { basicCredential } from "../token/token-request.js";
import {
  type CommonSettings,
  checkCommonOptions,
  checkCredentials,
  checkHeaders,
  checkNameList,
  checkPreset,
  configFault,
  HEADER_NAME,
  type HeaderOwners,
} from "./check-options.js";

/**
 * Which user option each vendor header carries, so that a fault in a header's value is reported
 * under the option the user wrote (`partnerId`), not the header (`credentials.headers.x-partner-id`).
 * Filled by the vendor layer, which knows its options; `createAuthClient` callers name headers directly.
 */
export interface OptionNames {
  /** `apiHeaders` name → user option. */
  apiHeaders?: HeaderOwners;
  /** `credentials.headers` name → user option. */
  credentialHeaders?: HeaderOwners;
}

/** A path prefix under `baseUrl` (`from`: `baseUrl` plus the prefix) and the base URL serving it (`to`). */
export type ResolvedRoute = Route;

/**
 * Every option checked, defaulted and resolved, frozen: what the client's parts are wired from.
 * Nothing here is checked again later; a client never holds an option it has not checked.
 */
export interface ResolvedConfig {
  /** The preset's vendor name, which starts every message and event. */
  readonly vendor: string;
  /** The caller's preset, checked (not copied: vendor presets are shared constants). */
  readonly preset: TokenPreset;
  /** A frozen copy of the checked credentials. */
  readonly credentials: TokenCredentials;
  /** The signer of `credentials.privateKey`, made by the preset's `assertionSigner`; absent without a key. */
  readonly signer?: AssertionSigner;
  /** The common options, checked, defaults applied. */
  readonly settings: Readonly<CommonSettings>;
  /** API base URL without its trailing slash. */
  readonly baseUrl: string;
  /** Absolute token endpoint, normalised by `URL`. */
  readonly tokenUrl: string;
  /** Set when the token endpoint is discovered at the first call; `tokenUrl` is then the smart-configuration URL. */
  readonly discover?: (signal: AbortSignal) => Promise<SmartEndpoint>;
  /** Origins that receive the token and the API headers: `baseUrl`'s, the siblings', the routes'. */
  readonly apiOrigins: readonly string[];
  /** Path-prefix routes to sibling hosts, as full URL prefixes. */
  readonly routes: readonly ResolvedRoute[];
  /** Vendor headers on every API call (empty when none). */
  readonly apiHeaders: Readonly<Record<string, string>>;
  /** Every secret to scrub: client secret, password, secret headers, and the Basic credential as sent. */
  readonly secrets: readonly string[];
  /** The caller's fetch; absent: `globalThis.fetch`, looked up per call. */
  readonly fetch?: typeof fetch;
  /** The caller's event hook. */
  readonly onEvent?: AuthEventHandler;
  /** The caller's headers for every API call. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Added as `x-caduceus-hint` to a 401 that survives the replay. */
  readonly unauthorizedHint?: string;
  /** The header the vendor honours as an idempotency key (a POST or PATCH carrying it may be retried). */
  readonly idempotencyKeyHeader?: string;
}

/**
 * Checks every option of a client at once and resolves it into a frozen {@link ResolvedConfig}.
 *
 * @throws AuthConfigError naming the option at fault as the user spells it (through `names` for
 *   vendor options sent as headers); the message never contains the value.
 */
export function resolveConfig(options: AuthClientOptions, names: OptionNames = {}): ResolvedConfig {
  if (typeof options !== "object" || options === null)
    throw new AuthConfigError("options", "auth-core: createAuthClient needs an options object.");
  const preset = checkPreset(options.preset);
  const vendor = preset.vendor;
  const settings = checkCommonOptions(vendor, options);
  const credentials = checkCredentials(preset, options.credentials, names.credentialHeaders);
  // checkCredentials has made sure a preset plugs a signer in whenever there is a key to sign with.
  const signer =
    credentials.privateKey === undefined
      ? undefined
      : preset.assertionSigner!(credentials.privateKey, {
          vendor,
          ...(preset.clientAssertion ? { settings: preset.clientAssertion } : {}),
          ...(credentials.keyId ? { keyId: credentials.keyId } : {}),
          ...(credentials.jwksUrl ? { jwksUrl: credentials.jwksUrl } : {}),
        });
  const fail = configFault(vendor);
  if (options.apiHeaders !== undefined)
    checkHeaders(fail, "apiHeaders", options.apiHeaders, names.apiHeaders);
  checkNameList(fail, "secretApiHeaders", options.secretApiHeaders);
  if (
    options.unauthorizedHint !== undefined &&
    (typeof options.unauthorizedHint !== "string" || !/^[\u0020-\u007e]*$/.test(options.unauthorizedHint))
  )
    fail("unauthorizedHint", "must be a string of printable ASCII");
  if (
    options.idempotencyKeyHeader !== undefined &&
    (typeof options.idempotencyKeyHeader !== "string" || !HEADER_NAME.test(options.idempotencyKeyHeader))
  )
    fail("idempotencyKeyHeader", "must be an HTTP header name");

  const secrets = secretsOf(preset, credentials, options, signer);
  // Any secret counts: Parchment's travel in headers, not as clientSecret (docs/contract.md, behaviour 8).
  if (!settings.dangerouslyAllowBrowser && isBrowserLike() && secrets.length > 0) {
    throw new AuthConfigError(
      "dangerouslyAllowBrowser",
      `${vendor}: refusing to run in a browser-like runtime with a client secret, password or secret header: anyone using the page could read it. Call the API from your server, or set dangerouslyAllowBrowser: true if the page is trusted (e.g. an internal tool).`,
    );
  }
  const baseUrl = checkUrlOption(vendor, "baseUrl", options.baseUrl, settings.allowInsecureHttp);
  const discovery = options.tokenUrl === undefined && options.smartDiscovery !== undefined;
  if (discovery && !preset.discoverTokenEndpoint)
    fail(
      "preset.discoverTokenEndpoint",
      "is required with the smartDiscovery option: set it to smartEndpointDiscovery from @caduceus/auth-core/private-key-jwt",
    );
  const finder = discovery
    ? preset.discoverTokenEndpoint!(options.smartDiscovery, {
        vendor,
        allowInsecureHttp: settings.allowInsecureHttp,
        fetch: () => options.fetch ?? globalThis.fetch,
      })
    : undefined;
  // With discovery, the finder's URL (the smart-configuration's) stands for the token endpoint in the cache key.
  const tokenUrl = finder
    ? new URL(finder.url)
    : checkUrlOption(vendor, "tokenUrl", options.tokenUrl, settings.allowInsecureHttp);
  if (options.siblingBaseUrls !== undefined && !Array.isArray(options.siblingBaseUrls))
    fail("siblingBaseUrls", "must be an array of URLs");
  const siblings = (options.siblingBaseUrls ?? []).map((url, index) =>
    checkUrlOption(vendor, `siblingBaseUrls[${index}]`, url, settings.allowInsecureHttp),
  );
  const apiOrigins = [baseUrl.origin, ...siblings.map((url) => url.origin)];
  const trimmedBase = baseUrl.href.replace(/\/$/, "");
  if (options.routes !== undefined && (typeof options.routes !== "object" || options.routes === null))
    fail("routes", "must be an object of path prefixes to base URLs");
  const routes = Object.entries(options.routes ?? {}).map(([prefix, to]): ResolvedRoute => {
    if (!prefix.startsWith("/")) fail(`routes.${prefix}`, 'must be a path prefix starting with "/"');
    const target = checkUrlOption(vendor, `routes.${prefix}`, to, settings.allowInsecureHttp);
    if (!apiOrigins.includes(target.origin)) apiOrigins.push(target.origin);
    return Object.freeze({ from: trimmedBase + prefix, to: target.href });
  });

  // Options not given stay undefined (not absent): every reader treats both alike.
  return Object.freeze({
    vendor,
    preset,
    credentials: frozenCredentials(credentials),
    signer,
    settings: Object.freeze({ ...settings }),
    baseUrl: trimmedBase,
    tokenUrl: tokenUrl.href,
    discover: finder?.find,
    apiOrigins: Object.freeze(apiOrigins),
    routes: Object.freeze(routes),
    apiHeaders: Object.freeze({ ...options.apiHeaders }),
    secrets: Object.freeze(secrets),
    fetch: options.fetch || undefined,
    onEvent: options.onEvent || undefined,
    headers: options.headers ? Object.freeze({ ...options.headers }) : undefined,
    unauthorizedHint: options.unauthorizedHint || undefined,
    idempotencyKeyHeader: options.idempotencyKeyHeader || undefined,
  });
}

/** The secrets a client must scrub from everything it emits, in every form they travel in. */
function secretsOf(
  preset: TokenPreset,
  credentials: TokenCredentials,
  options: AuthClientOptions,
  signer: AssertionSigner | undefined,
): string[] {
  const secretHeaderNames = new Set((credentials.secretHeaders ?? []).map((name) => name.toLowerCase()));
  const secretApiHeaderNames = new Set((options.secretApiHeaders ?? []).map((name) => name.toLowerCase()));
  const secrets = [
    credentials.clientSecret,
    credentials.password,
    ...Object.entries(credentials.headers ?? {}).flatMap(([name, value]) =>
      secretHeaderNames.has(name.toLowerCase()) ? [value] : [],
    ),
    ...Object.entries(options.apiHeaders ?? {}).flatMap(([name, value]) =>
      secretApiHeaderNames.has(name.toLowerCase()) ? [value] : [],
    ),
  ].filter((secret): secret is string => typeof secret === "string" && secret !== "");
  // The private key, in the forms its signer knows it travels or prints in.
  if (signer) secrets.push(...signer.secrets);
  if (preset.clientAuthentication === "basic" && credentials.clientSecret) {
    // The Basic credential as it travels, in case an error body echoes the Authorization header.
    secrets.push(basicCredential(credentials.clientId ?? "", credentials.clientSecret, preset.basicEncoding));
  }
  return secrets;
}

function frozenCredentials(credentials: TokenCredentials): TokenCredentials {
  const copy = {
    ...credentials,
    ...(credentials.scope ? { scope: Object.freeze([...credentials.scope]) } : {}),
    ...(credentials.headers ? { headers: Object.freeze({ ...credentials.headers }) } : {}),
    ...(credentials.secretHeaders ? { secretHeaders: Object.freeze([...credentials.secretHeaders]) } : {}),
  };
  // The private key stays readable but out of `inspect`, JSON and spreads: it is a secret.
  if (copy.privateKey !== undefined)
    Object.defineProperty(copy, "privateKey", { value: copy.privateKey, enumerable: false });
  return Object.freeze(copy);
}
