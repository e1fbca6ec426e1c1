import { CaduceusError } from "./caduceus-error.js";
import { ErrorCode } from "./codes.js";

/**
 * The call did not finish within `timeoutMs`: token acquisition, every attempt, backoffs and reading
 * the body all count against the one deadline. Retryable.
 *
 * @example
 * ```ts
 * if (isTimeoutError(err)) metrics.increment("vendor.timeout");
 * ```
 */
export class TimeoutError extends CaduceusError {
  /** Always `"TimeoutError"`. */
  override readonly name = "TimeoutError";
  static override readonly kind = "TimeoutError";
  /** For an API call: its method, e.g. `"GET"` (undefined when the limit passed while getting a token outside a call). */
  method?: string;
  /** For an API call: its URL without query string or credentials. */
  url?: string;
  /** For an API call: the attempts sent before it ended, the first included (0 when no request had been sent). */
  attempts?: number;
  /** The limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;

  constructor(message: string, timeoutMs: number) {
    super(ErrorCode.Timeout, message, { retryable: true });
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
