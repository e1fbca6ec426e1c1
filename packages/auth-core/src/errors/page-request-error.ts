import { CaduceusError } from "./caduceus-error.js";
import { PAGE_REQUEST_FAILED } from "./codes.js";

/** What a {@link PageRequestError} knows about the page that failed. */
export interface PageRequestErrorDetails<ErrorBody> {
  /** The HTTP status of the page's answer (a 2xx when the answer was not a page at all). */
  status: number;
  /** The answer's body as openapi-fetch parsed it, typed by the operation's error responses. */
  error: ErrorBody;
  /** The answer itself (its body already read). */
  response: Response;
  /** Which page failed, counting from 0. */
  pageIndex: number;
}

/**
 * A page of a paginated listing could not be read: the API answered an error status (the typed body is in
 * {@link PageRequestError.error}), or a 2xx answer without the page's items. Thrown by the iterators of
 * `createTokenPaginator`; the pages before it were already yielded. Retryable when the status is 408,
 * 429 or 5xx (the API call itself was already retried by the client).
 *
 * @example
 * ```ts
 * const encounters = paginate(candid, "/api/encounters/v4");
 * try { for await (const encounter of encounters) use(encounter); }
 * catch (err) { if (encounters.isError(err)) console.log(err.status, err.error); }
 * ```
 */
export class PageRequestError<ErrorBody = unknown> extends CaduceusError {
  /** Always `"PageRequestError"`. */
  override readonly name = "PageRequestError";
  static override readonly kind = "PageRequestError";
  /** HTTP status of the failed page. */
  readonly status: number;
  /** The error body, typed by the operation's error responses (`undefined` for a malformed 2xx page). */
  readonly error: ErrorBody;
  /** Which page failed, counting from 0. */
  readonly pageIndex: number;
  /** The failed answer; not serialised by `toJSON`. */
  declare readonly response: Response;

  constructor(message: string, details: PageRequestErrorDetails<ErrorBody>) {
    const retryable = details.status === 408 || details.status === 429 || details.status >= 500;
    super(PAGE_REQUEST_FAILED, message, { retryable });
    this.status = details.status;
    this.error = details.error;
    this.pageIndex = details.pageIndex;
    // Not enumerable: a Response in JSON.stringify or inspect output is noise.
    Object.defineProperty(this, "response", { value: details.response, enumerable: false });
  }
}

/**
 * True when `value` is a {@link PageRequestError} from any copy of auth-core. Never throws. For the error
 * body typed by the operation, use the `isError` method of the listing being iterated instead.
 *
 * @example
 * ```ts
 * if (isPageRequestError(err) && err.retryable) retryLater();
 * ```
 */
export function isPageRequestError(value: unknown): value is PageRequestError {
  return value instanceof PageRequestError;
}
