import createClient, { type Client } from "openapi-fetch";
import {
  checkCommonOptions,
  checkCredentials,
  checkHeaders,
  checkNameList,
  checkPreset,
  configFault,
} from "./check-options.js";
import type { CommonClientOptions } from "./client-options.js";
import { AuthConfigError } from "./errors/auth-config-error.js";
import type { AuthEvent, EventEmitter } from "./events.js";
import { createAuthFetch } from "./http/auth-fetch.js";
import { createAuthMiddleware } from "./http/auth-middleware.js";
import { callRequestClass } from "./http/call-request.js";
import { Redactor } from "./redact.js";
import { checkUrlOption, isBrowserLike } from "./security.js";
import { tokenCacheKey } from "./token/cache-key.js";
import type { TokenCredentials } from "./token/exchange.js";
import type { TokenPreset } from "./token/preset.js";
import type { RetryBudget } from "./token/retry-policy.js";
import { TokenProvider } from "./token/token-provider.js";
import { basicCredential } from "./token/token-request.js";

/**
 * Everything {@link createAuthClient} needs: the common options plus the vendor's preset, the
 * credentials, and the resolved URLs. Vendor packages fill it from their own options.
 */
export interface AuthClientOptions extends CommonClientOptions {
  /**
   * The vendor's token exchange described as data: request encoding, client authentication, field
   * names, response shape, maximum lifetime. Required; checked here (e.g. an unknown `encoding`).
   */
  preset: TokenPreset;
  /**
   * The credential identity whose token every call carries: grant, client id and secret, user and
   * password, scopes, credential headers. Required; what the grant needs must be present (a
   * `clientId` with `clientAuthentication` `"basic"` or `"body"`, `username` and `password` for the
   * password grant), and every secret in it is scrubbed from errors and events.
   */
  credentials: TokenCredentials;
  /**
   * API origin and base path, e.g. `"https://api.acme.test/v1"`; a trailing slash is ignored. Required
   * here (vendor packages fill in the environment's). Must be absolute, without user name or password,
   * and `https:` (`http:` only to a loopback host, or anywhere with `allowInsecureHttp`). Only this
   * origin (and those of `siblingBaseUrls` and `routes`) receives the token.
   */
  baseUrl: string;
  /** Token endpoint, e.g. `"https://auth.acme.test/oauth/token"`. Required; same URL rules as `baseUrl`. */
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
  /**
   * Budget of token-request retries. Default: one {@link RetryBudget} shared by every client of the
   * process, so an outage does not become a retry storm.
   */
  retryBudget?: RetryBudget;
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
  if (typeof options !== "object" || options === null)
    throw new AuthConfigError("options", "auth-core: createAuthClient needs an options object.");
  const preset = checkPreset(options.preset);
  const vendor = preset.vendor;
  const settings = checkCommonOptions(vendor, options);
  const credentials = checkCredentials(preset, options.credentials);
  const fail = configFault(vendor);
  if (options.apiHeaders !== undefined) checkHeaders(fail, "apiHeaders", options.apiHeaders);
  checkNameList(fail, "secretApiHeaders", options.secretApiHeaders);
  if (
    options.unauthorizedHint !== undefined &&
    (typeof options.unauthorizedHint !== "string" || !/^[\u0020-\u007e]*$/.test(options.unauthorizedHint))
  )
    fail("unauthorizedHint", "must be a string of printable ASCII");

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
  // Any secret counts: Parchment's travel in headers, not as clientSecret (CONTRACT behaviour 8).
  if (!settings.dangerouslyAllowBrowser && isBrowserLike() && secrets.length > 0) {
    throw new AuthConfigError(
      "dangerouslyAllowBrowser",
      `${vendor}: refusing to run in a browser-like runtime with a client secret, password or secret header: anyone using the page could read it. Call the API from your server, or set dangerouslyAllowBrowser: true if the page is trusted (e.g. an internal tool).`,
    );
  }
  const baseUrl = checkUrlOption(vendor, "baseUrl", options.baseUrl, settings.allowInsecureHttp);
  const tokenUrl = checkUrlOption(vendor, "tokenUrl", options.tokenUrl, settings.allowInsecureHttp);
  if (options.siblingBaseUrls !== undefined && !Array.isArray(options.siblingBaseUrls))
    fail("siblingBaseUrls", "must be an array of URLs");
  const siblings = (options.siblingBaseUrls ?? []).map((url, index) =>
    checkUrlOption(vendor, `siblingBaseUrls[${index}]`, url, settings.allowInsecureHttp),
  );
  const apiOrigins = [baseUrl.origin, ...siblings.map((url) => url.origin)];
  const trimmedBase = baseUrl.href.replace(/\/$/, "");
  if (options.routes !== undefined && (typeof options.routes !== "object" || options.routes === null))
    fail("routes", "must be an object of path prefixes to base URLs");
  const routes = Object.entries(options.routes ?? {}).map(([prefix, to]) => {
    if (!prefix.startsWith("/")) fail(`routes.${prefix}`, 'must be a path prefix starting with "/"');
    const target = checkUrlOption(vendor, `routes.${prefix}`, to, settings.allowInsecureHttp);
    if (!apiOrigins.includes(target.origin)) apiOrigins.push(target.origin);
    return { from: trimmedBase + prefix, to: target.href };
  });

  const redactor = new Redactor(secrets);
  if (preset.clientAuthentication === "basic" && credentials.clientSecret) {
    // The Basic credential as it travels, in case an error body echoes the Authorization header.
    redactor.add(basicCredential(credentials.clientId ?? "", credentials.clientSecret));
  }
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
  const emit: EventEmitter = (event) => {
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
      budget: settings.retryBudget,
      emit,
    },
    store: settings.tokenStore,
    key,
    clock,
    timeoutMs: settings.timeoutMs,
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  const client = createClient<Paths>({
    baseUrl: trimmedBase,
    Request: callRequestClass(),
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
  client.use(
    createAuthMiddleware({
      vendor,
      tokens,
      apiOrigins,
      ...(options.apiHeaders ? { apiHeaders: options.apiHeaders } : {}),
      ...(routes.length > 0 ? { routes } : {}),
      clock,
      timeoutMs: settings.timeoutMs,
      redactor,
    }),
  );
  return client;
}
