import type { Middleware } from "openapi-fetch";
import type { Clock } from "../clock.js";
import { anySignal, Deadline } from "../deadline.js";
import { isCaduceusError } from "../errors/caduceus-error.js";
import { type Redactor, safeUrl } from "../redact.js";
import { bearerAuthorization } from "../token/bearer.js";
import type { AccessTokenSource } from "./access-token-source.js";
import { CALL_RETRY_OPTIONS, type CallRetryOptions } from "./api-retry.js";
import { setCallContext } from "./call-context.js";
import { callRetryOptionsOf, wasRouted } from "./call-request.js";
import { originMatcher } from "./origins.js";
import { type Route, routeUrl } from "./routes.js";
import { withCallDetails } from "./transport-details.js";

/**
 * Options of {@link createAuthMiddleware}.
 *
 * @group HTTP
 */
export interface AuthMiddlewareOptions {
  /** Vendor name that starts error messages, e.g. `"Acme"` in `"Acme GET https://… did not finish…"`. */
  vendor: string;
  /** Where the middleware gets the token it attaches; usually the client's {@link TokenProvider}. */
  tokens: AccessTokenSource;
  /** Origins (scheme, host, port) that receive the token and the API headers; no other does. */
  apiOrigins: readonly string[];
  /** Vendor headers for API calls (xCures `ProjectId`); a header the caller set per call wins. */
  apiHeaders?: Readonly<Record<string, string>>;
  /**
   * Path-prefix routes ({@link Route}). The client's Request class applies them as openapi-fetch builds
   * the request; the middleware applies them to a request built otherwise.
   */
  routes?: readonly Route[];
  /** Time source of the call's deadline (which starts here); a fake clock in tests. */
  clock: Clock;
  /** The call's time limit, started here so it covers token acquisition. 0 = none. */
  timeoutMs: number;
  /** Scrubs errors that leave through this middleware. Default: live tokens only. */
  redactor?: Redactor;
}

/**
 * openapi-fetch middleware that attaches `Authorization: Bearer <token>` and the vendor's API headers,
 * only when the request's scheme, host and port are one of the client's API origins (docs/contract.md,
 * behaviour 7). The call's time limit starts here, so `timeoutMs` covers token acquisition too; the
 * fetch wrapper beneath continues it (no timer is armed here for a cached token, so a later
 * middleware that answers the request itself leaves nothing behind).
 *
 * @throws TokenRequestError | TokenResponseError | TimeoutError | AbortError when no token can be had.
 * @example
 * ```ts
 * client.use(createAuthMiddleware({ vendor: "Acme", tokens, apiOrigins: ["https://api.acme.test"], clock: systemClock, timeoutMs: 30_000 }));
 * ```
 *
 * @group HTTP
 */
export function createAuthMiddleware(options: AuthMiddlewareOptions): Middleware {
  const isApiUrl = originMatcher(options.apiOrigins);
  const apiHeaders = Object.entries(options.apiHeaders ?? {});
  const { tokens, clock } = options;
  const routes = options.routes?.length ? options.routes : undefined;
  return {
    async onRequest({ request }) {
      const routed = routes && !wasRouted(request) ? route(request, routes) : request;
      if (!isApiUrl(routed.url)) return routed === request ? undefined : routed;
      const startedAt = clock.now();
      let access = tokens.peek?.();
      if (!access) {
        const describe = () => `${options.vendor} ${routed.method} ${safeUrl(routed.url)}`;
        const deadline = new Deadline(clock, options.timeoutMs, describe, startedAt);
        try {
          const accessToken = await tokens.getToken(anySignal(routed.signal, deadline.signal));
          access = { accessToken, authorization: bearerAuthorization(accessToken) };
        } catch (error) {
          const failure = withCallDetails(deadline.signal.aborted ? deadline.abortError() : error, () => ({
            method: routed.method,
            url: options.redactor ? options.redactor.scrub(safeUrl(routed.url)) : safeUrl(routed.url),
            attempts: 0,
          }));
          throw isCaduceusError(failure) && options.redactor ? options.redactor.seal(failure) : failure;
        } finally {
          deadline.clear();
        }
      }
      routed.headers.set("authorization", access.authorization);
      for (const [name, value] of apiHeaders) if (!routed.headers.has(name)) routed.headers.set(name, value);
      setCallContext(routed, { token: access.accessToken, authorization: access.authorization, startedAt });
      return routed;
    },
  };
}

function route(request: Request, routes: readonly Route[]): Request {
  const target = routeUrl(request.url, routes);
  if (target === undefined) return request;
  // duplex is required by Node's fetch when a body stream moves to a new Request.
  const moved = new Request(target, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: request.signal,
    redirect: request.redirect,
    duplex: "half",
  } as RequestInit);
  // The call's retryOptions ride on the Request; the moved one must keep them.
  const retry = callRetryOptionsOf(request);
  if (retry) (moved as { [CALL_RETRY_OPTIONS]?: CallRetryOptions })[CALL_RETRY_OPTIONS] = retry;
  return moved;
}

export type { AccessTokenSource } from "./access-token-source.js";
