import type { CommonClientOptions } from "../client-options.js";
import { type Clock, systemClock } from "../clock.js";
import { DEFAULT_TIMEOUT_MS } from "../deadline.js";
import { AuthConfigError } from "../errors/auth-config-error.js";
import { defaultTokenStore } from "../store/memory-token-store.js";
import type { TokenStore } from "../store/token-store.js";
import type { TokenCredentials } from "../token/exchange.js";
import type { TokenPreset } from "../token/preset.js";
import { DEFAULT_MAX_RETRIES, processRetryBudget, type RetryBudget } from "../token/retry-policy.js";

/**
 * Option checks of `createAuthClient`: every fault is an {@link AuthConfigError} naming the option as
 * the caller spells it (`timeoutMs`, `preset.encoding`, `credentials.scope[1]`, `apiHeaders.ProjectId`),
 * thrown when the client is created, never at the first call. Messages never contain option values.
 */

/** RFC 9110 §5.1 field-name token. */
export const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** What a fetch `Headers` accepts as a value: no CR, LF, NUL, nothing above U+00FF. */
const HEADER_VALUE = /^[\t\u0020-\u007e\u0080-\u00ff]*$/;
/** A control character: header values and form fields cannot carry one; a pasted newline is a common slip. */
export const CONTROL = /[\u0000-\u001f\u007f]/;
/** A lone UTF-16 surrogate: it cannot be encoded, and would be sent as U+FFFD, silently another value. */
export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** What a scope name cannot contain (RFC 6749 §3.3: scopes are space-delimited). */
export const NOT_IN_A_SCOPE = /\s|[\u0000-\u001f\u007f]/;
const MAX_TIMER_MS = 2_147_483_647;

/** The checked common options, defaults applied. */
export interface CommonSettings {
  timeoutMs: number;
  maxRetries: number;
  allowInsecureHttp: boolean;
  dangerouslyAllowBrowser: boolean;
  tokenStore: TokenStore;
  clock: Clock;
  retryBudget: RetryBudget;
}

/**
 * Throws an {@link AuthConfigError} for `option`: "Acme: option x must be …". `shownAs` is how the
 * message spells the option when it says more than its name (a vendor option sent as a header).
 */
export type ConfigFault = (option: string, problem: string, shownAs?: string) => never;

