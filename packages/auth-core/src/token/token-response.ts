import { ErrorCode } from "../errors/codes.js";
import { TokenRequestError } from "../errors/token-request-error.js";
import { TokenResponseError } from "../errors/token-response-error.js";
import { readPath } from "../json-path.js";
import type { TokenPreset } from "../preset.js";
import { type Redactor, safeUrl } from "../redact.js";
import type { TokenGrant } from "./exchange.js";
import { isRetryableStatus, parseRetryAfter } from "./retry-policy.js";

/** What came back from the token endpoint, read up to the size cap. */
export interface TokenHttpResponse {
  method: string;
  url: string;
  status: number;
  headers: Headers;
  bodyText: string;
  /** Epoch ms when the answer arrived, for HTTP-date Retry-After. */
  receivedAt: number;
  /** How many requests were sent so far, this one included. */
  attempts: number;
}

/** Longest a token may be said to live before the value counts as absurd (10 years). */
const ABSURD_EXPIRES_IN_SECONDS = 10 * 365 * 24 * 3600;
/** Error-body strings are cut to this length: enough for a message, not for an echoed payload. */
const MAX_ERROR_TEXT = 300;
// RFC 6750 §2.1 b64token allows no control characters; neither do HTTP header values.
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
const DEFAULT_REQUEST_ID_HEADERS = ["x-request-id", "request-id", "x-amzn-requestid", "x-correlation-id"];

/**
 * Interprets a token endpoint's answer: a usable {@link TokenGrant}, or a typed error. Pure: no I/O,
 * no clock, so every vendor shape is unit-testable (the oauth4webapi split of "send" and "validate").
 *
 * @throws TokenRequestError for error statuses, redirects and `success:false` envelopes.
 * @throws TokenResponseError for 2xx answers that are not a usable token.
 */
export function interpretTokenResponse(
  preset: TokenPreset,
  res: TokenHttpResponse,
  redactor: Redactor,
): TokenGrant {
  const url = safeUrl(res.url);
  const where = `${res.method} ${url}`;
  if (res.status >= 300 && res.status < 400) {
    throw new TokenRequestError(
      ErrorCode.TokenRequestRedirected,
      `${preset.vendor} token endpoint ${where} answered ${res.status} with a redirect; token requests never follow redirects, so check the tokenUrl option.`,
      { method: res.method, url, status: res.status, attempts: res.attempts, retryable: false },
    );
  }
  const body = parseJson(res.bodyText);
  if (res.status < 200 || res.status >= 300) throw errorFromAnswer(preset, res, body, redactor, res.status);

  const fail = (field: string | undefined, problem: string): never => {
    throw new TokenResponseError(
      `${preset.vendor} token endpoint ${where} answered ${res.status} but ${problem}.`,
      {
        method: res.method,
        url,
        status: res.status,
        field,
        requestId: requestIdOf(preset, res.headers, body, redactor),
      },
    );
  };
  const contentType = res.headers.get("content-type") ?? "";
  if (/html/i.test(contentType) || /^\s*</.test(res.bodyText)) fail(undefined, "the body is HTML, not JSON");
  if (body === undefined) fail(undefined, "the body is not valid JSON");
  if (typeof body !== "object" || body === null || Array.isArray(body))
    fail(undefined, "the body is not a JSON object");

  const shape = preset.response ?? {};
  if (shape.successPath !== undefined && readPath(body, shape.successPath) !== true) {
    const envelopeStatus = readPath(body, "statusCode");
    const status =
      typeof envelopeStatus === "number" && envelopeStatus >= 400 && envelopeStatus < 600
        ? envelopeStatus
        : res.status;
    throw errorFromAnswer(preset, res, body, redactor, status, ` (${shape.successPath} is not true)`);
  }
  const data = shape.dataPath === undefined ? body : readPath(body, shape.dataPath);
  const prefix = shape.dataPath === undefined ? "" : `${shape.dataPath}.`;
  if (typeof data !== "object" || data === null || Array.isArray(data))
    fail(shape.dataPath, `${shape.dataPath} is not an object`);
  const record = data as Record<string, unknown>;
  const names = {
    accessToken: shape.fields?.accessToken ?? "access_token",
    tokenType: shape.fields?.tokenType ?? "token_type",
    expiresIn: shape.fields?.expiresIn ?? "expires_in",
    scope: shape.fields?.scope ?? "scope",
    refreshToken: shape.fields?.refreshToken ?? "refresh_token",
  };

  const accessToken = record[names.accessToken];
  if (typeof accessToken !== "string" || accessToken.length === 0) {
    fail(prefix + names.accessToken, `${prefix + names.accessToken} is missing or not a non-empty string`);
  }
  if (CONTROL_CHARS.test(accessToken as string)) {
    fail(prefix + names.accessToken, `${prefix + names.accessToken} contains control characters`);
  }
  const tokenType = record[names.tokenType];
  if (
    tokenType !== undefined &&
    tokenType !== null &&
    (typeof tokenType !== "string" || tokenType.toLowerCase() !== "bearer")
  ) {
    fail(
      prefix + names.tokenType,
      `${prefix + names.tokenType} is ${JSON.stringify(redactor.scrub(String(tokenType)).slice(0, 40))}, not Bearer`,
    );
  }
  const expires = readExpiresIn(record[names.expiresIn]);
  if (expires === "invalid")
    fail(prefix + names.expiresIn, `${prefix + names.expiresIn} is not a number of seconds`);

  const grant: TokenGrant = { accessToken: accessToken as string, tokenType: "Bearer" };
  if (typeof expires === "number") grant.expiresInSeconds = expires;
  const scope = readScope(record[names.scope]);
  if (scope) grant.scope = scope;
  const refreshToken = record[names.refreshToken];
  if (typeof refreshToken === "string" && refreshToken.length > 0 && !CONTROL_CHARS.test(refreshToken)) {
    grant.refreshToken = refreshToken;
  }
  return grant;
}

/**
 * A number or numeric string of seconds. 0, negative, NaN and absurd values count as "not reported"
 * (`undefined`); a value of another kind (an object, `"soon"`) is `"invalid"`.
 */
function readExpiresIn(value: unknown): number | undefined | "invalid" {
  if (value === undefined || value === null) return undefined;
  let seconds: number;
  if (typeof value === "number") seconds = value;
  else if (typeof value === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) seconds = Number(value);
  else if (typeof value === "string" && value.trim().toLowerCase() === "nan") return undefined;
  else return "invalid";
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > ABSURD_EXPIRES_IN_SECONDS) return undefined;
  return seconds;
}

function readScope(value: unknown): string[] | undefined {
  if (typeof value === "string") return value.split(" ").filter(Boolean);
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value as string[];
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return text.length === 0 ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

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

function requestIdOf(
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

function errorFromAnswer(
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
  const message =
    `${preset.vendor} token endpoint ${res.method} ${url} answered ${status}${note}` +
    (parts ? `: ${parts}` : "") +
    (requestId ? ` (request id ${requestId})` : "") +
    (rateLimited
      ? "; tokens are minted too often, reuse them (they are cached per credential identity)."
      : ".");
  return new TokenRequestError(
    rateLimited ? ErrorCode.TokenRequestRateLimited : ErrorCode.TokenRequestFailed,
    message,
    {
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
    },
  );
}
