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
const isFunction = (value: unknown) => typeof value === "function";
const isName = (value: unknown) => typeof value === "string" && value !== "";
const isStringList = (value: unknown) =>
  Array.isArray(value) && value.every((item) => typeof item === "string");
/** `value` is an object whose `methods` are all functions (a store, a clock, a budget). */
const hasMethods = (value: unknown, methods: readonly string[]): boolean =>
  typeof value === "object" &&
  value !== null &&
  methods.every((method) => isFunction((value as Record<string, unknown>)[method]));
/** `"a", "b" or "c"`: the allowed values of an option, as its message lists them. */
const alternatives = (values: readonly string[]) =>
  values
    .map((value) => JSON.stringify(value))
    .join(", ")
    .replace(/, (?=[^,]*$)/, " or ");

/**
 * Why a string cannot be sent (a control character, a lone surrogate), as a {@link ConfigFault}
 * problem; `undefined` when it can. Shared by every string option, so each names the same slips.
 */
export function unsendable(value: string): string | undefined {
  if (CONTROL.test(value)) return "contains a control character (a stray newline?)";
  if (LONE_SURROGATE.test(value)) return "contains a lone UTF-16 surrogate, which cannot be sent";
  return undefined;
}

/** Each entry of an optional object option checked by `good`: `option.key` named at fault. */
function checkEntries(
  fail: ConfigFault,
  option: string,
  value: unknown,
  good: (entry: unknown) => boolean,
  problem: string,
  objectProblem = "must be an object",
): void {
  if (value === undefined) return;
  if (!isObject(value)) fail(option, objectProblem);
  for (const [key, entry] of Object.entries(value as object))
    if (!good(entry)) fail(`${option}.${key}`, problem);
}

/**
 * The common options' checks, as a table: option, whether its value is acceptable (`undefined`
 * means not given, and is accepted), and what the message says otherwise.
 */
const COMMON_CHECKS: ReadonlyArray<
  readonly [keyof CommonClientOptions, (value: unknown) => boolean, string]
> = [
  [
    "timeoutMs",
    // null, like undefined, means the default (the value is read with `??`).
    (value) => value === null || (typeof value === "number" && value >= 0 && value <= MAX_TIMER_MS),
    "must be a number of milliseconds from 0 (no limit) to 2147483647",
  ],
  [
    "maxRetries",
    (value) =>
      value === null || (Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 10),
    "must be an integer from 0 to 10",
  ],
  ["fetch", isFunction, "must be a fetch function"],
  ["onEvent", isFunction, "must be a function"],
  ["allowInsecureHttp", (value) => typeof value === "boolean", "must be true or false"],
  ["dangerouslyAllowBrowser", (value) => typeof value === "boolean", "must be true or false"],
];

/** Checks the common options; applies their defaults. */
export function checkCommonOptions(
  vendor: string,
  options: CommonClientOptions & { retryBudget?: RetryBudget },
): CommonSettings {
  const fail = configFault(vendor);
  for (const [option, good, problem] of COMMON_CHECKS)
    if (options[option] !== undefined && !good(options[option])) fail(option, problem);
  const store = (options.tokenStore ?? defaultTokenStore()) as Partial<TokenStore>;
  if (!hasMethods(store, ["get", "set", "delete"]))
    fail("tokenStore", "must have get, set and delete methods (see the TokenStore interface)");
  for (const method of ["lock", "waitForToken"] as const)
    if (store[method] !== undefined && !isFunction(store[method]))
      fail("tokenStore", `has a ${method} property that is not a method`);
  if (options.headers !== undefined) checkHeaders(fail, "headers", options.headers);
  const clock = options.clock ?? systemClock;
  if (!hasMethods(clock, ["now", "setTimeout", "clearTimeout", "random"]))
    fail("clock", "must implement the Clock interface (now, setTimeout, clearTimeout, random)");
  const budget = options.retryBudget ?? processRetryBudget();
  if (!hasMethods(budget, ["trySpend", "refund"])) fail("retryBudget", "must be a RetryBudget");
  return {
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    allowInsecureHttp: options.allowInsecureHttp ?? false,
    dangerouslyAllowBrowser: options.dangerouslyAllowBrowser ?? false,
    tokenStore: store as TokenStore,
    clock,
    retryBudget: budget,
  };
}

