import createClient, { type Client } from "openapi-fetch";
import type { AuthClientOptions } from "./client-options.js";
import { type ResolvedConfig, resolveConfig } from "./config/resolve-config.js";
import type { AuthEvent, EventEmitter } from "./events.js";
import { createAuthFetch } from "./http/auth-fetch.js";
import { createAuthMiddleware } from "./http/auth-middleware.js";
import { callRequestClass } from "./http/call-request.js";
import { Redactor } from "./redact.js";
import { tokenCacheKey } from "./token/cache-key.js";
import { TokenProvider } from "./token/token-provider.js";

export type { AuthClientOptions } from "./client-options.js";

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
 *
 * @group Generic client
 */
export function createAuthClient<Paths extends {}>(options: AuthClientOptions): Client<Paths> {
  return wireClient<Paths>(resolveConfig(options));
}

/**
 * Builds a client's parts from a checked configuration (an option not given is passed on as
 * `undefined`, which every part reads as not given): the redactor, the cache key, the events, the
 * token provider, the fetch wrapper (replay, retries, deadline) and the middleware (the header).
 * Checks nothing: {@link resolveConfig} has.
 */
export function wireClient<Paths extends {}>(config: ResolvedConfig): Client<Paths> {
  const { vendor, settings, onEvent } = config;
  const { clock, timeoutMs } = settings;
  const redactor = new Redactor(config.secrets);
  const { signer } = config;
  const key = signer
    ? signer
        .thumbprint()
        .then((thumbprint) => tokenCacheKey(vendor, config.tokenUrl, config.credentials, thumbprint))
    : tokenCacheKey(vendor, config.tokenUrl, config.credentials);
  key.catch(() => {}); // surfaced by the first call; never an unhandled rejection
  let keyText = "";
  key.then(
    (value) => {
      keyText = value;
    },
    () => {},
  );
  const emit: EventEmitter = (event) => {
    if (!onEvent) return;
    try {
      onEvent({ ...event, vendor, key: keyText, at: clock.now() } as AuthEvent);
    } catch {
      // Observability never fails a call.
    }
  };
  const tokens = new TokenProvider({
    exchange: {
      preset: config.preset,
      credentials: config.credentials,
      tokenUrl: config.tokenUrl,
      fetch: () => config.fetch ?? globalThis.fetch,
      clock,
      maxRetries: settings.maxRetries,
      redactor,
      budget: settings.retryBudget,
      emit,
      clientAssertion: config.preset.clientAuthentication === "private_key_jwt" ? signer : undefined,
      discover: config.discover,
    },
    store: settings.tokenStore,
    key,
    clock,
    timeoutMs,
    onEvent,
  });
  const client = createClient<Paths>({
    baseUrl: config.baseUrl,
    Request: callRequestClass(config.routes),
    // openapi-fetch captures its fetch at creation; ours looks the global up per call (msw, user fetches).
    fetch: createAuthFetch({
      vendor,
      tokens,
      apiOrigins: config.apiOrigins,
      credentialHeaders: Object.keys(config.apiHeaders),
      fetch: config.fetch,
      clock,
      timeoutMs,
      redactor,
      unauthorizedHint: config.unauthorizedHint,
      emit,
      maxRetries: settings.maxRetries,
      budget: settings.retryBudget,
      idempotencyKeyHeader: config.idempotencyKeyHeader,
    }),
    headers: config.headers,
  });
  client.use(
    createAuthMiddleware({
      vendor,
      tokens,
      apiOrigins: config.apiOrigins,
      apiHeaders: config.apiHeaders,
      routes: config.routes,
      clock,
      timeoutMs,
      redactor,
    }),
  );
  return client;
}
