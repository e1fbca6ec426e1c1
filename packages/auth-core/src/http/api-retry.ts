import type { Clock } from "../clock.js";
import { AuthConfigError } from "../errors/auth-config-error.js";
import {
  BACKOFF_FLOOR_MS,
  backoffDelay,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
} from "../token/retry-policy.js";

/**
 * Statuses after which an API call may be tried again: request timeout, rate limit, and the server
 * errors that say "not now" rather than "never" (RFC 9110 §15.5.9, RFC 6585 §4, RFC 9110 §15.6). 501
 * and 505 are permanent; other 5xx are not retried either, as in Stainless and Azure clients.
 */
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Methods a server must treat as idempotent (RFC 9110 §9.2.2): sending one twice has the effect of
 * sending it once. POST and PATCH are not: a billing claim posted twice is a real harm.
 */
const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"]);

/** The most retries a client or call may ask for. */
export const MAX_RETRIES_LIMIT = 10;

/**
 * Retry settings of one API call, given with {@link retryOptions}. Unset fields take the client's.
 *
 * @group Retries
 */
export interface CallRetryOptions {
  /**
   * Retries of a retryable failure of this call (408, 429, 500, 502, 503, 504, or a connection that
   * failed before any response byte). 0 to 10.
   *
   * @defaultValue the client's `maxRetries` (itself 2 by default)
   */
  maxRetries?: number;
  /**
   * Retry this call even though its method is POST or PATCH. Only for a request the server treats as
   * idempotent: one whose body carries its own deduplication key, or a search sent as POST.
   *
   * @defaultValue `false`: a POST or PATCH is retried only when it carries the vendor's idempotency-key header
   */
  retryNonIdempotent?: boolean;
}

/** Where {@link retryOptions} leaves its settings; read back by the client's own `Request` class. */
export const CALL_RETRY_OPTIONS: unique symbol = Symbol.for(
  "@caduceus/auth-core/call-retry-options",
) as never;

/** What {@link retryOptions} returns: spread it into a call's options. */
export interface RetryOptionsCarrier {
  /** The call's retry settings (a registered symbol key, so it never clashes with fetch options). */
  readonly [CALL_RETRY_OPTIONS]: CallRetryOptions;
}

/**
 * Retry settings for one API call, to spread into the call's options. openapi-fetch passes them on to
 * the client's own `Request` class, so they type-check with every vendor client without widening its
 * option types.
 *
 * @group Retries
 * @throws AuthConfigError naming `maxRetries` when it is not an integer from 0 to 10.
 * @example
 * ```ts
 * // A search sent as POST is safe to repeat:
 * await client.POST("/search", { body: { name: "Ada" }, ...retryOptions({ retryNonIdempotent: true }) });
 * // A call that must fail fast:
 * await client.GET("/health", { ...retryOptions({ maxRetries: 0 }) });
 * ```
 */
export function retryOptions(options: CallRetryOptions): RetryOptionsCarrier {
  const { maxRetries } = options;
  if (maxRetries !== undefined && !isRetryCount(maxRetries)) {
    throw new AuthConfigError(
      "maxRetries",
      `retryOptions: maxRetries must be an integer from 0 to ${MAX_RETRIES_LIMIT}, got ${describe(maxRetries)}.`,
    );
  }
  return { [CALL_RETRY_OPTIONS]: Object.freeze({ ...options }) };
}

/** Whether `value` is a retry count a client or call may ask for. */
export function isRetryCount(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= MAX_RETRIES_LIMIT;
}

function describe(value: unknown): string {
  return typeof value === "number" ? String(value) : typeof value;
}

/** The client-wide half of the retry rules, fixed when the client is created. */
export interface ApiRetryRules {
  /** The client's `maxRetries`. */
  maxRetries: number;
  /**
   * Lower-case name of the header the vendor honours as an idempotency key (a POST or PATCH carrying
   * it is safe to retry); undefined when the vendor documents none.
   */
  idempotencyKeyHeader?: string;
}

/**
 * How many retries this request may have: the call's or the client's count for an idempotent method,
 * and for POST or PATCH only when the caller opted in or the request carries the vendor's
 * idempotency key. Decided once per call, before the first attempt.
 */
export function retriesAllowed(
  method: string,
  headers: Headers,
  rules: ApiRetryRules,
  call: CallRetryOptions | undefined,
): number {
  const max = call?.maxRetries ?? rules.maxRetries;
  if (max === 0) return 0;
  if (IDEMPOTENT_METHODS.has(method)) return max;
  if (call?.retryNonIdempotent === true) return max;
  if (rules.idempotencyKeyHeader !== undefined && headers.has(rules.idempotencyKeyHeader)) return max;
  return 0;
}

/** Whether an answer with this status may be worth trying again. */
export function isRetryableApiStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/**
 * Milliseconds to wait before retry number `attempt` (1-based): the server's `retry-after-ms` or
 * `Retry-After` when it sent one (never under the floor), else exponential backoff with full jitter.
 * `undefined` when the server asked for more than a minute: such an answer goes back to the caller.
 */
export function apiRetryDelay(
  attempt: number,
  response: Response | undefined,
  clock: Clock,
): number | undefined {
  const asked = response ? parseRetryAfter(response.headers, clock.now()) : undefined;
  if (asked === undefined) return backoffDelay(attempt, clock);
  return asked > MAX_RETRY_AFTER_MS ? undefined : Math.max(BACKOFF_FLOOR_MS, asked);
}
