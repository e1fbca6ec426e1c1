import { CaduceusError } from "./caduceus-error.js";
import { ErrorCode } from "./codes.js";

/** Details of an unusable token response. */
export interface TokenResponseErrorDetails {
  method: string;
  /** Token endpoint URL without its query string. */
  url: string;
  /** HTTP status of the (2xx) answer. */
  status: number;
  /** The response field at fault, e.g. `"access_token"`, `"data.expiresIn"`, `"token_type"`. */
  field?: string;
  /** The vendor's request id when the body or headers carried one. */
  requestId?: string;
  /** A message from the vendor, when a custom exchange supplies one. */
  vendorMessage?: string;
  cause?: unknown;
}

/**
 * The token endpoint answered 2xx, but not with a usable token: HTML instead of JSON, invalid JSON, no
 * token, a token that cannot be sent in a header, a token type other than Bearer, an expiry that is
 * not a number, a body over 1 MiB; or a custom exchange returned such a grant. (A wrapped answer with
 * `success: false` is the vendor saying no: a `TokenRequestError`.) `field` names the response field
 * at fault. Not retryable: the endpoint is misconfigured or the vendor changed its contract.
 *
 * @example
 * ```ts
 * if (isTokenResponseError(err)) alertOps(`token endpoint contract broke at ${err.field}`);
 * ```
 */
export class TokenResponseError extends CaduceusError {
  override readonly name = "TokenResponseError";
  static override readonly kind = "TokenResponseError";
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly field: string | undefined;
  readonly requestId: string | undefined;
  readonly vendorMessage: string | undefined;

  constructor(message: string, details: TokenResponseErrorDetails) {
    super(ErrorCode.TokenResponseInvalid, message, { cause: details.cause, retryable: false });
    this.method = details.method;
    this.url = details.url;
    this.status = details.status;
    this.field = details.field;
    this.requestId = details.requestId;
    this.vendorMessage = details.vendorMessage;
  }
}

/** True when `value` is a {@link TokenResponseError} from any copy of auth-core. */
export function isTokenResponseError(value: unknown): value is TokenResponseError {
  return value instanceof TokenResponseError;
}
