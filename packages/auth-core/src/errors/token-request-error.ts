import { CaduceusError } from "./caduceus-error.js";
import type { ErrorCode } from "./codes.js";

/** Details of a failed token request; every string is already scrubbed of secrets. */
export interface TokenRequestErrorDetails {
  /** HTTP method of the token request (always `POST` for the built-in exchange). */
  method: string;
  /** Token endpoint URL without its query string. */
  url: string;
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
export class TokenRequestError extends CaduceusError {
  override readonly name = "TokenRequestError";
  static override readonly kind = "TokenRequestError";
  readonly method: string;
  readonly url: string;
  readonly status: number | undefined;
  readonly oauthError: string | undefined;
  readonly errorDescription: string | undefined;
  readonly errorUri: string | undefined;
  readonly requestId: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly attempts: number;

  constructor(code: ErrorCode, message: string, details: TokenRequestErrorDetails) {
    super(code, message, { cause: details.cause, retryable: details.retryable });
    this.method = details.method;
    this.url = details.url;
    this.status = details.status;
    this.oauthError = details.oauthError;
    this.errorDescription = details.errorDescription;
    this.errorUri = details.errorUri;
    this.requestId = details.requestId;
    this.retryAfterMs = details.retryAfterMs;
    this.attempts = details.attempts;
  }
}

/** True when `value` is a {@link TokenRequestError} from any copy of auth-core. */
export function isTokenRequestError(value: unknown): value is TokenRequestError {
  return value instanceof TokenRequestError;
}
