import { AbortError } from "../errors/abort-error.js";
import type { TransportErrorDetails } from "../errors/network-error.js";
import { TimeoutError } from "../errors/timeout-error.js";

/**
 * Names the API call on a `TimeoutError` or `AbortError` that ended it (method, URL without query or
 * credentials, attempts sent), as a `NetworkError` does, so every transport failure of a call can be
 * logged the same way. Other errors, and errors already naming a call, are returned untouched.
 */
export function withCallDetails<E>(error: E, details: () => TransportErrorDetails): E {
  if ((error instanceof TimeoutError || error instanceof AbortError) && error.method === undefined) {
    const { method, url, attempts } = details();
    error.method = method;
    error.url = url;
    error.attempts = attempts;
  }
  return error;
}
