import { type Clock, sleep } from "../clock.js";
import { abortReasonToError } from "../deadline.js";
import { isCaduceusError } from "../errors/caduceus-error.js";
import { ErrorCode } from "../errors/codes.js";
import { TokenRequestError } from "../errors/token-request-error.js";
import { TokenResponseError } from "../errors/token-response-error.js";
import type { EventEmitter } from "../events.js";
import { assertWhatwgResponse } from "../fetch-compat.js";
import { type Redactor, safeUrl } from "../redact.js";
import type { TokenCredentials, TokenGrant } from "./exchange.js";
import type { TokenPreset } from "./preset.js";
import type { AssertionSigner, SmartEndpoint } from "./private-key-jwt-hooks.js";
import {
  BACKOFF_FLOOR_MS,
  backoffDelay,
  MAX_RETRY_AFTER_MS,
  RETRY_COST,
  RETRY_COST_NETWORK,
  type RetryBudget,
} from "./retry-policy.js";
import { buildTokenRequest } from "./token-request.js";
import { checkExchangeResult, interpretTokenResponse } from "./token-response.js";

/** Token answers larger than this are refused unread (at most 1 MiB is read). */
export const MAX_TOKEN_BODY_BYTES = 1024 * 1024;

/**
 * Everything a {@link TokenProvider} needs to send token requests for one credential identity:
 * assembled once per client by `createAuthClient` (already checked; nothing here is validated again)
 * and passed as {@link TokenProviderOptions.exchange}. Needed only to build a `TokenProvider` by hand.
 *
 * Each token request is the preset's (or its custom `exchange`), never follows redirects, reads at most
 * 1 MiB of answer, and retries 408, 429, 5xx and network failures up to `maxRetries` times while
 * `budget` allows.
 *
 * @example
 * ```ts
 * const setup: ExchangeSetup = {
 *   preset: { vendor: "Acme", encoding: "form", clientAuthentication: "basic", maxLifetimeSeconds: 3600 },
 *   credentials: { grant: "client_credentials", clientId, clientSecret },
 *   tokenUrl: "https://auth.acme.test/oauth/token",
 *   fetch: () => globalThis.fetch, clock: systemClock, maxRetries: DEFAULT_MAX_RETRIES,
 *   redactor: new Redactor([clientSecret]), budget: new RetryBudget(), emit: () => {},
 * };
 * ```
 *
 * @group Token lifecycle
 */
export interface ExchangeSetup {
  /** The vendor's token exchange described as data (encoding, client authentication, field names, …). */
  preset: TokenPreset;
  /** The credential identity whose token is requested. */
  credentials: TokenCredentials;
  /** Absolute URL of the token endpoint, already checked (`https:`, or `http:` to loopback). */
  tokenUrl: string;
  /**
   * Returns the fetch to use now. Called before every attempt rather than captured once, so msw,
   * instrumented fetches and a `globalThis.fetch` replaced later all see the token requests.
   */
  fetch: () => typeof fetch;
  /** Time, timers (backoff waits) and randomness (jitter); a fake clock in tests. */
  clock: Clock;
  /**
   * Retries of a retryable failure (408, 429, 5xx, network) after the first attempt, so at most
   * `maxRetries + 1` requests per acquisition. 0 disables retries. `createAuthClient` passes the
   * `maxRetries` option (default 2).
   */
  maxRetries: number;
  /** Scrubs the client's secrets (and every live token) from errors and event URLs. */
  redactor: Redactor;
  /**
   * The retry budget each retry spends from; when it is empty, failures are returned after their
   * first attempt. `createAuthClient` passes the process-wide budget unless given `retryBudget`.
   */
  budget: RetryBudget;
  /** Receives `token.requested` and `token.retry` events; pass `() => {}` to report nothing. */
  emit: EventEmitter;
  /** Signs a fresh client assertion per request when the preset uses `private_key_jwt`. */
  clientAssertion?: AssertionSigner;
  /**
   * Finds the token endpoint (and the assertion algorithms it accepts) before the first attempt;
   * `tokenUrl` is then only the identity in the cache key.
   */
  discover?: (signal: AbortSignal) => Promise<SmartEndpoint>;
  /** Assertion algorithms the token endpoint accepts, as discovered. */
  acceptedAlgorithms?: readonly string[];
}

