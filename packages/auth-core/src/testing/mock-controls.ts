/** Counters every mock vendor keeps, so tests and the demo can show what crossed the wire. */
export interface MockStats {
  /** Token requests received (valid or not). */
  tokenRequests: number;
  /** API requests received. */
  apiRequests: number;
  /** API requests answered 401 (no, unknown or expired token, or a wrong vendor credential header). */
  unauthorized: number;
}

/**
 * A queued answer for the token endpoint: status, headers and a JSON or text body.
 *
 * @example
 * ```ts
 * const fault: TokenFault = { status: 429, headers: { "retry-after": "2" }, body: { error: "slow_down" } };
 * ```
 */
export interface TokenFault {
  /** HTTP status to answer with, e.g. `429`, `503`, or `400` for a non-retryable failure. */
  status: number;
  /** Response headers, e.g. `{ "retry-after": "1" }`. `content-type` defaults from the body's kind. */
  headers?: Record<string, string>;
  /**
   * The body: a string is sent as is (`text/plain`), anything else as JSON (`application/json`).
   * Default: no body.
   */
  body?: unknown;
}

/**
 * The switches and counters a vendor's `./testing` kit exposes: make the token endpoint answer 429 or
 * 5xx for the next N requests, then recover; count requests. Shared so every mock vendor is driven
 * the same way.
 *
 * @example
 * ```ts
 * const mock = createCandidMock();
 * mock.failTokenRequests(2, { status: 503 }); // two 503s, then tokens again
 * ```
 */
export interface MockControls {
  /** Live counters of what the mock received; mutated in place, zeroed by {@link MockControls.reset}. */
  readonly stats: MockStats;
  /** The next `count` token requests answer `fault` instead of a token. */
  failTokenRequests(count: number, fault: TokenFault): void;
  /** The next queued token fault as a Response, or `undefined` (used inside the kit's handler). */
  takeTokenFault(): Response | undefined;
  /** Clears counters and queued faults. */
  reset(): void;
}

/**
 * Creates the shared {@link MockControls}: counters at zero, no faults queued. A vendor's mock kit
 * calls it once per mock and wires {@link MockControls.takeTokenFault} into its token handler.
 *
 * @example
 * ```ts
 * const controls = createMockControls();
 * http.post(tokenUrl, () => { controls.stats.tokenRequests++; return controls.takeTokenFault() ?? HttpResponse.json(token); });
 * ```
 */
export function createMockControls(): MockControls {
  const stats: MockStats = { tokenRequests: 0, apiRequests: 0, unauthorized: 0 };
  let queue: TokenFault[] = [];
  return {
    stats,
    failTokenRequests(count, fault) {
      for (let i = 0; i < count; i++) queue.push(fault);
    },
    takeTokenFault() {
      const fault = queue.shift();
      if (!fault) return undefined;
      const isText = typeof fault.body === "string";
      const headers = new Headers(fault.headers);
      if (!headers.has("content-type"))
        headers.set("content-type", isText ? "text/plain" : "application/json");
      const body =
        fault.body === undefined ? null : isText ? (fault.body as string) : JSON.stringify(fault.body);
      return new Response(body, { status: fault.status, headers });
    },
    reset() {
      stats.tokenRequests = 0;
      stats.apiRequests = 0;
      stats.unauthorized = 0;
      queue = [];
    },
  };
}
