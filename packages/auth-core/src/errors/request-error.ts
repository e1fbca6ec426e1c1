import { CaduceusError, type CaduceusErrorOptions } from "./caduceus-error.js";
import type { ErrorCode } from "./codes.js";

/** Which HTTP request an error is about. */
export interface RequestErrorDetails {
  /** The request's method: e.g. `"GET"` for an API call, `"POST"` for the built-in token exchange. */
  method: string;
  /** The request's URL without query string, fragment or userinfo (they may carry secrets). */
  url: string;
}

/**
 * Base of the errors about one HTTP request that failed or was answered unusably: a
 * {@link NetworkError} (an API call that reached no server), a {@link TokenRequestError} (the token
 * endpoint refused or could not be reached) and a {@link TokenResponseError} (its 2xx answer held no
 * usable token). Carries which request: its `method` and `url`. `instanceof RequestError` is true
 * for those three kinds from any copy of auth-core; branch on the subclass guards or `code` for more.
 *
 * @example
 * ```ts
 * try { await client.GET("/v1/things"); }
 * catch (err) { if (err instanceof RequestError) log.warn(err.code, err.method, err.url); }
 * ```
 */
export class RequestError extends CaduceusError {
  /** `"RequestError"` on an instance of this base itself; each subclass has its own literal. */
  override readonly name: string = "RequestError";
  static override readonly kind: string = "RequestError";
  static override readonly kinds: readonly string[] = [
    "NetworkError",
    "TokenRequestError",
    "TokenResponseError",
  ];
  /** The request's method: e.g. `"GET"` for an API call, `"POST"` for the built-in token exchange. */
  readonly method: string;
  /** The request's URL without query string, fragment or userinfo (they may carry secrets). */
  readonly url: string;

  /**
   * `fields`: the subclass's own detail fields, copied from `request` after `method` and `url`, each
   * an own enumerable property even when `undefined` (as a declared field would be). Subclasses
   * `declare` those fields, so that a field initializer does not overwrite the copy.
   */
  constructor(
    code: ErrorCode,
    message: string,
    request: RequestErrorDetails,
    options: CaduceusErrorOptions,
    fields: readonly string[] = [],
  ) {
    super(code, message, options);
    this.method = request.method;
    this.url = request.url;
    for (const field of fields)
      (this as unknown as Record<string, unknown>)[field] = (request as unknown as Record<string, unknown>)[
        field
      ];
  }
}
