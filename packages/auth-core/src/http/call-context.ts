/** What the middleware hands to the fetch wrapper for one API call. */
export interface CallContext {
  /** The access token attached to the request (to drop exactly it after a 401). */
  token: string;
  /** The `Authorization` value set, to tell whether a later middleware replaced it. */
  authorization: string;
  /** Epoch ms when the call's time limit started (before the token was acquired). */
  startedAt: number;
}

/**
 * Where the context rides: a symbol-keyed property of the Request object openapi-fetch passes on to
 * fetch, so a request that never reaches fetch (a later middleware answered it) takes it along to the
 * garbage collector. Not a WeakMap: one entry per call made every collection do extra work.
 */
const CONTEXT = Symbol("caduceus.callContext");

/** Attaches `context` to `request`. */
export function setCallContext(request: Request, context: CallContext): void {
  (request as Request & { [CONTEXT]?: CallContext })[CONTEXT] = context;
}

/** Takes the context off `request` (once: a second fetch of the same Request is not our call). */
export function takeCallContext(request: Request): CallContext | undefined {
  const carrier = request as Request & { [CONTEXT]?: CallContext };
  const context = carrier[CONTEXT];
  if (context) carrier[CONTEXT] = undefined;
  return context;
}
