import { type Clock, sleep } from "../clock.js";
import { Deadline } from "../deadline.js";
import { isCaduceusError } from "../errors/caduceus-error.js";
import { NetworkError } from "../errors/network-error.js";
import type { EventEmitter } from "../events.js";
import { assertWhatwgResponse } from "../fetch-compat.js";
import { Redactor, safeUrl } from "../redact.js";
import { bearerAuthorization, bearerTokenOf } from "../token/bearer.js";
import {
  processRetryBudget,
  RETRY_COST,
  RETRY_COST_NETWORK,
  type RetryBudget,
} from "../token/retry-policy.js";
import type { AccessTokenSource } from "./access-token-source.js";
import { apiRetryDelay, isRetryableApiStatus, retriesAllowed } from "./api-retry.js";
import { takeCallContext } from "./call-context.js";
import { callRetryOptionsOf, hasNoCallerSignal } from "./call-request.js";
import { discardBody, type SendResult, sendFollowingRedirects } from "./follow-redirects.js";
import { originMatcher } from "./origins.js";
import { releaseOnBodyEnd } from "./release-on-body-end.js";
import { type BodyPlan, captureBody, MAX_REPLAY_BODY_BYTES } from "./request-body.js";
import { withCallDetails } from "./transport-details.js";

export { MAX_REPLAY_BODY_BYTES };

/**
 * Header set on a response that explains what the client did (never contains a secret).
 *
 * @group Responses
 */
export const HINT_HEADER = "x-caduceus-hint";

/**
 * Options of {@link createAuthFetch}. `createAuthClient` fills them from its own; only code that
 * assembles an openapi-fetch client by hand sets them directly.
 *
 * @example
 * ```ts
 * const options: AuthFetchOptions = { vendor: "Acme", tokens: provider, apiOrigins: ["https://api.acme.test"], clock: systemClock, timeoutMs: 30_000, redactor: new Redactor([clientSecret]) };
 * ```
 *
 * @group HTTP
 */
export interface AuthFetchOptions {
  /** Vendor name that starts error messages and hints, e.g. `"Acme"` in `"Acme GET https://… did not finish…"`. */
  vendor: string;
  /**
   * Where a replay after a 401 gets its fresh token: `invalidate` drops the token the request carried,
   * then `getToken` joins (or starts) the single-flight refresh. Usually the client's {@link TokenProvider}.
   */
  tokens: AccessTokenSource;
  /** Origins whose requests carry credentials (used when no middleware context exists). */
  apiOrigins: readonly string[];
  /** Header names that are credentials and must never cross to another origin (besides Authorization and Cookie). */
  credentialHeaders?: readonly string[];
  /** The fetch underneath; default `globalThis.fetch` looked up at each call. */
  fetch?: typeof fetch;
  /** Time source and timers of the call's deadline; a fake clock in tests. */
  clock: Clock;
  /**
   * The call's time limit in milliseconds, covering the replay and reading the response body. When
   * the middleware started the call, the limit counts from then (token acquisition included); `0`
   * means no limit. Past it the call rejects with a `TimeoutError`.
   */
  timeoutMs: number;
  /** Scrubs the client's secrets and live tokens from errors and event URLs; a bare `new Redactor()` scrubs live tokens only. */
  redactor: Redactor;
  /**
   * Added as {@link HINT_HEADER} to a 401 that survived the replay (xCures: a wrong ProjectId also
   * answers 401, so the token is not always the problem). Default: none.
   */
  unauthorizedHint?: string;
  /** Receives `request.replayed`, `request.not-replayed` and `request.retry` events. Default: none are reported. */
  emit?: EventEmitter;
  /**
   * Retries of a retryable failure of an API call (408, 429, 500, 502, 503, 504, or no connection):
   * idempotent methods always, POST and PATCH only with {@link idempotencyKeyHeader} or the call's
   * `retryOptions({ retryNonIdempotent: true })`. A call's `retryOptions({ maxRetries })` overrides it.
   *
   * @defaultValue 2
   */
  maxRetries?: number;
  /**
   * The header the vendor honours as an idempotency key: a POST or PATCH that carries it is retried
   * like an idempotent method.
   *
   * @defaultValue none: POST and PATCH are retried only on the caller's opt-in
   */
  idempotencyKeyHeader?: string;
  /**
   * Budget the retries draw on, shared with token requests so an outage does not multiply traffic.
   *
   * @defaultValue the process-wide budget
   */
  budget?: RetryBudget;
}

