/**
 * What every vendor package re-exports whole to its users: `@caduceus/auth-core/vendor-exports`.
 * The error classes, guards and codes (also at `@caduceus/auth-core/errors`), the per-call retry
 * options ({@link retryOptions}) and {@link HINT_HEADER}, the header on a refused call that names the
 * option to check. One list here, so a name added for users reaches every vendor package at once.
 *
 * @module
 */
export * from "../errors/index.js";
export {
  CALL_RETRY_OPTIONS,
  type CallRetryOptions,
  type RetryOptionsCarrier,
  retryOptions,
} from "../http/api-retry.js";
export { HINT_HEADER } from "../http/auth-fetch.js";