/** Returns a {@link ConfigFault} bound to the vendor name. */
export function configFault(vendor: string): ConfigFault {
  return (option, problem, shownAs = option) => {
    throw new AuthConfigError(option, `${vendor}: option ${shownAs} ${problem}.`);
  };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Checks the common options; applies their defaults. */
export function checkCommonOptions(
  vendor: string,
  options: CommonClientOptions & { retryBudget?: RetryBudget },
): CommonSettings {
  const fail = configFault(vendor);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (
    typeof timeoutMs !== "number" ||
    !Number.isFinite(timeoutMs) ||
    timeoutMs < 0 ||
    timeoutMs > MAX_TIMER_MS
  )
    fail("timeoutMs", "must be a number of milliseconds from 0 (no limit) to 2147483647");
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  if (!Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > 10)
    fail("maxRetries", "must be an integer from 0 to 10");
  if (options.fetch !== undefined && typeof options.fetch !== "function")
    fail("fetch", "must be a fetch function");
  const store = (options.tokenStore ?? defaultTokenStore()) as Partial<TokenStore> | null;
  if (
    !store ||
    typeof store !== "object" ||
    typeof store.get !== "function" ||
    typeof store.set !== "function" ||
    typeof store.delete !== "function"
  ) {
    fail("tokenStore", "must have get, set and delete methods (see the TokenStore interface)");
  }
  if (store!.lock !== undefined && typeof store!.lock !== "function")
    fail("tokenStore", "has a lock property that is not a method");
  if (store!.waitForToken !== undefined && typeof store!.waitForToken !== "function")
    fail("tokenStore", "has a waitForToken property that is not a method");
  if (options.onEvent !== undefined && typeof options.onEvent !== "function")
    fail("onEvent", "must be a function");
  for (const flag of ["allowInsecureHttp", "dangerouslyAllowBrowser"] as const) {
    if (options[flag] !== undefined && typeof options[flag] !== "boolean")
      fail(flag, "must be true or false");
  }
  if (options.headers !== undefined) checkHeaders(fail, "headers", options.headers);
  const clock = (options.clock ?? systemClock) as Partial<Clock> | null;
  if (
    !clock ||
    typeof clock !== "object" ||
    typeof clock.now !== "function" ||
    typeof clock.setTimeout !== "function" ||
    typeof clock.clearTimeout !== "function" ||
    typeof clock.random !== "function"
  ) {
    fail("clock", "must implement the Clock interface (now, setTimeout, clearTimeout, random)");
  }
  const budget = options.retryBudget ?? processRetryBudget();
  if (!budget || typeof budget.trySpend !== "function" || typeof budget.refund !== "function")
    fail("retryBudget", "must be a RetryBudget");
  return {
    timeoutMs,
    maxRetries,
    allowInsecureHttp: options.allowInsecureHttp ?? false,
    dangerouslyAllowBrowser: options.dangerouslyAllowBrowser ?? false,
    tokenStore: store as TokenStore,
    clock: clock as Clock,
    retryBudget: budget,
  };
}

/** Checks a preset given to `createAuthClient` (vendor packages' presets included). */
export function checkPreset(preset: unknown): TokenPreset {
  if (!isObject(preset))
    throw new AuthConfigError("preset", "auth-core: option preset must be a TokenPreset object.");
  if (typeof preset.vendor !== "string" || preset.vendor.trim() === "" || CONTROL.test(preset.vendor))
    throw new AuthConfigError(
      "preset.vendor",
      "auth-core: option preset.vendor must be a non-empty vendor name.",
    );
  const fail = configFault(preset.vendor);
  if (preset.encoding !== "json" && preset.encoding !== "form")
    fail("preset.encoding", 'must be "json" or "form"');
  if (!["basic", "body", "none", "private_key_jwt"].includes(preset.clientAuthentication as string))
    fail("preset.clientAuthentication", 'must be "basic", "body", "none" or "private_key_jwt"');
  for (const hook of ["assertionSigner", "discoverTokenEndpoint"]) {
    if (preset[hook] !== undefined && typeof preset[hook] !== "function")
      fail(
        `preset.${hook}`,
        `must be a function (${hook === "assertionSigner" ? "privateKeyJwtSigner" : "smartEndpointDiscovery"} from @caduceus/auth-core/private-key-jwt)`,
      );
  }
  if (
    preset.basicEncoding !== undefined &&
    preset.basicEncoding !== "form-urlencoded" &&
    preset.basicEncoding !== "plain"
  )
    fail("preset.basicEncoding", 'must be "form-urlencoded" or "plain"');
  if (
    preset.scopeEncoding !== undefined &&
    preset.scopeEncoding !== "space-delimited" &&
    preset.scopeEncoding !== "array"
  )
    fail("preset.scopeEncoding", 'must be "space-delimited" or "array"');
  if (preset.requestFields !== undefined) {
    if (!isObject(preset.requestFields)) fail("preset.requestFields", "must be an object of field names");
    for (const [field, name] of Object.entries(preset.requestFields as object)) {
      if (name !== null && (typeof name !== "string" || name === ""))
        fail(`preset.requestFields.${field}`, "must be a field name, or null to leave the field out");
    }
  }
  if (preset.staticFields !== undefined) {
    if (!isObject(preset.staticFields))
      fail("preset.staticFields", "must be an object of field names to strings");
    for (const [field, value] of Object.entries(preset.staticFields as object)) {
      if (typeof value !== "string") fail(`preset.staticFields.${field}`, "must be a string");
    }
  }
  if (preset.response !== undefined) {
    if (!isObject(preset.response)) fail("preset.response", "must be an object");
    const response = preset.response as Record<string, unknown>;
    for (const path of ["successPath", "dataPath"]) {
      if (response[path] !== undefined && (typeof response[path] !== "string" || response[path] === ""))
        fail(`preset.response.${path}`, "must be a dot-separated path");
    }
    if (response.fields !== undefined && !isObject(response.fields))
      fail("preset.response.fields", "must be an object");
    for (const [field, name] of Object.entries((response.fields as object | undefined) ?? {})) {
      if (typeof name !== "string" || name === "")
        fail(`preset.response.fields.${field}`, "must be a field name");
    }
  }
  if (preset.errorBody !== undefined) {
    if (!isObject(preset.errorBody)) fail("preset.errorBody", "must be an object");
    for (const [list, paths] of Object.entries(preset.errorBody as object)) {
      if (!Array.isArray(paths) || paths.some((path) => typeof path !== "string"))
        fail(`preset.errorBody.${list}`, "must be an array of paths");
    }
  }
  if (
    preset.requestIdHeaders !== undefined &&
    (!Array.isArray(preset.requestIdHeaders) ||
      preset.requestIdHeaders.some((name) => typeof name !== "string"))
  ) {
    fail("preset.requestIdHeaders", "must be an array of header names");
  }
  const max = preset.maxLifetimeSeconds;
  if (max !== undefined && (typeof max !== "number" || !Number.isFinite(max) || max <= 0))
    fail("preset.maxLifetimeSeconds", "must be a positive number of seconds");
  if (preset.exchange !== undefined && typeof preset.exchange !== "function")
    fail("preset.exchange", "must be a function (a TokenExchangeFunction)");
  return preset as unknown as TokenPreset;
}

/** Checks the credentials against the preset that will send them. */
export function checkCredentials(
  preset: TokenPreset,
  credentials: unknown,
  headerOwners?: HeaderOwners,
): TokenCredentials {
  const fail = configFault(preset.vendor);
  if (!isObject(credentials)) return fail("credentials", "must be a TokenCredentials object");
  if (credentials.grant !== "client_credentials" && credentials.grant !== "password")
    fail("credentials.grant", 'must be "client_credentials" or "password"');
  for (const part of ["clientId", "clientSecret", "username", "password"]) {
    const value = credentials[part];
    if (value === undefined) continue;
    if (typeof value !== "string" || value === "") fail(`credentials.${part}`, "must be a non-empty string");
    if (CONTROL.test(value as string))
      fail(`credentials.${part}`, "contains a control character (a stray newline?)");
    if (LONE_SURROGATE.test(value as string))
      fail(`credentials.${part}`, "contains a lone UTF-16 surrogate, which cannot be sent");
  }
  if (credentials.grant === "password" && !preset.exchange) {
    if (credentials.username === undefined)
      fail("credentials.username", "is required for the password grant");
    if (credentials.password === undefined)
      fail("credentials.password", "is required for the password grant");
  }
  if (
    (preset.clientAuthentication === "basic" || preset.clientAuthentication === "body") &&
    !preset.exchange
  ) {
    if (credentials.clientId === undefined)
      fail("credentials.clientId", `is required with clientAuthentication "${preset.clientAuthentication}"`);
  }
  // RFC 7617 §2: the user-id of a plain Basic credential ends at its first colon.
  if (
    preset.clientAuthentication === "basic" &&
    preset.basicEncoding === "plain" &&
    `${credentials.clientId}`.includes(":")
  )
    fail(
      "credentials.clientId",
      'contains ":", which plain HTTP Basic cannot carry (use basicEncoding "form-urlencoded")',
    );
  if (preset.clientAuthentication === "private_key_jwt" && !preset.exchange) {
    if (credentials.clientId === undefined)
      fail("credentials.clientId", 'is required with clientAuthentication "private_key_jwt"');
    if (credentials.privateKey === undefined)
      fail("credentials.privateKey", 'is required with clientAuthentication "private_key_jwt"');
  }
  // The signing code is the preset's to bring (docs/architecture.md, "What a bundle holds"): without it
  // no assertion can be signed, and no private key told apart from another in the token cache.
  if (
    ((preset.clientAuthentication === "private_key_jwt" && !preset.exchange) ||
      credentials.privateKey !== undefined) &&
    !preset.assertionSigner
  )
    fail(
      "preset.assertionSigner",
      'is required with clientAuthentication "private_key_jwt" or a credentials.privateKey: set it to privateKeyJwtSigner from @caduceus/auth-core/private-key-jwt',
    );
  for (const part of ["keyId", "jwksUrl"]) {
    const value = credentials[part];
    if (value !== undefined && (typeof value !== "string" || value === "" || CONTROL.test(value)))
      fail(`credentials.${part}`, "must be a non-empty string without control characters");
  }
  if (credentials.scope !== undefined) {
    if (!Array.isArray(credentials.scope)) fail("credentials.scope", "must be an array of scope names");
    (credentials.scope as unknown[]).forEach((item, index) => {
      if (typeof item !== "string" || item === "" || NOT_IN_A_SCOPE.test(item))
        fail(`credentials.scope[${index}]`, "must be a scope name without spaces");
    });
  }
  if (credentials.headers !== undefined)
    checkHeaders(fail, "credentials.headers", credentials.headers, headerOwners);
  checkNameList(fail, "credentials.secretHeaders", credentials.secretHeaders);
  return credentials as unknown as TokenCredentials;
}

/** Header name → the user option whose value the header carries (a vendor's `projectId` → `ProjectId`). */
export type HeaderOwners = Readonly<Record<string, string>>;

/**
 * Checks an object of header names to string values. A bad value is reported under the user option
 * it came from when `owners` knows it ("option partnerId (sent as the x-partner-id header) …"),
 * else under the header's own path (`apiHeaders.ProjectId`).
 */
export function checkHeaders(
  fail: ConfigFault,
  option: string,
  headers: unknown,
  owners?: HeaderOwners,
): void {
  if (!isObject(headers)) fail(option, "must be an object of header names to values");
  for (const [name, value] of Object.entries(headers as object)) {
    if (!HEADER_NAME.test(name)) fail(`${option}.${name}`, "is not a valid header name");
    const owner = owners && Object.hasOwn(owners, name) ? owners[name] : undefined;
    const [at, shownAs] = owner ? [owner, `${owner} (sent as the ${name} header)`] : [`${option}.${name}`];
    if (typeof value !== "string") fail(at, "must be a string", shownAs);
    if (!HEADER_VALUE.test(value as string))
      fail(at, "contains characters a header cannot carry (a stray newline?)", shownAs);
  }
}

/** Checks an optional array of header names. */
export function checkNameList(fail: ConfigFault, option: string, value: unknown): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || value.some((name) => typeof name !== "string"))
    fail(option, "must be an array of header names");
}
