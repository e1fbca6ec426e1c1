import { ErrorCode } from "../errors/codes.js";
import { TokenRequestError } from "../errors/token-request-error.js";
import { TokenResponseError } from "../errors/token-response-error.js";
import { readPath } from "../json-path.js";
import { type Redactor, safeUrl } from "../redact.js";
import type { TokenGrant } from "./exchange.js";
import type { TokenPreset, TokenResponseField } from "./preset.js";
import { errorFromAnswer, requestIdOf } from "./token-error-answer.js";
import type { TokenHttpResponse } from "./token-http-response.js";

export type { TokenHttpResponse } from "./token-http-response.js";

/** Longest a token may be said to live before the value counts as absurd (10 years). */
const ABSURD_EXPIRES_IN_SECONDS = 10 * 365 * 24 * 3600;
/**
 * A token travels as `Authorization: Bearer <token>`: RFC 6750 §2.1 allows no whitespace or control
 * characters in it, and a fetch `Headers` refuses characters above U+00FF. Anything else is kept
 * (tolerant of tokens that are not strictly b64token).
 */
const UNSENDABLE = /[^\u0021-\u007e\u00a1-\u00ff]/;
const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/**
 * Interprets a token endpoint's answer: a usable {@link TokenGrant}, or a typed error. Pure: no I/O,
 * no clock, so every vendor shape is unit-testable (the oauth4webapi split of "send" and "validate").
 * Only allowlisted error-body fields (RFC 6749 §5.2 `error`, `error_description`, `error_uri`, the
 * preset's message paths, request ids) reach an error, cut and scrubbed by `redactor`.
 *
 * @throws TokenRequestError for error statuses, redirects and `success:false` envelopes (the vendor
 *   answered with an error, whatever the HTTP status).
 * @throws TokenResponseError for 2xx answers that are not a usable token.
 * @example
 * ```ts
 * interpretTokenResponse({ vendor: "Acme", encoding: "form", clientAuthentication: "basic" }, {
 *   method: "POST", url: "https://auth.acme.test/token", status: 200, headers: new Headers(),
 *   bodyText: '{"access_token":"abc","token_type":"bearer","expires_in":"3600"}', receivedAt: Date.now(), attempts: 1,
 * }, new Redactor()) // { accessToken: "abc", tokenType: "Bearer", expiresInSeconds: 3600 }
 * ```
 *
 * @group Token requests
 */
export function interpretTokenResponse(
  preset: TokenPreset,
  res: TokenHttpResponse,
  redactor: Redactor,
): TokenGrant {
  try {
    return interpret(preset, res, redactor);
  } catch (error) {
    throw redactor.seal(error as Error);
  }
}

function interpret(preset: TokenPreset, res: TokenHttpResponse, redactor: Redactor): TokenGrant {
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
  if (typeof data !== "object" || data === null || Array.isArray(data))
    fail(shape.dataPath, `${shape.dataPath} is not an object`);
  return grantFrom(
    data as Record<string, unknown>,
    { ...WIRE_FIELDS, ...shape.fields },
    shape.dataPath === undefined ? "" : `${shape.dataPath}.`,
    fail,
    redactor,
  );
}

/** RFC 6749 §5.1 names of the token answer's fields. */
const WIRE_FIELDS: Record<TokenResponseField, string> = {
  accessToken: "access_token",
  tokenType: "token_type",
  expiresIn: "expires_in",
  scope: "scope",
  refreshToken: "refresh_token",
};
/** The names a custom exchange returns them under: those of {@link TokenGrant}. */
const GRANT_FIELDS: Record<TokenResponseField, string> = {
  accessToken: "accessToken",
  tokenType: "tokenType",
  expiresIn: "expiresInSeconds",
  scope: "scope",
  refreshToken: "refreshToken",
};

/**
 * The grant in `record`, whose fields are called `names` (each error names the field as `prefix` +
 * its name: `data.accessToken`), checked: a non-empty access token that can be sent as a Bearer
 * token, a Bearer token type when one is given, a readable lifetime. An unusable refresh token or
 * scope is left out rather than refused.
 */
function grantFrom(
  record: Record<string, unknown>,
  names: Record<TokenResponseField, string>,
  prefix: string,
  fail: (field: string, problem: string) => never,
  redactor: Redactor,
): TokenGrant {
  const check = (field: TokenResponseField, bad: boolean, problem: string) => {
    const at = prefix + names[field];
    if (bad) fail(at, `${at} ${problem}`);
  };
  const accessToken = record[names.accessToken];
  check(
    "accessToken",
    typeof accessToken !== "string" || accessToken.length === 0,
    "is missing or not a non-empty string",
  );
  check(
    "accessToken",
    UNSENDABLE.test(accessToken as string),
    "contains whitespace, control or non-Latin-1 characters, so it cannot be sent as a Bearer token",
  );
  const tokenType = record[names.tokenType];
  check(
    "tokenType",
    tokenType != null &&
      tokenType !== "" &&
      (typeof tokenType !== "string" || tokenType.toLowerCase() !== "bearer"),
    `is ${JSON.stringify(redactor.scrub(String(tokenType)).slice(0, 40))}, not Bearer`,
  );
  const expires = readExpiresIn(record[names.expiresIn]);
  check("expiresIn", expires === "invalid", "is not a number of seconds");

  const grant: TokenGrant = { accessToken: accessToken as string, tokenType: "Bearer" };
  if (typeof expires === "number") grant.expiresInSeconds = expires;
  const scope = readScope(record[names.scope]);
  if (scope) grant.scope = scope;
  const refreshToken = record[names.refreshToken];
  if (typeof refreshToken === "string" && refreshToken.length > 0 && !UNSENDABLE.test(refreshToken)) {
    grant.refreshToken = refreshToken;
  }
  return grant;
}

/**
 * Checks what a custom `TokenExchangeFunction` returned with the same rules as a parsed answer,
 * so the escape hatch can never hand out an unusable token.
 *
 * @throws TokenResponseError naming the field at fault (a {@link TokenGrant} field, e.g. `accessToken`).
 */
export function checkExchangeResult(
  vendor: string,
  url: string,
  result: unknown,
  redactor: Redactor,
): TokenGrant {
  const fail = (field: string | undefined, problem: string): never => {
    throw new TokenResponseError(`${vendor} custom token exchange for ${safeUrl(url)} returned ${problem}.`, {
      method: "POST",
      url: safeUrl(url),
      status: 200,
      field,
    });
  };
  if (typeof result !== "object" || result === null) return fail(undefined, "no grant object");
  return grantFrom(
    result as Record<string, unknown>,
    GRANT_FIELDS,
    "",
    (field, problem) => fail(field, `a grant whose ${problem}`),
    redactor,
  );
}

/**
 * A number or numeric string of seconds (`3600`, `"3600"`, `" 3.6e3 "`). 0, negative, NaN, infinite
 * and absurd values (over ten years), and an empty string, count as "not reported" (`undefined`); a
 * value of another kind (an object, `true`, `"soon"`) is `"invalid"`.
 */
function readExpiresIn(value: unknown): number | undefined | "invalid" {
  if (value === undefined || value === null) return undefined;
  let seconds: number;
  if (typeof value === "number") seconds = value;
  else if (typeof value === "string") {
    const text = value.trim();
    if (text === "" || /^[+-]?(nan|infinity)$/i.test(text)) return undefined;
    if (!NUMERIC.test(text)) return "invalid";
    seconds = Number(text);
  } else return "invalid";
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
