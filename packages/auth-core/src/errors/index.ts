/**
 * The error classes, their guards and codes: `@caduceus/auth-core/errors`. Vendor packages re-export
 * this subpath whole, so users catch the same classes whichever package they import them from.
 */
export { AbortError, isAbortError } from "./abort-error.js";
export { AuthConfigError, isAuthConfigError } from "./auth-config-error.js";
export { CaduceusError, type CaduceusErrorOptions, isCaduceusError } from "./caduceus-error.js";
export { ErrorCode } from "./codes.js";
export { InterruptedCallError } from "./interrupted-call-error.js";
export { isNetworkError, NetworkError, type TransportErrorDetails } from "./network-error.js";
export { isPageRequestError, PageRequestError, type PageRequestErrorDetails } from "./page-request-error.js";
export { RequestError, type RequestErrorDetails } from "./request-error.js";
export { isTimeoutError, TimeoutError } from "./timeout-error.js";
export {
  isTokenRequestError,
  TokenRequestError,
  type TokenRequestErrorDetails,
} from "./token-request-error.js";
export {
  isTokenResponseError,
  TokenResponseError,
  type TokenResponseErrorDetails,
} from "./token-response-error.js";
