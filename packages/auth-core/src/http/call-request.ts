import { CALL_RETRY_OPTIONS, type CallRetryOptions } from "./api-retry.js";
import { type Route, routeRawUrl } from "./routes.js";

/** Set on a request built without a caller's `signal`: its own signal can never abort. */
const WITHOUT_CALLER_SIGNAL = Symbol("caduceus.withoutCallerSignal");
/** Set on a request whose URL the client's routes were applied to when it was built. */
const ROUTED = Symbol("caduceus.routed");

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
export function callRequestClass(routes?: readonly Route[]): typeof Request {
  const subclass = callRequestFor(globalThis.Request);
  return routes?.length ? routedRequestClass(subclass, routes) : subclass;
}

function callRequestFor(base: typeof Request): typeof Request {
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

/**
 * The Request class of a client with routes: the URL openapi-fetch builds is routed before the request
 * is made, so a routed call costs one Request, not a second one (with its signal follower) made by the
 * middleware. The middleware still routes a request built otherwise (a caller's own `Request` option).
 */
function routedRequestClass(subclass: typeof Request, routes: readonly Route[]): typeof Request {
  return class RoutedCallRequest extends subclass {
    constructor(input: RequestInfo | URL, init?: RequestInit) {
      const raw = typeof input === "string" ? input : input instanceof URL ? input.href : undefined;
      super(raw === undefined ? input : (routeRawUrl(raw, routes) ?? raw), init);
      if (raw !== undefined) (this as unknown as Record<symbol, boolean>)[ROUTED] = true;
    }
  };
}

/** Whether the client's routes were applied to `request` when it was built. */
export function wasRouted(request: Request): boolean {
  return (request as unknown as Record<symbol, boolean | undefined>)[ROUTED] === true;
}

/** Whether `request` was built by {@link callRequestClass} without a caller's signal. */
export function hasNoCallerSignal(request: Request): boolean {
  return (request as unknown as Record<symbol, boolean | undefined>)[WITHOUT_CALLER_SIGNAL] === true;
}

/** The retry settings a call gave with `retryOptions`, if any. */
export function callRetryOptionsOf(request: Request): CallRetryOptions | undefined {
  return (request as { [CALL_RETRY_OPTIONS]?: CallRetryOptions })[CALL_RETRY_OPTIONS];
}
