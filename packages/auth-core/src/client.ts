import createClient, { type Client } from "openapi-fetch";
import { type CommonClientOptions, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from "./client-options.js";
import { systemClock } from "./clock.js";
import { AuthConfigError } from "./errors/auth-config-error.js";
import type { AuthEvent } from "./events.js";
import { createAuthFetch } from "./http/auth-fetch.js";
import { createAuthMiddleware } from "./http/auth-middleware.js";
import type { TokenPreset } from "./preset.js";
import { Redactor } from "./redact.js";
import { checkUrlOption, isBrowserLike } from "./security.js";
import { defaultTokenStore } from "./store/memory-token-store.js";
import type { TokenStore } from "./store/token-store.js";
import { tokenCacheKey } from "./token/cache-key.js";
import type { TokenCredentials } from "./token/exchange.js";
import { processRetryBudget } from "./token/retry-policy.js";
import { TokenProvider } from "./token/token-provider.js";

/**
 * Everything {@link createAuthClient} needs: the common options plus the vendor's preset, the
 * credentials, and the resolved URLs. Vendor packages fill it from their own options.
 */
export interface AuthClientOptions extends CommonClientOptions {
  preset: TokenPreset;
  credentials: TokenCredentials;
  /** API origin and base path. */
  baseUrl: string;
  /** Token endpoint. */
  tokenUrl: string;
  /** Other documented API base URLs of the same environment that receive the token (Candid pre-encounter). */
  siblingBaseUrls?: readonly string[];
  /** Path prefix (under `baseUrl`) → base URL it is served from, e.g. `{ "/pre-encounter": "https://pre-api…" }`. */
  routes?: Readonly<Record<string, string>>;
  /** Vendor headers on every API call (e.g. `ProjectId`); a per-call header of the same name wins. */
  apiHeaders?: Readonly<Record<string, string>>;
  /** Names of `apiHeaders` whose values are secrets (e.g. `x-organization-secret`). */
  secretApiHeaders?: readonly string[];
  /** Added as `x-caduceus-hint` to a 401 that survives the replay. */
  unauthorizedHint?: string;
}

/**
 * Creates an openapi-fetch client whose calls carry a cached, refreshed OAuth token: one token request
 * per credential identity per lifetime, single flight, 401 replay, retried token requests, one deadline
 * per call, and no secret in any error, event or log. Every option is checked here, synchronously.
 *
 * @throws AuthConfigError naming the option at fault.
 * @example
 * ```ts
 * const client = createAuthClient<paths>({
 *   preset: { vendor: "Acme", encoding: "form", clientAuthentication: "basic" },
 *   credentials: { grant: "client_credentials", clientId, clientSecret, scope: ["read"] },
 *   baseUrl: "https://api.acme.test/v1", tokenUrl: "https://auth.acme.test/token",
 * });
 * const { data, error } = await client.GET("/things");
 * ```
 */
export function createAuthClient<Paths extends {}>(options: AuthClientOptions): Client<Paths> {
  const { preset } = options;
  const vendor = preset.vendor;
  const settings = checkCommonOptions(vendor, options);
  const credentials = options.credentials;
  // Secrets also travel as headers (Parchment's x-partner-secret and x-organization-secret).
  const holdsSecret =
    Boolean(credentials.clientSecret || credentials.password) ||
    (credentials.secretHeaders?.length ?? 0) > 0 ||
    (options.secretApiHeaders?.length ?? 0) > 0;
  if (!settings.dangerouslyAllowBrowser && isBrowserLike() && holdsSecret) {
    throw new AuthConfigError(
      "dangerouslyAllowBrowser",
      `${vendor}: refusing to run in a browser-like runtime with a client secret, password or secret header: anyone using the page could read it. Call the API from your server, or set dangerouslyAllowBrowser: true if the page is trusted (e.g. an internal tool).`,
    );
  }
  const baseUrl = checkUrlOption(vendor, "baseUrl", options.baseUrl, settings.allowInsecureHttp);
  const tokenUrl = checkUrlOption(vendor, "tokenUrl", options.tokenUrl, settings.allowInsecureHttp);
  const siblings = (options.siblingBaseUrls ?? []).map((url) =>
    checkUrlOption(vendor, "baseUrl", url, settings.allowInsecureHttp),
  );
  const apiOrigins = [baseUrl.origin, ...siblings.map((url) => url.origin)];

  const secretHeaderNames = new Set((credentials.secretHeaders ?? []).map((name) => name.toLowerCase()));
  const secretApiHeaderNames = new Set((options.secretApiHeaders ?? []).map((name) => name.toLowerCase()));
  const redactor = new Redactor([
    credentials.clientSecret,
    credentials.password,
    ...Object.entries(credentials.headers ?? {}).flatMap(([name, value]) =>
      secretHeaderNames.has(name.toLowerCase()) ? [value] : [],
    ),
    ...Object.entries(options.apiHeaders ?? {}).flatMap(([name, value]) =>
      secretApiHeaderNames.has(name.toLowerCase()) ? [value] : [],
    ),
  ]);
  const key = tokenCacheKey(vendor, tokenUrl.href, credentials);
  key.catch(() => {}); // surfaced by the first call; never an unhandled rejection
  const clock = settings.clock;
  let keyText = "";
  key.then(
    (value) => {
      keyText = value;
    },
    () => {},
  );
  const emit = (event: DistributiveOmit<AuthEvent, "vendor" | "key" | "at">) => {
    if (!options.onEvent) return;
    try {
      options.onEvent({ ...event, vendor, key: keyText, at: clock.now() } as AuthEvent);
    } catch {
      // Observability never fails a call.
    }
  };
  const tokens = new TokenProvider({
    exchange: {
      preset,
      credentials,
      tokenUrl: tokenUrl.href,
      fetch: () => options.fetch ?? globalThis.fetch,
      clock,
      maxRetries: settings.maxRetries,
      redactor,
      budget: processRetryBudget(),
      emit,
    },
    store: settings.tokenStore,
    key,
    clock,
    timeoutMs: settings.timeoutMs,
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  const trimmedBase = baseUrl.href.replace(/\/$/, "");
  const client = createClient<Paths>({
    baseUrl: trimmedBase,
    // openapi-fetch captures its fetch at creation; ours looks the global up per call (msw, user fetches).
    fetch: createAuthFetch({
      vendor,
      tokens,
      apiOrigins,
      credentialHeaders: Object.keys(options.apiHeaders ?? {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      clock,
      timeoutMs: settings.timeoutMs,
      redactor,
      ...(options.unauthorizedHint ? { unauthorizedHint: options.unauthorizedHint } : {}),
      emit,
    }),
    ...(options.headers ? { headers: options.headers } : {}),
  });
  const routes = Object.entries(options.routes ?? {}).map(([prefix, to]) => ({
    from: trimmedBase + prefix,
    to: checkUrlOption(vendor, "baseUrl", to, settings.allowInsecureHttp).href,
  }));
  client.use(
    createAuthMiddleware({
      vendor,
      tokens,
      apiOrigins,
      ...(options.apiHeaders ? { apiHeaders: options.apiHeaders } : {}),
      ...(routes.length > 0 ? { routes } : {}),
      clock,
      timeoutMs: settings.timeoutMs,
    }),
  );
  return client;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

interface CommonSettings {
  timeoutMs: number;
  maxRetries: number;
  allowInsecureHttp: boolean;
  dangerouslyAllowBrowser: boolean;
  tokenStore: TokenStore;
  clock: NonNullable<CommonClientOptions["clock"]>;
}

function checkCommonOptions(vendor: string, options: CommonClientOptions): CommonSettings {
  const fail = (option: string, problem: string): never => {
    throw new AuthConfigError(option, `${vendor}: option ${option} ${problem}.`);
  };
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (
    typeof timeoutMs !== "number" ||
    !Number.isFinite(timeoutMs) ||
    timeoutMs < 0 ||
    timeoutMs > 2_147_483_647
  ) {
    fail("timeoutMs", "must be a number of milliseconds from 0 (no limit) to 2147483647");
  }
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  if (!Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > 10)
    fail("maxRetries", "must be an integer from 0 to 10");
  if (options.fetch !== undefined && typeof options.fetch !== "function")
    fail("fetch", "must be a fetch function");
  const store = options.tokenStore ?? defaultTokenStore();
  if (
    typeof store !== "object" ||
    store === null ||
    typeof store.get !== "function" ||
    typeof store.set !== "function" ||
    typeof store.delete !== "function"
  ) {
    fail("tokenStore", "must have get, set and delete methods (see the TokenStore interface)");
  }
  if (options.onEvent !== undefined && typeof options.onEvent !== "function")
    fail("onEvent", "must be a function");
  for (const flag of ["allowInsecureHttp", "dangerouslyAllowBrowser"] as const) {
    if (options[flag] !== undefined && typeof options[flag] !== "boolean")
      fail(flag, "must be true or false");
  }
  if (options.headers !== undefined && (typeof options.headers !== "object" || options.headers === null)) {
    fail("headers", "must be an object of header names to values");
  }
  const clock = options.clock ?? systemClock;
  if (typeof clock.now !== "function" || typeof clock.setTimeout !== "function")
    fail("clock", "must implement the Clock interface");
  return {
    timeoutMs,
    maxRetries,
    allowInsecureHttp: options.allowInsecureHttp ?? false,
    dangerouslyAllowBrowser: options.dangerouslyAllowBrowser ?? false,
    tokenStore: store,
    clock,
  };
}
