/** One request as it left a client: what two clients must agree on for the same logical call. */
export interface SentRequest {
  method: string;
  /** `https://api.joincandidhealth.com`, … */
  origin: string;
  path: string;
  /** Every query pair as sent, sorted by name (a repeated parameter is several pairs). */
  query: [string, string][];
  /** The parsed JSON body; `undefined` without one. */
  body: unknown;
}

/**
 * A fetch that passes each request on to the global fetch (looked up at call time, so msw intercepts
 * it) and reports it, with the answer, to `record`. Token requests are reported too: the caller filters.
 */
export function recordingFetch(record: (sent: SentRequest, response: Response) => void): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const text = await request.clone().text();
    const response = await globalThis.fetch(request);
    record(
      {
        method: request.method,
        origin: url.origin,
        path: url.pathname,
        query: [...url.searchParams.entries()].sort(([a], [b]) => a.localeCompare(b)),
        body: text === "" ? undefined : JSON.parse(text),
      },
      response.clone(),
    );
    return response;
  };
}
