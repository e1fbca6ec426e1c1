import type { BasicCredentials, BodyEncoding } from "./request-body.js";

/**
 * One request as a mock vendor received it, token and API requests alike. The same type in every
 * vendor's kit, so tests read records the same way whichever vendor they mock.
 */
export interface MockRequestRecord {
  /** HTTP method, upper-case as received. */
  method: string;
  /** Absolute URL, query string included. */
  url: string;
  /** Every header, names lower-case (so `ProjectId` is recorded as `projectid`). */
  headers: Record<string, string>;
  /** The raw body of a token request; `""` for API requests, whose bodies the handlers read. */
  body: string;
  /** How a token request's body was encoded (by its `Content-Type`); `"other"` for API requests. */
  encoding: BodyEncoding;
  /** The token request's JSON or form fields; `{}` when there are none (and for API requests). */
  fields: Record<string, unknown>;
  /** Client id and secret from an HTTP Basic `Authorization` header, when one decodes. */
  basic?: BasicCredentials;
  /** The mock tenant (see `MockTenants`) a token request presents, or whose token an API call carries. */
  tenant?: string;
  /** The subject of the accepted bearer token of an API request (a client id, a clinic, a user…). */
  subject?: string;
}

/** A record of `request` with no body read yet (API requests keep theirs for the handlers). */
export function recordOf(request: Request): MockRequestRecord {
  return {
    method: request.method,
    url: request.url,
    headers: Object.fromEntries(request.headers),
    body: "",
    encoding: "other",
    fields: {},
  };
}