const NOT_REPLAYED_HINT = {
  stream: "401 not replayed: the request body is a stream, which can be sent only once",
  "too-large": `401 not replayed: the request body is over ${MAX_REPLAY_BODY_BYTES / 1024 / 1024} MiB, too large to keep for a replay`,
} as const;

/**
 * The fetch beneath openapi-fetch's middleware chain (openapi-fetch never re-runs its chain, so
 * replay lives here):
 * - an API 401 drops the token the request used, joins the single-flight refresh and replays once,
 *   same method, URL, headers and body bytes; a second 401 goes back to the caller. A 401 whose
 *   `WWW-Authenticate` says `insufficient_scope` (RFC 6750 §3.1), any 403, and a 401 from another
 *   origin reached by a redirect are returned untouched. Stream bodies and bodies over
 *   {@link MAX_REPLAY_BODY_BYTES} are not replayed: the 401 carries {@link HINT_HEADER} saying why;
 * - redirects are followed by hand: same origin keeps credentials, another origin gets none of them
 *   (Node's fetch would forward custom headers such as `x-organization-secret`);
 * - the call's deadline also bounds reading the response body, and its timer is cleared after;
 * - 408, 429, 500, 502, 503, 504 and connection failures are retried after a backoff with full jitter
 *   or the server's `Retry-After`, never past the deadline and while the retry budget lasts: idempotent
 *   methods by default, POST and PATCH only when safe (see {@link AuthFetchOptions.maxRetries}). A call
 *   that never reaches the server rejects with a `NetworkError` naming method, URL and attempts.
 *
 * @example
 * ```ts
 * createClient<paths>({ baseUrl, fetch: createAuthFetch({ vendor: "Acme", tokens, apiOrigins, clock: systemClock, timeoutMs: 30_000, redactor: new Redactor() }) });
 * ```
 *
 * @group HTTP
 */
