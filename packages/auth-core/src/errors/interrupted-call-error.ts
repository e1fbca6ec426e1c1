import { CaduceusError } from "./caduceus-error.js";

/**
 * Base of the errors of a call stopped before it finished: by the caller's signal ({@link AbortError})
 * or by the deadline ({@link TimeoutError}). When the stopped work was an API call, the fetch wrapper
 * names it: `method`, `url` and `attempts`, as a {@link NetworkError} does, so every transport
 * failure of a call can be logged the same way. `instanceof InterruptedCallError` is true for both
 * kinds from any copy of auth-core.
 *
 * @example
 * ```ts
 * if (err instanceof InterruptedCallError) log.info("stopped", err.method, err.url, err.attempts);
 * ```
 */
export class InterruptedCallError extends CaduceusError {
  /** `"InterruptedCallError"` on an instance of this base itself; each subclass has its own literal. */
  override readonly name: string = "InterruptedCallError";
  static override readonly kind: string = "InterruptedCallError";
  static override readonly kinds: readonly string[] = ["AbortError", "TimeoutError"];
  /** For an API call: its method, e.g. `"GET"` (undefined when the limit passed while getting a token outside a call). */
  method?: string;
  /** For an API call: its URL without query string or credentials. */
  url?: string;
  /** For an API call: the attempts sent before it ended, the first included (0 when no request had been sent). */
  attempts?: number;
}
