/**
 * What a scheduled fault answers: `"json"` (the default for a non-string body), `"text"` (the default
 * for a string body), `"html"` (an HTML error page, as proxies answer), `"malformed-json"` (a
 * `Content-Type: application/json` body that does not parse) or `"reset"` (no answer: the connection
 * fails, as a network error under msw and a destroyed socket over loopback).
 */
export type FaultShape = "json" | "text" | "html" | "malformed-json" | "reset";

/**
 * A scheduled answer a mock gives instead of its normal one: a status with headers and a body, an HTML
 * page, a body that is not JSON, a reset, each optionally after a delay.
 *
 * @example
 * ```ts
 * const fault: MockFault = { status: 429, retryAfterSeconds: 2, body: { error: "slow_down" } };
 * const reset: MockFault = { shape: "reset", delayMs: 50 };
 * ```
 */
export interface MockFault {
  /** HTTP status to answer with, e.g. `429`, `503`, or `400` for a non-retryable failure. Default 503. */
  status?: number;
  /** Response headers, e.g. `{ "retry-after": "1" }`. `content-type` defaults from the shape when there is a body. */
  headers?: Record<string, string>;
  /** Sets `Retry-After` in seconds (RFC 9110 §10.2.3), as 429 and 503 answers carry it. */
  retryAfterSeconds?: number;
  /**
   * The body: a string is sent as is, anything else as JSON. Default: no body (an HTML page for
   * `shape: "html"`, a truncated object for `"malformed-json"`).
   */
  body?: unknown;
  /** What the answer looks like. Default `"text"` for a string `body`, `"json"` otherwise. */
  shape?: FaultShape;
  /** Waits this long on the mock's clock before answering (or resetting). Default 0. */
  delayMs?: number;
}

/** A queued answer for the token endpoint; the same as {@link MockFault}. */
export type TokenFault = MockFault;

const CONTENT_TYPES: Record<Exclude<FaultShape, "reset">, string> = {
  json: "application/json",
  text: "text/plain",
  html: "text/html; charset=utf-8",
  "malformed-json": "application/json",
};

/**
 * The Response a fault answers with; `Response.error()` for a reset (msw turns it into a network
 * error, the loopback server into a destroyed socket).
 *
 * @example
 * ```ts
 * faultResponse({ status: 429, retryAfterSeconds: 1 }).headers.get("retry-after"); // "1"
 * ```
 */
export function faultResponse(fault: MockFault): Response {
  const shape = fault.shape ?? (typeof fault.body === "string" ? "text" : "json");
  if (shape === "reset") return Response.error();
  const status = fault.status ?? 503;
  const headers = new Headers(fault.headers);
  const body = bodyOf(shape, status, fault.body);
  // A status-only fault stays bare, as vendors that document no error body answer.
  if (body !== null && !headers.has("content-type")) headers.set("content-type", CONTENT_TYPES[shape]);
  if (fault.retryAfterSeconds !== undefined) headers.set("retry-after", String(fault.retryAfterSeconds));
  return new Response(body, { status, headers });
}

function bodyOf(shape: Exclude<FaultShape, "reset">, status: number, body: unknown): string | null {
  if (body !== undefined) return typeof body === "string" ? body : JSON.stringify(body);
  if (shape === "html") return `<html><body><h1>${status} Service Unavailable</h1></body></html>`;
  if (shape === "malformed-json") return '{"access_token": "tru';
  return null;
}
