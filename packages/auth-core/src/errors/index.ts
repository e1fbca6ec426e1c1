export { AbortError, isAbortError } from "./abort-error.js";
export { AuthConfigError, isAuthConfigError } from "./auth-config-error.js";
export { CaduceusError, type CaduceusErrorOptions, isCaduceusError } from "./caduceus-error.js";
export { ErrorCode } from "./codes.js";
export { TimeoutError, isTimeoutError } from "./timeout-error.js";
export { TokenRequestError, type TokenRequestErrorDetails, isTokenRequestError } from "./token-request-error.js";
export { TokenResponseError, type TokenResponseErrorDetails, isTokenResponseError } from "./token-response-error.js";
