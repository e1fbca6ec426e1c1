import type { Deadline } from "../deadline.js";

/** What the middleware hands to the fetch wrapper for one API call. */
export interface CallContext {
  /** The call's one deadline, started before the token was acquired. */
  deadline: Deadline;
  /** The access token attached to the request (to drop exactly it after a 401). */
  token: string;
}

/**
 * Keyed by the Request object openapi-fetch passes on to fetch. A WeakMap, so a request that never
 * reaches fetch (a later middleware answered it) leaves nothing behind.
 */
export const callContexts = new WeakMap<Request, CallContext>();