/**
 * Runs the token exchange with retries: 408, 429, 5xx and network errors are retried with
 * exponential backoff and jitter, honouring Retry-After up to {@link MAX_RETRY_AFTER_MS}; other 4xx
 * fail at once. Every wait and read honours `signal` (the acquisition's deadline). A wait that
 * would outlast `deadlineAt` (epoch ms) is not started: the call fails at once with the answer that
 * asked for it, which says more than a timeout would.
 */
export async function obtainGrant(
  given: ExchangeSetup,
  signal: AbortSignal,
  refreshToken?: string,
  deadlineAt = Number.POSITIVE_INFINITY,
): Promise<{ grant: TokenGrant; sentAt: number }> {
  const setup = given.discover ? await withDiscoveredEndpoint(given, signal) : given;
  const { clock } = setup;
  for (let attempt = 1; ; attempt++) {
    const sentAt = clock.now();
    setup.emit({
      type: "token.requested",
      attempt,
      grant: refreshToken ? "refresh_token" : setup.credentials.grant,
    });
    let failure: TokenRequestError | TokenResponseError;
    try {
      const grant = await exchangeOnce(setup, signal, attempt, refreshToken);
      setup.budget.refund();
      return { grant, sentAt };
    } catch (error) {
      if (signal.aborted) throw abortReasonToError(signal.reason, describe(setup));
      failure = toTokenError(setup, error, attempt);
    }
    if (!failure.retryable || attempt > setup.maxRetries || !(failure instanceof TokenRequestError))
      throw failure;
    const retryAfter = failure.retryAfterMs;
    if (retryAfter !== undefined && retryAfter > MAX_RETRY_AFTER_MS) throw failure;
    const delayMs = Math.max(BACKOFF_FLOOR_MS, retryAfter ?? backoffDelay(attempt, clock));
    if (clock.now() + delayMs >= deadlineAt) throw failure;
    const network = failure.code === ErrorCode.TokenRequestNetwork;
    if (!setup.budget.trySpend(network ? RETRY_COST_NETWORK : RETRY_COST)) throw failure;
    setup.emit({
      type: "token.retry",
      attempt,
      delayMs,
      ...(failure.status ? { status: failure.status } : {}),
    });
    try {
      await sleep(clock, delayMs, signal);
    } catch (reason) {
      throw abortReasonToError(reason, describe(setup));
    }
  }
}

/** The setup with the discovered token endpoint and accepted algorithms in place. */
async function withDiscoveredEndpoint(setup: ExchangeSetup, signal: AbortSignal): Promise<ExchangeSetup> {
  try {
    const found = await setup.discover!(signal);
    const { discover: _discover, ...rest } = setup;
    return {
      ...rest,
      tokenUrl: found.tokenUrl,
      ...(found.signingAlgorithms ? { acceptedAlgorithms: found.signingAlgorithms } : {}),
    };
  } catch (error) {
    if (signal.aborted) throw abortReasonToError(signal.reason, describe(setup));
    throw error;
  }
}

function describe(setup: ExchangeSetup): string {
  return `${setup.preset.vendor} token request POST ${safeUrl(setup.tokenUrl)}`;
}

