import type { Middleware } from "openapi-fetch";
import type { Clock } from "../clock.js";
import { anySignal, Deadline } from "../deadline.js";
import { safeUrl } from "../redact.js";
import { callContexts } from "./call-context.js";

/** Gives access tokens; implemented by `TokenProvider`. */
export interface AccessTokenSource {
  getToken(signal?: AbortSignal): Promise<string>;
  invalidate(accessToken: string): Promise<void>;
}

/** Options of {@link createAuthMiddleware}. */
export interface AuthMiddlewareOptions {
  vendor: string;
  tokens: AccessTokenSource;
  /** Origins (scheme, host, port) that receive the token and the API headers; no other does. */
  apiOrigins: readonly string[];
  /** Vendor headers for API calls (xCures `ProjectId`); a header the caller set per call wins. */
  apiHeaders?: Readonly<Record<string, string>>;
  /**
   * Path-prefix routes: a request under `from` (a full URL prefix) is sent to `to` with the prefix
   * replaced. Candid's pre-encounter operations live on a sibling host (`/pre-encounter/...`).
   */
  routes?: ReadonlyArray<{ from: string; to: string }>;
  clock: Clock;
  /** The call's time limit, started here so it covers token acquisition. 0 = none. */
  timeoutMs: number;
}

/**
 * openapi-fetch middleware that attaches `Authorization: Bearer <token>` and the vendor's API headers,
 * only when the request's scheme, host and port are one of the client's API origins (CONTRACT
 * behaviour 7). Starts the call's deadline, so `timeoutMs` covers token acquisition too.
 *
 * @throws TokenRequestError | TokenResponseError | TimeoutError | AbortError when no token can be had.
 * @example
 * ```ts
 * client.use(createAuthMiddleware({ vendor: "Acme", tokens, apiOrigins: ["https://api.acme.test"], clock: systemClock, timeoutMs: 30_000 }));
 * ```
 */
export function createAuthMiddleware(options: AuthMiddlewareOptions): Middleware {
  const origins = new Set(options.apiOrigins);
  const apiHeaders = Object.entries(options.apiHeaders ?? {});
  return {
    async onRequest({ request }) {
      const routed = route(request, options.routes);
      const origin = originOf(routed.url);
      if (!origins.has(origin)) return routed === request ? undefined : routed;
      const describe = () => `${options.vendor} ${routed.method} ${safeUrl(routed.url)}`;
      const deadline = new Deadline(options.clock, options.timeoutMs, describe);
      let token: string;
      try {
        token = await options.tokens.getToken(anySignal(routed.signal, deadline.signal));
      } catch (error) {
        deadline.clear();
        throw error;
      }
      routed.headers.set("authorization", `Bearer ${token}`);
      for (const [name, value] of apiHeaders) if (!routed.headers.has(name)) routed.headers.set(name, value);
      callContexts.set(routed, { deadline, token });
      return routed;
    },
  };
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "";
  }
}

function route(request: Request, routes: AuthMiddlewareOptions["routes"]): Request {
  if (!routes) return request;
  for (const { from, to } of routes) {
    if (request.url === from || request.url.startsWith(`${from}/`) || request.url.startsWith(`${from}?`)) {
      const target = to.replace(/\/$/, "") + request.url.slice(from.length);
      // duplex is required by Node's fetch when a body stream moves to a new Request.
      return new Request(target, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: request.signal,
        duplex: "half",
      } as RequestInit);
    }
  }
  return request;
}
