import type { CaduceusError } from "./caduceus-error.js";
import { TIMEOUT } from "./codes.js";
import { InterruptedCallError } from "./interrupted-call-error.js";

/**
 * The call did not finish within `timeoutMs`: token acquisition, every attempt, backoffs and reading
 * the body all count against the one deadline. Retryable.
 *
 * @example
 * ```ts
 * if (isTimeoutError(err)) metrics.increment("vendor.timeout");
 * ```
 */
export class TimeoutError extends InterruptedCallError {
  /** Always `"TimeoutError"`. */
  override readonly name = "TimeoutError";
  static override readonly kind = "TimeoutError";
  /** The limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;

  constructor(message: string, timeoutMs: number) {
    super(TIMEOUT, message, { retryable: true });
    this.timeoutMs = timeoutMs;
  }
}

/**
 * True when `value` is a {@link TimeoutError} from any copy of auth-core (works across duplicate
 * installs, unlike a check on the class object; see {@link CaduceusError}). Never throws.
 *
 * @example
 * ```ts
 * if (isTimeoutError(err)) retryLater(); // timeouts are retryable
 * ```
 */
export function isTimeoutError(value: unknown): value is TimeoutError {
  return value instanceof TimeoutError;
}
