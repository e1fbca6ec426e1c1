/**
 * What came back from the token endpoint, read up to the size cap.
 *
 * @group Token requests
 */
export interface TokenHttpResponse {
  /** HTTP method of the token request, for error messages (`"POST"`). */
  method: string;
  /** The token endpoint that answered; errors report it without query string. */
  url: string;
  /** HTTP status of the answer; a 3xx is reported as a redirect (token requests never follow one). */
  status: number;
  /** Response headers: `content-type`, `Retry-After` / `retry-after-ms`, request-id headers are read. */
  headers: Headers;
  /** The body as text (UTF-8 decoded), `""` when there was none or it was over the 1 MiB cap. */
  bodyText: string;
  /** Epoch ms when the answer arrived, for HTTP-date Retry-After. */
  receivedAt: number;
  /** How many requests were sent so far, this one included. */
  attempts: number;
}
