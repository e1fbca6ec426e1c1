export { AbortError, isAbortError } from "./abort-error.js";
export { AuthConfigError, isAuthConfigError } from "./auth-config-error.js";
export { CaduceusError, type CaduceusErrorOptions, isCaduceusError } from "./caduceus-error.js";
export { ErrorCode } from "./codes.js";
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