async function exchangeOnce(
  setup: ExchangeSetup,
  signal: AbortSignal,
  attempt: number,
  refreshToken: string | undefined,
): Promise<TokenGrant> {
  const { preset } = setup;
  if (preset.exchange) {
    const fetchFn = setup.fetch();
    const context = {
      tokenUrl: setup.tokenUrl,
      credentials: setup.credentials,
      // Token requests never follow redirects, custom ones included, unless the exchange insists.
      fetch: ((input, init) =>
        fetchFn(input, {
          ...init,
          redirect: init?.redirect ?? "manual",
          signal: init?.signal ?? signal,
        })) as typeof fetch,
      signal,
    };
    const result = await preset.exchange(refreshToken ? { ...context, refreshToken } : context);
    return checkExchangeResult(preset.vendor, setup.tokenUrl, result, setup.redactor);
  }
  const assertion = await signAssertion(setup);
  const request = buildTokenRequest(preset, setup.credentials, setup.tokenUrl, refreshToken, assertion);
  let response: Response;
  try {
    // Token requests never follow redirects: a redirect could carry the client secret to another host.
    const { method, headers, body } = request;
    response = await setup.fetch()(request.url, { method, headers, body, redirect: "manual", signal });
  } catch (error) {
    if (signal.aborted) throw error;
    throw networkError(setup, error, attempt);
  }
  assertWhatwgResponse(preset.vendor, response);
  const status = response.type === "opaqueredirect" ? 302 : response.status;
  const ok = status >= 200 && status < 300;
  const { text, overCap } = await readCapped(response, MAX_TOKEN_BODY_BYTES, signal);
  const answer = {
    method: request.method,
    url: request.url,
    status,
    headers: response.headers,
    bodyText: text,
    receivedAt: setup.clock.now(),
    attempts: attempt,
  };
  if (ok && overCap) {
    throw new TokenResponseError(
      `${preset.vendor} token endpoint POST ${safeUrl(request.url)} answered ${status} with a body over 1 MiB; a token answer is never that large.`,
      { method: "POST", url: safeUrl(request.url), status },
    );
  }
  return interpretTokenResponse(preset, answer, setup.redactor);
}

/**
 * A fresh client assertion for this attempt (a retry or replay never reuses a `jti`), or `undefined`
 * when the preset does not use `private_key_jwt`. A key that cannot sign rejects with the signer's
 * `AuthConfigError` naming `privateKey`.
 */
function signAssertion(setup: ExchangeSetup): Promise<string> | undefined {
  if (setup.preset.clientAuthentication !== "private_key_jwt") return undefined;
  return setup.clientAssertion?.sign({
    clientId: setup.credentials.clientId ?? "",
    audience: setup.tokenUrl,
    nowMs: setup.clock.now(),
    ...(setup.acceptedAlgorithms ? { accepted: setup.acceptedAlgorithms } : {}),
  });
}

/**
 * Reads at most `cap` bytes of a body; past it the stream is cancelled (no 2 MiB body in memory).
 * Honours `signal` itself, because a user-supplied fetch may not abort its body streams.
 */
async function readCapped(
  response: Response,
  cap: number,
  signal: AbortSignal,
): Promise<{ text: string; overCap: boolean }> {
  if (!response.body) return { text: "", overCap: false };
  const reader = response.body.getReader();
  const onAbort = () => {
    reader.cancel(signal.reason).catch(() => {});
  };
  signal.addEventListener("abort", onAbort, { once: true });
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (signal.aborted) throw signal.reason;
      if (done) break;
      total += value.byteLength;
      if (total > cap) {
        // Not awaited: a cancel may never settle (mswjs/interceptors#712, #799); we only drop the rest.
        reader.cancel().catch(() => {});
        return { text: "", overCap: true };
      }
      chunks.push(value);
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { text: new TextDecoder().decode(bytes), overCap: false };
}

function networkError(setup: ExchangeSetup, error: unknown, attempt: number): TokenRequestError {
  const cause = setup.redactor.scrubError(error);
  const detail = (cause.cause as { code?: string } | undefined)?.code ?? cause.message;
  return new TokenRequestError(
    ErrorCode.TokenRequestNetwork,
    `${setup.preset.vendor} token endpoint POST ${safeUrl(setup.tokenUrl)} could not be reached or its answer was cut off (${detail}).`,
    { method: "POST", url: safeUrl(setup.tokenUrl), attempts: attempt, retryable: true, cause },
  );
}

/** Custom exchanges may throw anything; keep our typed errors and wrap the rest as network errors. */
function toTokenError(
  setup: ExchangeSetup,
  error: unknown,
  attempt: number,
): TokenRequestError | TokenResponseError {
  if (error instanceof TokenRequestError || error instanceof TokenResponseError) return error;
  if (isCaduceusError(error)) throw error;
  return networkError(setup, error, attempt);
}
