import type { CaduceusError } from "./caduceus-error.js";
import type { ErrorCode } from "./codes.js";
import { RequestError, type RequestErrorDetails } from "./request-error.js";

/** Details of a failed token request; every string is already scrubbed of secrets. */
export interface TokenRequestErrorDetails extends RequestErrorDetails {
  /** HTTP status, or `undefined` when no answer arrived (network error). */
  status?: number;
  /** OAuth `error` code (RFC 6749 §5.2) or the vendor's error name (Candid `errorName`). */
  oauthError?: string;
  /** OAuth `error_description` or the vendor's message (Parchment `error.title: error.detail`). */
  errorDescription?: string;
  /** OAuth `error_uri` when given. */
  errorUri?: string;
  /** The vendor's request id (from a response header or the error body), for support tickets. */
  requestId?: string;
  /** How long the endpoint asked us to wait (`Retry-After`), in milliseconds. */
  retryAfterMs?: number;
  /** How many requests were sent, retries included. */
  attempts: number;
  /** Whether waiting and trying again may help. */
  retryable: boolean;
  /** Scrubbed underlying error. */
  cause?: unknown;
}

/**
 * The token endpoint answered with an error, or could not be reached. Carries the HTTP `status`, the
 * OAuth `error` / `error_description` (or the vendor's own message), the vendor's `requestId`,
 * `retryAfterMs` when the endpoint rate-limited us, and how many `attempts` were made.
 *
 * @example
 * ```ts
 * const { error } = await client.GET("/things").catch((e) => ({ error: e }));
 * if (isTokenRequestError(error) && error.oauthError === "invalid_client") rotateCredentials();
 * ```
 */
export class TokenRequestError extends RequestError {
  /** Always `"TokenRequestError"`. */
  override readonly name = "TokenRequestError";
  static override readonly kind = "TokenRequestError";
  /**
   * HTTP status of the last answer (for a `success: false` envelope inside HTTP 200, the envelope's
   * `statusCode` when that is an error status). `undefined` when no answer arrived: code
   * `CADUCEUS_TOKEN_REQUEST_NETWORK`.
   */
  declare readonly status: number | undefined;
  /**
   * Machine-readable error name: the OAuth `error` (RFC 6749 §5.2, e.g. `"invalid_client"`,
   * `"invalid_scope"`) or the vendor's equivalent found by the preset's `errorBody.codePaths`
   * (Candid's `errorName`). `undefined` when the body had none.
   */
  declare readonly oauthError: string | undefined;
  /**
   * Human-readable detail: the OAuth `error_description`, or the vendor's message found by the
   * preset's `errorBody.messagePaths` (several joined with `": "`). Each part is cut to 300
   * characters and scrubbed of secrets; `undefined` when the body had none.
   */
  declare readonly errorDescription: string | undefined;
  /** The OAuth `error_uri` (RFC 6749 §5.2), a page about the error, when the endpoint sent one. */
  declare readonly errorUri: string | undefined;
  /**
   * The vendor's request id, from a response header (`x-request-id` and the preset's
   * `requestIdHeaders`) or the error body, to quote in a support ticket. `undefined` when absent.
   */
  declare readonly requestId: string | undefined;
  /**
   * How long the endpoint asked callers to wait, in milliseconds, from `retry-after-ms` or
   * `Retry-After` (seconds or HTTP-date), capped at one year; `undefined` when the answer had no
   * readable one. Typically on 429 and 503: over 60 s (`MAX_RETRY_AFTER_MS`) the request was not
   * retried, and this tells when trying again makes sense.
   */
  declare readonly retryAfterMs: number | undefined;
  /** How many token requests were sent for this acquisition, retries included (at least 1). */
  declare readonly attempts: number;

  constructor(code: ErrorCode, message: string, details: TokenRequestErrorDetails) {
    super(code, message, details, { cause: details.cause, retryable: details.retryable }, [
      "status",
      "oauthError",
      "errorDescription",
      "errorUri",
      "requestId",
      "retryAfterMs",
      "attempts",
    ] satisfies ReadonlyArray<keyof TokenRequestErrorDetails>);
  }
}

/**
 * True when `value` is a {@link TokenRequestError} from any copy of auth-core (works across duplicate
 * installs, unlike a check on the class object; see {@link CaduceusError}). Never throws.
 *
 * @example
 * ```ts
 * if (isTokenRequestError(err) && err.status === 401) alertOps("token endpoint refused the credentials");
 * ```
 */
export function isTokenRequestError(value: unknown): value is TokenRequestError {
  return value instanceof TokenRequestError;
}
