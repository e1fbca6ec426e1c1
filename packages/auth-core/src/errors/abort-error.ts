import type { CaduceusError } from "./caduceus-error.js";
import { ABORTED } from "./codes.js";
import { InterruptedCallError } from "./interrupted-call-error.js";

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
export class AbortError extends InterruptedCallError {
  /** Always `"AbortError"`. */
  override readonly name = "AbortError";
  static override readonly kind = "AbortError";

  constructor(message: string, cause?: unknown) {
    super(ABORTED, message, { cause, retryable: false });
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
