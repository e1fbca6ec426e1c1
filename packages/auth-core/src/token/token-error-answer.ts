import { TOKEN_REQUEST_FAILED, TOKEN_REQUEST_RATE_LIMITED } from "../errors/codes.js";
import { TokenRequestError } from "../errors/token-request-error.js";
import { readPath } from "../json-path.js";
import { type Redactor, safeUrl } from "../redact.js";
import type { TokenPreset } from "./preset.js";
import { isRetryableStatus, parseRetryAfter } from "./retry-policy.js";
import type { TokenHttpResponse } from "./token-http-response.js";

/**
 * Turning a token endpoint's error answer into a {@link TokenRequestError}. Error bodies may echo what
 * was sent (secrets included), so only allowlisted paths are read, each cut and scrubbed.
 */

/** Error-body strings are cut to this length: enough for a message, not for an echoed payload. */
const MAX_ERROR_TEXT = 300;
const DEFAULT_REQUEST_ID_HEADERS = ["x-request-id", "request-id", "x-amzn-requestid", "x-correlation-id"];

/** Only allowlisted, cut, scrubbed strings from an error body ever reach an error. */
function pick(body: unknown, paths: string[], redactor: Redactor): string | undefined {
  const found: string[] = [];
  for (const path of paths) {
    const value = readPath(body, path);
    if ((typeof value === "string" && value.length > 0) || typeof value === "number") {
      const text = redactor.scrub(String(value)).slice(0, MAX_ERROR_TEXT);
      if (!found.includes(text)) found.push(text);
    }
  }
  return found.length > 0 ? found.join(": ") : undefined;
}

export function requestIdOf(
  preset: TokenPreset,
  headers: Headers,
  body: unknown,
  redactor: Redactor,
): string | undefined {
  for (const name of preset.requestIdHeaders ?? DEFAULT_REQUEST_ID_HEADERS) {
    const value = headers.get(name);
    if (value) return redactor.scrub(value).slice(0, 200);
  }
  return pick(body, preset.errorBody?.requestIdPaths ?? ["requestId", "request_id"], redactor);
}

export function errorFromAnswer(
  preset: TokenPreset,
  res: TokenHttpResponse,
  body: unknown,
  redactor: Redactor,
  status: number,
  note = "",
): TokenRequestError {
  const url = safeUrl(res.url);
  const oauthError = pick(body, preset.errorBody?.codePaths ?? ["error", "errorName"], redactor);
  const errorDescription = pick(
    body,
    preset.errorBody?.messagePaths ?? ["error_description", "message"],
    redactor,
  );
  const errorUri = pick(body, ["error_uri"], redactor);
  const requestId = requestIdOf(preset, res.headers, body, redactor);
  const retryAfterMs = parseRetryAfter(res.headers, res.receivedAt);
  const rateLimited = status === 429;
  const parts = [oauthError, errorDescription].filter(Boolean).join(": ");
  const head =
    `${preset.vendor} token endpoint ${res.method} ${url} answered ${status}${note}` +
    (parts ? `: ${parts}` : "") +
    (requestId ? ` (request id ${requestId})` : "");
  // A vendor message often ends a sentence itself ("Client authentication failed."): no second stop.
  const message = rateLimited
    ? `${head}; tokens are minted too often, reuse them (they are cached per credential identity).`
    : /[.!?]$/.test(head)
      ? head
      : `${head}.`;
  return new TokenRequestError(rateLimited ? TOKEN_REQUEST_RATE_LIMITED : TOKEN_REQUEST_FAILED, message, {
    method: res.method,
    url,
    status,
    oauthError,
    errorDescription,
    errorUri,
    requestId,
    retryAfterMs,
    attempts: res.attempts,
    retryable: isRetryableStatus(status),
  });
}
