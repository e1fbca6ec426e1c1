import { ErrorCode } from "./codes.js";
import { RequestError, type RequestErrorDetails } from "./request-error.js";

/** Where a transport failure of an API call happened, and how often it was tried. */
export interface TransportErrorDetails extends RequestErrorDetails {
  /** Attempts made, the first included (so `1` when no retry was allowed). */
  attempts: number;
}

/**
 * An API call could not reach the server: connection refused or reset, DNS failure, TLS failure, or the
 * connection closed before any response byte. Thrown after the allowed retries (idempotent methods are
 * retried; see `maxRetries` and `retryOptions`). The original error from `fetch` is the `cause`, scrubbed.
 *
 * @group Errors
 * @example
 * ```ts
 * try { await client.GET("/v1/things"); } catch (err) { if (isNetworkError(err)) log.warn(err.url, err.attempts); }
 * ```
 */
export class NetworkError extends RequestError {
  /** Always `"NetworkError"`. */
  override readonly name = "NetworkError";
  static override readonly kind = "NetworkError";
  /** Attempts made, the first included. */
  declare readonly attempts: number;

  constructor(message: string, details: TransportErrorDetails, cause?: unknown) {
    super(ErrorCode.Network, message, details, { cause, retryable: true }, [
      "attempts",
    ] satisfies ReadonlyArray<keyof TransportErrorDetails>);
  }
}

/**
 * True when `value` is a {@link NetworkError} from any copy of auth-core (works across duplicate
 * installs). Never throws.
 *
 * @example
 * ```ts
 * if (isNetworkError(err)) queueForLater(request); // the server was never reached
 * ```
 */
export function isNetworkError(value: unknown): value is NetworkError {
  return value instanceof NetworkError;
}