/** The preset fields that take one of a few values; the first two are required. */
const PRESET_CHOICES: ReadonlyArray<readonly [keyof TokenPreset, readonly string[]]> = [
  ["encoding", ["json", "form"]],
  ["clientAuthentication", ["basic", "body", "none", "private_key_jwt"]],
  ["basicEncoding", ["form-urlencoded", "plain"]],
  ["scopeEncoding", ["space-delimited", "array"]],
];
/** The preset fields that plug code in, and what the message suggests. */
const PRESET_HOOKS: ReadonlyArray<readonly [keyof TokenPreset, string]> = [
  ["assertionSigner", " (privateKeyJwtSigner from @caduceus/auth-core/private-key-jwt)"],
  ["discoverTokenEndpoint", " (smartEndpointDiscovery from @caduceus/auth-core/private-key-jwt)"],
  ["exchange", " (a TokenExchangeFunction)"],
];

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
  PRESET_CHOICES.forEach(([field, values], index) => {
    if ((index < 2 || preset[field] !== undefined) && !values.includes(preset[field] as string))
      fail(`preset.${field}`, `must be ${alternatives(values)}`);
  });
  for (const [field, suggestion] of PRESET_HOOKS)
    if (preset[field] !== undefined && !isFunction(preset[field]))
      fail(`preset.${field}`, `must be a function${suggestion}`);
  checkEntries(
    fail,
    "preset.requestFields",
    preset.requestFields,
    (name) => name === null || isName(name),
    "must be a field name, or null to leave the field out",
    "must be an object of field names",
  );
  checkEntries(
    fail,
    "preset.staticFields",
    preset.staticFields,
    (value) => typeof value === "string",
    "must be a string",
    "must be an object of field names to strings",
  );
  const response = preset.response as Record<string, unknown> | undefined;
  checkEntries(fail, "preset.response", response, () => true, "");
  for (const path of ["successPath", "dataPath"])
    if (response?.[path] !== undefined && !isName(response[path]))
      fail(`preset.response.${path}`, "must be a dot-separated path");
  checkEntries(fail, "preset.response.fields", response?.fields, isName, "must be a field name");
  checkEntries(fail, "preset.errorBody", preset.errorBody, isStringList, "must be an array of paths");
  checkNameList(fail, "preset.requestIdHeaders", preset.requestIdHeaders);
  const max = preset.maxLifetimeSeconds;
  if (max !== undefined && !((max as number) > 0 && Number.isFinite(max)))
    fail("preset.maxLifetimeSeconds", "must be a positive number of seconds");
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
  const { grant, clientId, privateKey } = credentials;
  if (grant !== "client_credentials" && grant !== "password")
    fail("credentials.grant", `must be ${alternatives(["client_credentials", "password"])}`);
  for (const part of ["clientId", "clientSecret", "username", "password"]) {
    const value = credentials[part];
    if (value === undefined) continue;
    const problem = isName(value) ? unsendable(value as string) : "must be a non-empty string";
    if (problem) fail(`credentials.${part}`, problem);
  }
  const { clientAuthentication: method, exchange } = preset;
  const required = (part: string, why: string) => {
    if (credentials[part] === undefined) fail(`credentials.${part}`, `is required ${why}`);
  };
  if (!exchange) {
    if (grant === "password") {
      required("username", "for the password grant");
      required("password", "for the password grant");
    }
    if (method !== "none") required("clientId", `with clientAuthentication "${method}"`);
    if (method === "private_key_jwt") required("privateKey", `with clientAuthentication "${method}"`);
  }
  // RFC 7617 §2: the user-id of a plain Basic credential ends at its first colon.
  if (method === "basic" && preset.basicEncoding === "plain" && `${clientId}`.includes(":"))
    fail(
      "credentials.clientId",
      'contains ":", which plain HTTP Basic cannot carry (use basicEncoding "form-urlencoded")',
    );
  // The signing code is the preset's to bring (docs/architecture.md, "What a bundle holds"): without it
  // no assertion can be signed, and no private key told apart from another in the token cache.
  if (((method === "private_key_jwt" && !exchange) || privateKey !== undefined) && !preset.assertionSigner)
    fail(
      "preset.assertionSigner",
      'is required with clientAuthentication "private_key_jwt" or a credentials.privateKey: set it to privateKeyJwtSigner from @caduceus/auth-core/private-key-jwt',
    );
  for (const part of ["keyId", "jwksUrl"]) {
    const value = credentials[part];
    if (value !== undefined && (!isName(value) || CONTROL.test(value as string)))
      fail(`credentials.${part}`, "must be a non-empty string without control characters");
  }
  if (credentials.scope !== undefined) {
    if (!Array.isArray(credentials.scope)) fail("credentials.scope", "must be an array of scope names");
    (credentials.scope as unknown[]).forEach((item, index) => {
      if (!isName(item) || NOT_IN_A_SCOPE.test(item as string))
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
  if (!isStringList(value)) fail(option, "must be an array of header names");
}