export function createAuthFetch(options: AuthFetchOptions): typeof fetch {
  const isApiUrl = originMatcher(options.apiOrigins);
  const stripOnCrossOrigin = [
    ...new Set(
      ["authorization", "proxy-authorization", "cookie", ...(options.credentialHeaders ?? [])].map((name) =>
        name.toLowerCase(),
      ),
    ),
  ];
  const redactor = options.redactor ?? new Redactor();
  const inner = () => options.fetch ?? globalThis.fetch;
  const rules = {
    maxRetries: options.maxRetries ?? 2,
    ...(options.idempotencyKeyHeader
      ? { idempotencyKeyHeader: options.idempotencyKeyHeader.toLowerCase() }
      : {}),
  };
  const budget = options.budget ?? processRetryBudget();

  return async function authFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const context = input instanceof Request ? takeCallContext(input) : undefined;
    const authorization = request.headers.get("authorization");
    let usedToken: string | undefined;
    if (context) {
      // A later middleware may have replaced our header: then the 401 is not about our token.
      if (authorization === context.authorization) usedToken = context.token;
    } else if (isApiUrl(request.url)) {
      usedToken = bearerTokenOf(authorization);
    }
    const describe = () => `${options.vendor} ${request.method} ${safeUrl(request.url)}`;
    // A request nobody can abort (openapi-fetch's, for a call without `signal`) needs no listener,
    // and its deadline's signal can be shared with the calls whose limit passes at the same instant.
    const unabortable = hasNoCallerSignal(request);
    const deadline = new Deadline(
      options.clock,
      options.timeoutMs,
      describe,
      context?.startedAt,
      unabortable,
    );
    if (!unabortable) deadline.follow(request.signal);
    const { signal } = deadline;
    const send = (headers: Headers, body: BodyPlan) =>
      sendFollowingRedirects(request.url, request.method, headers, body, {
        fetch: inner(),
        signal,
        redirect: request.redirect,
        stripOnCrossOrigin,
      });
    const callDetails = () => ({
      method: request.method,
      url: redactor.scrub(safeUrl(request.url)),
      attempts,
    });
    const allowed = retriesAllowed(request.method, request.headers, rules, callRetryOptionsOf(request));
    let attempts = 0;
    let retried = 0;
    // One attempt and its transient retries. The 401 replay below calls it again, so a replay that
    // meets a 503 is retried too; the retry count is shared by the whole call.
    const sendRetrying = async (headers: Headers, body: BodyPlan): Promise<SendResult> => {
      for (;;) {
        attempts++;
        let result: SendResult;
        try {
          result = await send(headers, body);
        } catch (error) {
          if (signal.aborted || isCaduceusError(error)) throw error;
          if (retried < allowed && body.kind !== "stream" && (await waitBeforeRetry(undefined))) continue;
          throw new NetworkError(
            `${describe()} could not reach the server (${attempts} ${attempts === 1 ? "attempt" : "attempts"}).`,
            callDetails(),
            redactor.scrubError(error),
          );
        }
        assertWhatwgResponse(options.vendor, result.response);
        const { status } = result.response;
        if (
          isRetryableApiStatus(status) &&
          retried < allowed &&
          body.kind !== "stream" &&
          (await waitBeforeRetry(result.response))
        ) {
          continue;
        }
        if (retried > 0 && status < 500) budget.refund();
        return result;
      }
    };
    // Decides whether retry number `retried + 1` may go, and waits for it: false when the server asks
    // for more than a minute, the wait would pass the deadline, or the shared budget is spent.
    const waitBeforeRetry = async (response: Response | undefined): Promise<boolean> => {
      const delayMs = apiRetryDelay(retried + 1, response, options.clock);
      if (delayMs === undefined || options.clock.now() + delayMs >= deadline.at) return false;
      if (!budget.trySpend(response ? RETRY_COST : RETRY_COST_NETWORK)) return false;
      retried++;
      options.emit?.({
        type: "request.retry",
        method: request.method,
        url: redactor.scrub(safeUrl(request.url)),
        attempt: attempts,
        ...(response ? { status: response.status } : {}),
        reason: response ? "status" : "network",
        delayMs,
      });
      if (response) discardBody(response);
      await sleep(options.clock, delayMs, signal);
      return true;
    };
    try {
      const body = await captureBody(request, init);
      let { response, credentialed } = await sendRetrying(request.headers, body);
      if (
        response.status === 401 &&
        usedToken !== undefined &&
        credentialed &&
        !isInsufficientScope(response)
      ) {
        if (body.kind === "stream") {
          options.emit?.({
            type: "request.not-replayed",
            method: request.method,
            url: redactor.scrub(safeUrl(request.url)),
            reason: body.reason,
          });
          response = withHint(response, NOT_REPLAYED_HINT[body.reason]);
          return releaseOnBodyEnd(response, request.method, deadline, redactor, describe, attempts);
        }
        discardBody(response);
        await options.tokens.invalidate(usedToken);
        const fresh = await options.tokens.getToken(signal);
        const headers = new Headers(request.headers);
        headers.set("authorization", bearerAuthorization(fresh));
        options.emit?.({
          type: "request.replayed",
          method: request.method,
          url: redactor.scrub(safeUrl(request.url)),
        });
        ({ response } = await sendRetrying(headers, body));
        if (response.status === 401 && options.unauthorizedHint) {
          response = withHint(response, options.unauthorizedHint);
        }
      }
      return releaseOnBodyEnd(response, request.method, deadline, redactor, describe, attempts);
    } catch (error) {
      deadline.clear();
      if (signal.aborted) throw redactor.seal(withCallDetails(deadline.abortError(), callDetails));
      throw redactor.scrubError(error);
    }
  };
}

function isInsufficientScope(response: Response): boolean {
  const challenge = response.headers.get("www-authenticate");
  return challenge !== null && /error\s*=\s*"?insufficient_scope/i.test(challenge);
}

function withHint(response: Response, hint: string): Response {
  const headers = new Headers(response.headers);
  headers.set(HINT_HEADER, hint);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
