import type { CaduceusError } from "./caduceus-error.js";
import { ErrorCode } from "./codes.js";
import { RequestError, type RequestErrorDetails } from "./request-error.js";

/** Details of an unusable token response. */
export interface TokenResponseErrorDetails extends RequestErrorDetails {
  /** HTTP status of the (2xx) answer. */
  status: number;
  /** The response field at fault, e.g. `"access_token"`, `"data.expiresIn"`, `"token_type"`. */
  field?: string;
  /** The vendor's request id when the body or headers carried one. */
  requestId?: string;
  /** A message from the vendor, when a custom exchange supplies one. */
  vendorMessage?: string;
  /** The underlying error (e.g. the JSON `SyntaxError`), already scrubbed of secrets. */
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
export class TokenResponseError extends RequestError {
  /** Always `"TokenResponseError"`. */
  override readonly name = "TokenResponseError";
  static override readonly kind = "TokenResponseError";
  /** HTTP status of the answer: always 2xx (error statuses are a `TokenRequestError`). */
  declare readonly status: number;
  /**
   * The response field at fault as the vendor names it, e.g. `"access_token"`, `"token_type"`,
   * `"data.expiresIn"` (for a custom exchange, the `TokenGrant` field, e.g. `"accessToken"`);
   * `undefined` when the body as a whole is unusable (not JSON, HTML, over 1 MiB).
   */
  declare readonly field: string | undefined;
  /** The vendor's request id, from a response header or the body, for a support ticket; else `undefined`. */
  declare readonly requestId: string | undefined;
  /** A message from the vendor, when a custom exchange supplied one (scrubbed); else `undefined`. */
  declare readonly vendorMessage: string | undefined;

  constructor(message: string, details: TokenResponseErrorDetails) {
    super(ErrorCode.TokenResponseInvalid, message, details, { cause: details.cause, retryable: false }, [
      "status",
      "field",
      "requestId",
      "vendorMessage",
    ] satisfies ReadonlyArray<keyof TokenResponseErrorDetails>);
  }
}

/**
 * True when `value` is a {@link TokenResponseError} from any copy of auth-core (works across duplicate
 * installs, unlike a check on the class object; see {@link CaduceusError}). Never throws.
 *
 * @example
 * ```ts
 * if (isTokenResponseError(err)) alertOps(`token answer unusable at ${err.field ?? "body"}`);
 * ```
 */
export function isTokenResponseError(value: unknown): value is TokenResponseError {
  return value instanceof TokenResponseError;
}
