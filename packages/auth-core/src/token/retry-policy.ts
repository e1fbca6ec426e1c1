import type { Clock } from "../clock.js";
import { processWide } from "../process-state.js";

/**
 * Default number of retries of a retryable token-request failure (so at most 3 attempts).
 *
 * @group Options
 */
export const DEFAULT_MAX_RETRIES = 2;

/** Statuses worth retrying on a token request: timeout, rate limit, server errors (RFC 9110 §15). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status < 600);
}

/**
 * Longest `Retry-After` we wait for inside one call; longer asks fail at once with `retryAfterMs`.
 *
 * @group Retries
 */
export const MAX_RETRY_AFTER_MS = 60_000;
/** Shortest wait before any retry, even when the server says `Retry-After: 0`. */
export const BACKOFF_FLOOR_MS = 100;
const BACKOFF_BASE_MS = 250;
const BACKOFF_CAP_MS = 10_000;
/** Reported `retryAfterMs` is capped here (a year), so absurd values stay finite numbers. */
const RETRY_AFTER_REPORT_CAP_MS = 365 * 24 * 60 * 60 * 1000;
const DELAY_SECONDS = /^\d+(\.\d+)?$/;
// RFC 9110 §5.6.7: IMF-fixdate, and the obsolete RFC 850 and asctime forms, all start with a day name.
// `Date.parse` alone also accepts "-5" or "5 apples", which are not dates.
const HTTP_DATE = /^(mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s/i;

/**
 * Reads how long the server asked us to wait: `retry-after-ms` (milliseconds, as some vendors send),
 * then `Retry-After` as delay-seconds or an HTTP-date (RFC 9110 §10.2.3). A date in the past is 0;
 * huge values are kept (capped at a year) so the caller can fail at once and report them.
 * `undefined` when absent or unreadable.
 *
 * @example
 * ```ts
 * parseRetryAfter(new Headers({ "retry-after": "2" }), Date.now()) // 2000
 * parseRetryAfter(new Headers({ "retry-after": "Wed, 21 Oct 2015 07:28:00 GMT" }), Date.now()) // 0
 * ```
 *
 * @group Retries
 */
export function parseRetryAfter(headers: Headers, now: number): number | undefined {
  const ms = headers.get("retry-after-ms")?.trim();
  if (ms && DELAY_SECONDS.test(ms)) return reported(Number(ms));
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (DELAY_SECONDS.test(value)) return reported(Number(value) * 1000);
  if (!HTTP_DATE.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : reported(Math.max(0, date - now));
}

function reported(ms: number): number {
  // A digit string too long for a double is Infinity: as huge as it gets, not "unreadable".
  return Math.ceil(Math.min(Number.isFinite(ms) ? ms : RETRY_AFTER_REPORT_CAP_MS, RETRY_AFTER_REPORT_CAP_MS));
}

/**
 * Delay before retry number `attempt` (1-based): exponential, full jitter, with a floor so a burst of
 * clients does not come back at the same instant and a zero draw still waits.
 */
export function backoffDelay(attempt: number, clock: Clock): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.max(BACKOFF_FLOOR_MS, Math.round(clock.random() * ceiling));
}

/**
 * A retry budget (the AWS SDK's token bucket): each retry spends tokens (5 after an error status, 10
 * after a network error or timeout), each successful token request refunds one. During an outage the
 * bucket empties and token requests fail after their first attempt instead of multiplying the load on
 * a struggling endpoint. One budget of 500 is shared by the whole process unless a client is given its
 * own (`retryBudget` of `createAuthClient`).
 *
 * @example
 * ```ts
 * const budget = new RetryBudget(50); // at most 10 status retries before successes refill it
 * createAuthClient({ ...options, retryBudget: budget });
 * ```
 *
 * @group Retries
 */
export class RetryBudget {
  #tokens: number;
  readonly #capacity: number;

  /** @param capacity Tokens when full. Default 500. */
  constructor(capacity = 500) {
    if (!Number.isFinite(capacity) || capacity < 0)
      throw new RangeError("RetryBudget capacity must be a number >= 0.");
    this.#capacity = capacity;
    this.#tokens = capacity;
  }

  /** Takes the cost of one retry; false when the budget is spent. */
  trySpend(cost: number): boolean {
    if (this.#tokens < cost) return false;
    this.#tokens -= cost;
    return true;
  }

  /** Refunds one token after a success. */
  refund(): void {
    this.#tokens = Math.min(this.#capacity, this.#tokens + 1);
  }

  /** Tokens left. */
  get available(): number {
    return this.#tokens;
  }
}

/** Cost of a retry after a status answer, and after a network error or timeout (as in the AWS SDK). */
export const RETRY_COST = 5;
export const RETRY_COST_NETWORK = 10;

/** The budget shared by every client of this process (and every copy of auth-core in it). */
export function processRetryBudget(): RetryBudget {
  return processWide("retry-budget", () => new RetryBudget());
}
