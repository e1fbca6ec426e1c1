import { CALL_RETRY_OPTIONS, type CallRetryOptions } from "./api-retry.js";

/** Set on a request built without a caller's `signal`: its own signal can never abort. */
const WITHOUT_CALLER_SIGNAL = Symbol("caduceus.withoutCallerSignal");

/**
 * The subclass made for the current `Request` global. Deliberately per copy of auth-core, not in the
 * process state: it is derived code, and {@link hasNoCallerSignal} reads a symbol private to this copy.
 */
let made: { base: typeof Request; subclass: typeof Request } | undefined;

/**
 * The `Request` class a client hands openapi-fetch (its `Request` option), which builds every call's
 * request with it. The same as the global one, except that it notes when the caller passed no
 * `signal`: the fetch wrapper then has no caller to listen to, and skips one `abort` listener per call
 * (adding and removing listeners on an `AbortSignal` is a measurable part of a call in Node 20).
 * Made on first use from the `Request` global of that moment (a polyfill installed after import counts).
 */
export function callRequestClass(): typeof Request {
  const base = globalThis.Request;
  if (made?.base === base) return made.subclass;
  class CallRequest extends base {
    // openapi-fetch checks what a middleware returns with `instanceof` its Request class: any Request
    // a middleware builds (the global one, as users write) must still pass.
    static override [Symbol.hasInstance](value: unknown): boolean {
      return value instanceof base;
    }

    constructor(input: RequestInfo | URL, init?: RequestInit) {
      super(input, init);
      // A Request given as input brings its own signal along: only plain inputs without one qualify.
      if (init?.signal == null && !(input instanceof base)) {
        (this as unknown as Record<symbol, boolean>)[WITHOUT_CALLER_SIGNAL] = true;
      }
      // A call's `retryOptions(...)` arrive in the init openapi-fetch builds (it spreads the caller's
      // options into it), or on a Request a middleware rebuilt from ours.
      const retry =
        (init as { [CALL_RETRY_OPTIONS]?: CallRetryOptions } | undefined)?.[CALL_RETRY_OPTIONS] ??
        (input as { [CALL_RETRY_OPTIONS]?: CallRetryOptions })[CALL_RETRY_OPTIONS];
      if (retry !== undefined)
        (this as { [CALL_RETRY_OPTIONS]?: CallRetryOptions })[CALL_RETRY_OPTIONS] = retry;
    }
  }
  made = { base, subclass: CallRequest };
  return CallRequest;
}

/** Whether `request` was built by {@link callRequestClass} without a caller's signal. */
export function hasNoCallerSignal(request: Request): boolean {
  return (request as unknown as Record<symbol, boolean | undefined>)[WITHOUT_CALLER_SIGNAL] === true;
}

/** The retry settings a call gave with `retryOptions`, if any. */
export function callRetryOptionsOf(request: Request): CallRetryOptions | undefined {
  return (request as { [CALL_RETRY_OPTIONS]?: CallRetryOptions })[CALL_RETRY_OPTIONS];
}
