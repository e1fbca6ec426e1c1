/**
 * The codes one by one, for the package's own modules: a bundle then holds the codes its code can
 * raise, not the whole {@link ErrorCode} object (which is for users, and bundled when they import it).
 */
export const AUTH_CONFIG = "CADUCEUS_AUTH_CONFIG";
export const TOKEN_REQUEST_FAILED = "CADUCEUS_TOKEN_REQUEST_FAILED";
export const TOKEN_REQUEST_RATE_LIMITED = "CADUCEUS_TOKEN_REQUEST_RATE_LIMITED";
export const TOKEN_REQUEST_NETWORK = "CADUCEUS_TOKEN_REQUEST_NETWORK";
export const TOKEN_REQUEST_REDIRECTED = "CADUCEUS_TOKEN_REQUEST_REDIRECTED";
export const TOKEN_RESPONSE_INVALID = "CADUCEUS_TOKEN_RESPONSE_INVALID";
export const NETWORK = "CADUCEUS_NETWORK";
export const TIMEOUT = "CADUCEUS_TIMEOUT";
export const ABORTED = "CADUCEUS_ABORTED";
export const PAGE_REQUEST_FAILED = "CADUCEUS_PAGE_REQUEST_FAILED";

/**
 * Stable error codes. Branch on `error.code`, never on message text: messages may be reworded in any
 * release, codes only change in a major one.
 *
 * @example
 * ```ts
 * if (isCaduceusError(err) && err.code === ErrorCode.TokenRequestRateLimited) scheduleLater(err.retryAfterMs);
 * ```
 */
export const ErrorCode = {
  /** An option given to a factory is missing, malformed or unsafe. */
  AuthConfig: AUTH_CONFIG,
  /**
   * The token endpoint answered with an error: an error status (4xx other than 429, or 5xx after
   * retries), or an envelope saying `success: false` even inside HTTP 200.
   */
  TokenRequestFailed: TOKEN_REQUEST_FAILED,
  /** The token endpoint answered 429 (after retries, or at once when Retry-After asks for over a minute). */
  TokenRequestRateLimited: TOKEN_REQUEST_RATE_LIMITED,
  /** The token endpoint could not be reached (connection refused, reset, DNS). */
  TokenRequestNetwork: TOKEN_REQUEST_NETWORK,
  /** The token endpoint answered with a redirect; token requests never follow redirects. */
  TokenRequestRedirected: TOKEN_REQUEST_REDIRECTED,
  /** A 2xx answer that is not a usable token (not JSON, HTML, over 1 MiB, no token, bad token type or expiry). */
  TokenResponseInvalid: TOKEN_RESPONSE_INVALID,
  /**
   * An API call could not reach the server (connection refused or reset, DNS, TLS) after the retries
   * its method allows.
   */
  Network: NETWORK,
  /** The call did not finish within `timeoutMs`. */
  Timeout: TIMEOUT,
  /** The caller's `AbortSignal` fired. */
  Aborted: ABORTED,
  /** A page of a paginated listing answered an error status or was not a page (`PageRequestError`). */
  PageRequestFailed: PAGE_REQUEST_FAILED,
} as const;

/** One of the {@link ErrorCode} values. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
