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
 * Keyed by the Request object openapi-fetch passes on to fetch. A WeakMap, so a request that never
 * reaches fetch (a later middleware answered it) leaves nothing behind.
 */
export const callContexts = new WeakMap<Request, CallContext>();
