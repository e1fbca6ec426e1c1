import { CaduceusError } from "./caduceus-error.js";
import { ErrorCode } from "./codes.js";

/**
 * The caller's `AbortSignal` fired. Only that caller is detached: a token refresh it was waiting on
 * goes on for the other callers. The signal's reason is kept as `cause`.
 *
 * @example
 * ```ts
 * const ac = new AbortController(); setTimeout(() => ac.abort(), 100);
 * await client.GET("/x", { signal: ac.signal }).catch((e) => isAbortError(e));
 * ```
 */
export class AbortError extends CaduceusError {
  /** Always `"AbortError"`. */
  override readonly name = "AbortError";
  static override readonly kind = "AbortError";
  /** For an API call: its method, e.g. `"GET"` (undefined when the limit passed while getting a token outside a call). */
  method?: string;
  /** For an API call: its URL without query string or credentials. */
  url?: string;
  /** For an API call: the attempts sent before it ended, the first included (0 when no request had been sent). */
  attempts?: number;

  constructor(message: string, cause?: unknown) {
    super(ErrorCode.Aborted, message, { cause, retryable: false });
  }
}

/**
 * True when `value` is an {@link AbortError} from any copy of auth-core (works across duplicate
 * installs, unlike a check on the class object; see {@link CaduceusError}). Never throws.
 *
 * @example
 * ```ts
 * if (isAbortError(err)) return; // the caller gave up: nothing to report
 * ```
 */
export function isAbortError(value: unknown): value is AbortError {
  return value instanceof AbortError;
}
