import type { Clock } from "../clock.js";

/** Statuses worth retrying on a token request: timeout, rate limit, server errors. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Longest `Retry-After` we wait for inside one call; longer asks fail at once with `retryAfterMs`. */
export const MAX_RETRY_AFTER_MS = 60_000;
const BACKOFF_BASE_MS = 250;
const BACKOFF_FLOOR_MS = 100;
const BACKOFF_CAP_MS = 10_000;
/** Absurd Retry-After values (a year) are treated as "not given", never as a reason to hang. */
const RETRY_AFTER_SANITY_MS = 24 * 60 * 60 * 1000;

/**
 * Reads how long the server asked us to wait: `retry-after-ms` (milliseconds), then `Retry-After` as
 * delay-seconds or an HTTP-date (RFC 9110 §10.2.3). `undefined` when absent or unreadable.
 *
 * @example
 * ```ts
 * parseRetryAfter(new Headers({ "retry-after": "2" }), Date.now()) // 2000
 * ```
 */
export function parseRetryAfter(headers: Headers, now: number): number | undefined {
  const ms = headers.get("retry-after-ms");
  if (ms !== null && /^\s*\d+(\.\d+)?\s*$/.test(ms)) return sane(Number(ms));
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return sane(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : sane(Math.max(0, date - now));
}

function sane(ms: number): number | undefined {
  return Number.isFinite(ms) && ms >= 0 && ms <= RETRY_AFTER_SANITY_MS ? Math.ceil(ms) : undefined;
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
 * A process-wide retry budget (the AWS SDK's token bucket): each retry spends tokens, each success
 * refunds one. During an outage the bucket empties and calls fail fast instead of multiplying the
 * load on a struggling token endpoint.
 */
export class RetryBudget {
  #tokens: number;
  readonly #capacity: number;

  constructor(capacity = 500) {
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

  get available(): number {
    return this.#tokens;
  }
}

/** Cost of a retry after a status answer, and after a network error or timeout (as in the AWS SDK). */
export const RETRY_COST = 5;
export const RETRY_COST_NETWORK = 10;

/** The budget shared by every client of this process (and every copy of auth-core in it). */
export function processRetryBudget(): RetryBudget {
  const slot = Symbol.for("@caduceus/auth-core/retry-budget");
  const holder = globalThis as unknown as Record<symbol, RetryBudget | undefined>;
  holder[slot] ??= new RetryBudget();
  return holder[slot];
}
