import { ErrorCode } from "@caduceus/auth-core";
import { type CellEnv, call, type Expectation, type Fault, getOnce, label, type Outcome } from "./cell.js";
import { generateKey, type KeyMaterial, keySecrets } from "./keys.js";
import { textOf } from "./kit.js";
import {
  type Answer,
  delayedAnswer,
  neverAnswer,
  type RawAnswer,
  resetMidBody,
  trickle,
} from "./loopback.js";
import type { TokenStep } from "./sim.js";
import { type MatrixVendorId, type TokenFieldOverrides, watchedSecrets } from "./vendors.js";

/**
 * The fault matrix as data: each fault scripts the loopback vendor, makes the calls, and states what
 * every vendor's client must show. Faults are the rows of the table in docs/reliability.md.
 */

/**
 * Time limit of the cells whose server never finishes answering. Long enough that a loaded two-core CI
 * machine (turbo running other packages' tests beside this one) still sends every request before it
 * passes: at 800 ms such a machine was seen sending no request at all before the deadline.
 */
const HANG_MS = 2_000;

const tokenErr = (
  env: CellEnv,
  status: number,
  code: string,
  description: string,
  headers: Record<string, string> = {},
) => {
  const answer = env.spec.tokenError(status, code, description, `req-${status}-${code}`);
  return { ...answer, headers: { ...answer.headers, ...headers } } satisfies Answer;
};

const queueToken = (env: CellEnv, ...steps: TokenStep[]) => env.sim.tokenScript.push(...steps);

function thrown(outcome: Outcome | undefined): Record<string, unknown> {
  return outcome?.kind === "thrown" ? (outcome.error as Record<string, unknown>) : {};
}

/** Checks fields of the error the last call threw. */
const errorHas =
  (fields: Record<string, unknown>) =>
  (_env: CellEnv, outcomes: Outcome[]): string[] => {
    const error = thrown(outcomes.at(-1));
    return Object.entries(fields).flatMap(([key, value]) =>
      error[key] === value
        ? []
        : [`error.${key} is ${JSON.stringify(error[key])}, expected ${JSON.stringify(value)}`],
    );
  };

const all =
  (...checks: Array<(env: CellEnv, outcomes: Outcome[]) => string[]>) =>
  (env: CellEnv, outcomes: Outcome[]) =>
    checks.flatMap((check) => check(env, outcomes));

/** Two GETs one after the other: the second must reuse what the first obtained. */
const twice = async (env: CellEnv) => [await getOnce(env), await getOnce(env)];

/** The lifetime the client gave the token it obtained, from its `token.obtained` event. */
const lifetimeIs = (ms: number) => (env: CellEnv) => {
  const obtained = env.events.find((event) => event.type === "token.obtained");
  if (obtained?.type !== "token.obtained") return ["no token.obtained event"];
  return obtained.lifetimeMs === ms ? [] : [`token lifetime ${obtained.lifetimeMs} ms, expected ${ms} ms`];
};

const ok = (tokenRequests: number, extra: Partial<Expectation> = {}): Expectation => ({
  outcome: "200",
  tokenRequests,
  ...extra,
});

const tokenRequestError = (
  status: number,
  tokenRequests: number,
  extra: Partial<Expectation> = {},
): Expectation => ({
  outcome: `TokenRequestError ${status}`,
  tokenRequests,
  apiRequests: 0,
  ...extra,
});

const tokenResponseError = (extra: Partial<Expectation> = {}): Expectation => ({
  outcome: "TokenResponseError 200",
  tokenRequests: 1,
  apiRequests: 0,
  check: errorHas({ code: ErrorCode.TokenResponseInvalid }),
  ...extra,
});

/** A token answer in the vendor's shape, made odd by `fields`. */
const oddToken = (fields: TokenFieldOverrides): TokenStep => ({ issue: fields });

/** A 200 token answer made odd by `fields` that the client must refuse: a TokenResponseError, no API call. */
const unusableToken = (id: string, title: string, fields: Parameters<typeof oddToken>[0]): Fault => ({
  id,
  group: "Token endpoint",
  title,
  arrange: (env) => queueToken(env, oddToken(fields)),
  expect: () => tokenResponseError(),
});

/**
 * A 200 token answer made odd by `fields` that the client still uses, with a lifetime of `lifetimeMs`
 * (its own default or cap where the answer's is unusable): two calls, one token request.
 */
const toleratedToken = (
  id: string,
  title: string,
  fields: Parameters<typeof oddToken>[0],
  lifetimeMs: number,
): Fault => ({
  id,
  group: "Token endpoint",
  title,
  arrange: (env) => queueToken(env, oddToken(fields)),
  act: twice,
  expect: () => ok(1, { apiRequests: 2, check: lifetimeIs(lifetimeMs) }),
});

const tokenFaults: Fault[] = [
  {
    id: "token-429-then-ok",
    group: "Token endpoint",
    title: "429 without Retry-After, then a token",
    arrange: (env) => queueToken(env, tokenErr(env, 429, "rate_limited", "Too many token requests")),
    expect: () => ok(2, { apiRequests: 1 }),
  },
  {
    id: "token-429-forever",
    group: "Token endpoint",
    title: "429 without Retry-After, every time",
    arrange: (env) =>
      queueToken(env, ...Array.from({ length: 5 }, () => tokenErr(env, 429, "rate_limited", "Slow down"))),
    expect: () =>
      tokenRequestError(429, 3, {
        check: errorHas({ code: ErrorCode.TokenRequestRateLimited, attempts: 3 }),
      }),
  },
  {
    id: "token-429-retry-after-seconds",
    group: "Token endpoint",
    title: "429 Retry-After: 1 (seconds), then a token",
    timeoutMs: 3_000,
    arrange: (env) =>
      queueToken(env, tokenErr(env, 429, "rate_limited", "Slow down", { "retry-after": "1" })),
    expect: () => ok(2, { minMs: 990 }),
  },
  {
    id: "token-429-retry-after-date",
    group: "Token endpoint",
    title: "429 Retry-After: <HTTP date ~2 s ahead>, then a token",
    timeoutMs: 4_000,
    arrange: (env) =>
      queueToken(env, () =>
        tokenErr(env, 429, "rate_limited", "Slow down", {
          "retry-after": new Date(Date.now() + 2_000).toUTCString(),
        }),
      ),
    expect: () => ok(2, { minMs: 950 }),
  },
  {
    id: "token-429-retry-after-ms",
    group: "Token endpoint",
    title: "429 retry-after-ms: 400, then a token",
    arrange: (env) =>
      queueToken(env, tokenErr(env, 429, "rate_limited", "Slow down", { "retry-after-ms": "400" })),
    expect: () => ok(2, { minMs: 395 }),
  },
  {
    id: "token-429-retry-after-huge",
    group: "Token endpoint",
    title: "429 Retry-After: 86400 (a day)",
    timeoutMs: 3_000,
    arrange: (env) =>
      queueToken(env, tokenErr(env, 429, "rate_limited", "Come back tomorrow", { "retry-after": "86400" })),
    expect: () =>
      tokenRequestError(429, 1, {
        maxMs: 2_000,
        check: errorHas({ code: ErrorCode.TokenRequestRateLimited, retryAfterMs: 86_400_000 }),
      }),
  },
  {
    id: "token-429-retry-after-absurd",
    group: "Token endpoint",
    title: "429 Retry-After: 99999999999999999999999 and retry-after-ms: 1e400",
    timeoutMs: 3_000,
    arrange: (env) =>
      queueToken(
        env,
        tokenErr(env, 429, "rate_limited", "Never", {
          "retry-after": "99999999999999999999999",
          "retry-after-ms": "1e400",
        }),
      ),
    expect: () =>
      tokenRequestError(429, 1, {
        maxMs: 2_000,
        check: (_env, outcomes) => {
          const retryAfterMs = thrown(outcomes.at(-1)).retryAfterMs;
          return typeof retryAfterMs === "number" && Number.isFinite(retryAfterMs) && retryAfterMs > 60_000
            ? []
            : [`retryAfterMs is ${String(retryAfterMs)}, expected a finite number past the retry limit`];
        },
      }),
  },
  ...[500, 502, 503, 504].map(
    (status): Fault => ({
      id: `token-${status}-then-ok`,
      group: "Token endpoint",
      title: `${status}, then a token`,
      arrange: (env) => queueToken(env, tokenErr(env, status, "server_error", "Try again")),
      expect: () => ok(2),
    }),
  ),
  {
    id: "token-503-forever",
    group: "Token endpoint",
    title: "503 every time",
    arrange: (env) =>
      queueToken(env, ...Array.from({ length: 5 }, () => tokenErr(env, 503, "unavailable", "Down"))),
    expect: () => tokenRequestError(503, 3, { check: errorHas({ retryable: true, attempts: 3 }) }),
  },
  {
    id: "token-400-invalid-client",
    group: "Token endpoint",
    title: "400 invalid_client (two calls)",
    arrange: (env) => queueToken(env, tokenErr(env, 400, "invalid_client", "Client authentication failed")),
    act: twice,
    expect: () =>
      tokenRequestError(400, 1, {
        check: (_env, outcomes) => {
          const error = thrown(outcomes.at(-1));
          const problems: string[] = [];
          if (!String(error.oauthError ?? "").includes("invalid_client"))
            problems.push(`oauthError is ${JSON.stringify(error.oauthError)}`);
          if (error.requestId !== "req-400-invalid_client")
            problems.push(`requestId is ${JSON.stringify(error.requestId)}`);
          if (error.retryable !== false) problems.push("error is marked retryable");
          if (outcomes[0]?.kind !== "thrown") problems.push("first call did not fail");
          return problems;
        },
      }),
  },
  {
    id: "token-401",
    group: "Token endpoint",
    title: "401 (bad credentials)",
    arrange: (env) => queueToken(env, tokenErr(env, 401, "invalid_client", "Unauthorized")),
    expect: () => tokenRequestError(401, 1, { check: errorHas({ retryable: false }) }),
  },
  {
    id: "token-403",
    group: "Token endpoint",
    title: "403 (key revoked)",
    arrange: (env) => queueToken(env, tokenErr(env, 403, "access_denied", "Forbidden")),
    expect: () => tokenRequestError(403, 1, { check: errorHas({ retryable: false }) }),
  },
  {
    id: "token-400-echoes-secrets",
    group: "Token endpoint",
    title: "400 whose message echoes the request (secrets, Basic header, body)",
    arrange: (env) =>
      queueToken(env, (request) => {
        const echo = [
          new TextDecoder().decode(request.body),
          request.headers.authorization ?? "",
          ...Object.entries(request.headers)
            .filter(([name]) => name.startsWith("x-"))
            .map(([name, value]) => `${name}=${value}`),
          ...watchedSecrets(env.spec, env.creds).map(([, secret]) => Buffer.from(secret).toString("base64")),
        ].join(" | ");
        return env.spec.tokenError(400, "invalid_request", `Bad request: ${echo}`, `req-echo ${echo}`);
      }),
    expect: () => tokenRequestError(400, 1),
  },
  {
    id: "token-200-html",
    group: "Token endpoint",
    title: "200 with an HTML page",
    arrange: (env) =>
      queueToken(env, {
        status: 200,
        headers: { "content-type": "text/html" },
        body: "<!doctype html><html><body><h1>Sign in</h1></body></html>",
      }),
    expect: () => tokenResponseError(),
  },
  {
    id: "token-200-invalid-json",
    group: "Token endpoint",
    title: "200 with invalid JSON",
    arrange: (env) =>
      queueToken(env, {
        status: 200,
        headers: { "content-type": "application/json" },
        body: '{"access_token": "abc", ',
      }),
    expect: () => tokenResponseError(),
  },
  unusableToken("token-200-no-token", "200 without the access token", { omit: ["accessToken"] }),
  unusableToken("token-200-token-type-mac", 'token_type "mac" (not Bearer)', { tokenType: "mac" }),
  toleratedToken("token-200-expiry-zero", "expires_in 0 (two calls)", { expiresIn: 0 }, 3_600_000),
  toleratedToken(
    "token-200-expiry-negative",
    "expires_in -3600 (two calls)",
    { expiresIn: -3600 },
    3_600_000,
  ),
  toleratedToken(
    "token-200-expiry-numeric-string",
    'expires_in "1800" (a numeric string)',
    { expiresIn: "1800" },
    1_800_000,
  ),
  unusableToken("token-200-expiry-word", 'expires_in "soon"', { expiresIn: "soon" }),
  toleratedToken(
    "token-200-expiry-absurd",
    "expires_in 1e12 (absurd; two calls)",
    { expiresIn: 1e12 },
    3_600_000,
  ),
  {
    id: "token-200-success-false",
    group: "Token endpoint",
    title: "200 with success:false (Parchment envelope)",
    only: ["parchment"],
    arrange: (env) =>
      queueToken(env, {
        status: 200,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          success: false,
          statusCode: 401,
          error: {
            type: "https://parchment.health/errors/authentication-required",
            title: "Unauthorized",
            detail: "Invalid organization credentials provided.",
          },
          requestId: "req_1_000009",
        }),
      }),
    expect: () =>
      tokenRequestError(401, 1, { check: errorHas({ requestId: "req_1_000009", retryable: false }) }),
  },
  {
    id: "token-302-other-host",
    group: "Token endpoint",
    title: "302 to another host",
    arrange: (env) =>
      queueToken(env, {
        status: 302,
        headers: { location: `${env.other.origin}/steal-the-secret` },
        body: "",
      }),
    expect: () =>
      tokenRequestError(302, 1, {
        otherRequests: 0,
        check: errorHas({ code: ErrorCode.TokenRequestRedirected }),
      }),
  },
  {
    id: "token-connection-refused",
    group: "Token endpoint",
    title: "connection refused",
    tokenRefused: true,
    expect: () => ({
      outcome: "TokenRequestError",
      tokenRequests: 0,
      apiRequests: 0,
      check: errorHas({ code: ErrorCode.TokenRequestNetwork, attempts: 3, retryable: true }),
    }),
  },
  {
    id: "token-reset-mid-body",
    group: "Token endpoint",
    title: "connection reset mid-body",
    arrange: (env) =>
      queueToken(env, ...Array.from({ length: 5 }, () => resetMidBody('{"access_token":"abc'))),
    expect: () => ({
      outcome: "TokenRequestError",
      tokenRequests: 3,
      apiRequests: 0,
      check: errorHas({ code: ErrorCode.TokenRequestNetwork, attempts: 3 }),
    }),
  },
  {
    id: "token-never-answers",
    group: "Token endpoint",
    title: "accepts and never answers",
    timeoutMs: HANG_MS,
    arrange: (env) => queueToken(env, neverAnswer),
    expect: () => ({
      outcome: "TimeoutError",
      tokenRequests: 1,
      apiRequests: 0,
      minMs: HANG_MS - 10,
      check: errorHas({ code: ErrorCode.Timeout, timeoutMs: HANG_MS }),
    }),
  },
  {
    id: "token-trickle",
    group: "Token endpoint",
    title: "body trickles past the deadline",
    timeoutMs: HANG_MS,
    arrange: (env) => queueToken(env, { reshape: (answer) => trickle(textOf(answer), 50) }),
    expect: () => ({ outcome: "TimeoutError", tokenRequests: 1, apiRequests: 0, minMs: HANG_MS - 10 }),
  },
  {
    id: "token-2mib-body",
    group: "Token endpoint",
    title: "200 with a 2 MiB body",
    arrange: (env) =>
      queueToken(env, {
        reshape: (answer) => {
          const body = JSON.parse(textOf(answer)) as Record<string, unknown>;
          body.padding = "x".repeat(2 * 1024 * 1024);
          return { ...answer, body: JSON.stringify(body) };
        },
      }),
    expect: () => tokenResponseError(),
  },
  {
    id: "token-200-utf8-bom",
    group: "Token endpoint",
    title: "200 JSON starting with a UTF-8 byte order mark",
    arrange: (env) =>
      queueToken(env, { reshape: (answer) => ({ ...answer, body: `\ufeff${textOf(answer)}` }) }),
    expect: () => ok(1, { apiRequests: 1 }),
  },
  {
    id: "token-corrupt-gzip",
    group: "Token endpoint",
    title: "200 with Content-Encoding: gzip and a body that is not gzip",
    arrange: (env) =>
      queueToken(
        env,
        ...Array.from({ length: 5 }, () => ({
          status: 200,
          headers: { "content-type": "application/json", "content-encoding": "gzip" },
          body: '{"access_token":"not compressed at all"}',
        })),
      ),
    expect: () => ({
      outcome: "TokenRequestError",
      tokenRequests: 3,
      apiRequests: 0,
      check: errorHas({ code: ErrorCode.TokenRequestNetwork, attempts: 3 }),
    }),
  },
  {
    id: "token-shared-with-impatient-client",
    group: "Token endpoint",
    title:
      "token endpoint answers in 600 ms; another client of the same identity (timeoutMs 300) started the request",
    arrange: (env) => {
      const late = { reshape: (answer: Answer) => delayedAnswer(600, () => answer) };
      queueToken(env, late, late);
    },
    act: async (env) => {
      const impatient = env.spec.create(env.creds, {
        origin: env.server.origin,
        timeoutMs: 300,
        clock: env.clock,
        tokenStore: env.store,
      });
      const path = env.spec.paths(env.creds).get;
      const first = call(() => impatient.GET(path, {}));
      // The impatient client's request must be the one in flight when the patient caller joins it.
      while (env.sim.tokenRequests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      const second = call(() => env.client.GET(path, {}));
      return [await first, await second];
    },
    expect: () => ({
      outcome: "200",
      tokenRequests: 2,
      apiRequests: 1,
      check: (_env, outcomes) =>
        outcomes[0] && label(outcomes[0]) === "TimeoutError" ? [] : ["the impatient client did not time out"],
    }),
  },
  {
    id: "token-caller-pre-aborted",
    group: "Token endpoint",
    title: "caller's signal already aborted; the token endpoint would answer 400",
    arrange: (env) => queueToken(env, tokenErr(env, 400, "invalid_client", "Client authentication failed")),
    act: async (env) => [
      await call(() => env.client.GET(env.spec.paths(env.creds).get, { signal: AbortSignal.abort() })),
    ],
    expect: () => ({
      outcome: "AbortError",
      tokenRequests: 0,
      apiRequests: 0,
      maxMs: 1_500,
      check: errorHas({ code: ErrorCode.Aborted }),
    }),
  },
  {
    id: "token-caller-aborts-mid-request",
    group: "Token endpoint",
    title: "caller aborts at 200 ms while the token endpoint never answers",
    timeoutMs: 3_000,
    arrange: (env) => queueToken(env, neverAnswer),
    act: async (env) => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new Error("the caller gave up")), 200);
      try {
        return [
          await call(() => env.client.GET(env.spec.paths(env.creds).get, { signal: controller.signal })),
        ];
      } finally {
        clearTimeout(timer);
      }
    },
    expect: () => ({
      outcome: "AbortError",
      tokenRequests: 1,
      apiRequests: 0,
      minMs: 190,
      maxMs: 2_000,
      check: errorHas({ code: ErrorCode.Aborted }),
    }),
  },
];

const unauthorized = (challenge = 'Bearer error="invalid_token"'): Answer => ({
  status: 401,
  headers: { "content-type": "application/json", "www-authenticate": challenge },
  body: JSON.stringify({ error: "unauthorized" }),
});

/** POSTs `body` (serialised as given) and checks the 401 replay was byte-identical. */
function replayCell(kind: "json" | "form" | "binary" | "stream"): Fault {
  const bytes = new Uint8Array(4096).map((_, index) => (index * 131 + 7) % 256);
  const payload = { name: "Ada Lovelace", note: 'ü ✓ \u0000 "quoted"', n: 42 };
  return {
    id: `api-401-once-post-${kind}`,
    group: "API",
    title: `401 once, POST with a ${kind === "json" ? "JSON" : kind === "stream" ? "ReadableStream" : kind} body (replayed byte-identical)`,
    arrange: (env) => env.sim.apiScript.push(unauthorized()),
    act: async (env) => {
      const path = env.spec.paths(env.creds).post;
      const init =
        kind === "json"
          ? { body: payload }
          : kind === "form"
            ? {
                body: { name: "Ada Lovelace", note: "a&b=c ü" },
                bodySerializer: (body: Record<string, string>) => new URLSearchParams(body).toString(),
                headers: { "content-type": "application/x-www-form-urlencoded" },
              }
            : kind === "binary"
              ? {
                  body: bytes,
                  bodySerializer: (body: Uint8Array) => body,
                  headers: { "content-type": "application/octet-stream" },
                }
              : {
                  // A stream in two chunks; openapi-fetch hands fetch a Request, whose body auth-core
                  // keeps as bytes (up to 8 MiB) so the replay can send it again.
                  body: bytes,
                  bodySerializer: (body: Uint8Array) =>
                    new ReadableStream<Uint8Array>({
                      start(controller) {
                        controller.enqueue(body.slice(0, 1000));
                        controller.enqueue(body.slice(1000));
                        controller.close();
                      },
                    }),
                  duplex: "half",
                  headers: { "content-type": "application/octet-stream" },
                };
      return [await call(() => env.client.POST(path, init as never))];
    },
    expect: () => ({
      outcome: "200",
      tokenRequests: 2,
      apiRequests: 2,
      check: (env) => {
        const [first, second] = env.sim.apiRequests;
        if (!first || !second) return ["no replay seen"];
        const problems: string[] = [];
        if (first.method !== "POST" || second.method !== "POST") problems.push("replay changed the method");
        if (first.url.href !== second.url.href) problems.push("replay changed the URL");
        if (Buffer.compare(Buffer.from(first.body), Buffer.from(second.body)) !== 0)
          problems.push("replayed body differs from the original");
        if (first.body.byteLength === 0) problems.push("original body was empty");
        if (
          (kind === "binary" || kind === "stream") &&
          Buffer.compare(Buffer.from(first.body), Buffer.from(bytes)) !== 0
        )
          problems.push("binary body was altered in transit");
        const strip = (headers: Record<string, string>) =>
          JSON.stringify(
            Object.entries(headers).filter(([name]) => name !== "authorization" && name !== "host"),
          );
        if (strip(first.headers) !== strip(second.headers))
          problems.push("replay changed headers besides Authorization");
        if (first.headers.authorization === second.headers.authorization)
          problems.push("replay reused the rejected token");
        return problems;
      },
    }),
  };
}

const CREDENTIAL_HEADERS = [
  "authorization",
  "proxy-authorization",
  "cookie",
  "projectid",
  "x-organization-secret",
  "x-partner-secret",
  "ocp-apim-subscription-key",
];

const apiFaults: Fault[] = [
  {
    id: "api-401-once-get",
    group: "API",
    title: "401 once, GET",
    arrange: (env) => env.sim.apiScript.push(unauthorized()),
    expect: () => ({ outcome: "200", tokenRequests: 2, apiRequests: 2 }),
  },
  replayCell("json"),
  replayCell("form"),
  replayCell("binary"),
  replayCell("stream"),
  {
    id: "api-401-forever",
    group: "API",
    title: "401 forever (exactly one replay)",
    arrange: (env) => env.sim.apiScript.push(unauthorized(), unauthorized(), unauthorized()),
    expect: (env) => ({
      outcome: "401",
      tokenRequests: 2,
      apiRequests: 2,
      check: (_env, outcomes) => {
        const last = outcomes.at(-1);
        const hint = last?.kind === "response" ? last.response.headers.get("x-caduceus-hint") : null;
        if (env.spec.hintsUnauthorized && !hint) return ["no x-caduceus-hint on the surviving 401"];
        if (!env.spec.hintsUnauthorized && hint) return ["unexpected x-caduceus-hint"];
        return [];
      },
    }),
  },
  {
    id: "api-401-forever-five-calls",
    group: "API",
    title: "401 forever, five calls in a row (each call: one replay, then the 401)",
    arrange: (env) => env.sim.apiScript.push(...Array.from({ length: 12 }, () => unauthorized())),
    act: async (env) => {
      const outcomes: Outcome[] = [];
      for (let i = 0; i < 5; i++) outcomes.push(await getOnce(env));
      return outcomes;
    },
    // docs/contract.md, behaviour 4, per call: each 401 drops the token, gets a new one and replays once; the
    // second 401 reaches the caller. So five calls cost six tokens and ten API requests. (Suppressing
    // replays after a refused fresh token would save tokens, but break that rule for later calls.)
    expect: () => ({ outcome: "401", tokenRequests: 6, apiRequests: 10 }),
  },
  {
    id: "api-401-insufficient-scope",
    group: "API",
    title: "401 insufficient_scope (no replay)",
    arrange: (env) =>
      env.sim.apiScript.push(unauthorized('Bearer error="insufficient_scope", scope="admin"')),
    expect: () => ({ outcome: "401", tokenRequests: 1, apiRequests: 1 }),
  },
  {
    id: "api-403",
    group: "API",
    title: "403 (no replay)",
    arrange: (env) =>
      env.sim.apiScript.push({
        status: 403,
        headers: { "content-type": "application/json" },
        body: '{"error":"forbidden"}',
      }),
    expect: () => ({ outcome: "403", tokenRequests: 1, apiRequests: 1 }),
  },
  {
    id: "api-redirect-other-origin",
    group: "API",
    title: "307 to another origin (no credential follows)",
    arrange: (env) =>
      env.sim.apiScript.push({ status: 307, headers: { location: `${env.other.origin}/landing` } }),
    expect: () => ({
      outcome: "200",
      tokenRequests: 1,
      apiRequests: 1,
      otherRequests: 1,
      check: (env) => {
        const landed = env.other.requests[0];
        if (!landed) return ["nothing reached the other origin"];
        const problems = CREDENTIAL_HEADERS.filter((name) => landed.headers[name] !== undefined).map(
          (name) => `${name} reached the other origin`,
        );
        const secrets = [
          ...watchedSecrets(env.spec, env.creds).map(([, secret]) => secret),
          ...env.sim.issued.keys(),
        ];
        for (const [name, value] of Object.entries(landed.headers))
          if (secrets.some((secret) => value.includes(secret)))
            problems.push(`a secret reached the other origin in ${name}`);
        return problems;
      },
    }),
  },
  {
    id: "api-redirect-same-origin",
    group: "API",
    title: "307 to the same origin (credentials kept)",
    arrange: (env) =>
      env.sim.apiScript.push((request) => ({
        status: 307,
        headers: { location: `${request.url.pathname}?moved=1` },
      })),
    expect: () => ({
      outcome: "200",
      tokenRequests: 1,
      apiRequests: 2,
      check: (env) =>
        env.sim.apiRequests[1]?.headers.authorization ? [] : ["the same-origin redirect lost Authorization"],
    }),
  },
  {
    id: "api-redirect-other-origin-and-back",
    group: "API",
    title: "307 to another origin, which redirects back (credentials stay off)",
    arrange: (env) => {
      env.sim.apiScript.push({ status: 307, headers: { location: `${env.other.origin}/bounce` } });
      env.other.route = (request) => ({
        status: 307,
        headers: {
          location: `${env.server.origin}${env.spec.basePath}${env.spec.paths(env.creds).get}?back=1`,
        },
        body: request.url.pathname,
      });
    },
    expect: () => ({
      outcome: "401",
      tokenRequests: 1,
      apiRequests: 2,
      otherRequests: 1,
      check: (env) => {
        const problems: string[] = [];
        const back = env.sim.apiRequests[1];
        for (const request of [env.other.requests[0], back])
          for (const name of CREDENTIAL_HEADERS)
            if (request?.headers[name] !== undefined) problems.push(`${name} sent after crossing origins`);
        return problems;
      },
    }),
  },
  {
    id: "api-401-then-token-endpoint-fails",
    group: "API",
    title: "401, and the token endpoint then answers 400",
    arrange: (env) => {
      env.sim.apiScript.push(unauthorized());
      queueToken(env, { issue: {} }, tokenErr(env, 400, "invalid_client", "Key revoked"));
    },
    expect: () => ({ outcome: "TokenRequestError 400", tokenRequests: 2, apiRequests: 1 }),
  },
  {
    id: "api-redirect-loop",
    group: "API",
    title: "307 to itself, forever",
    arrange: (env) =>
      env.sim.apiScript.push(
        ...Array.from({ length: 30 }, () => (request: { url: URL }) => ({
          status: 307,
          headers: {
            location: `${request.url.pathname}?hop=${Number(request.url.searchParams.get("hop") ?? 0) + 1}`,
          },
        })),
      ),
    // The first request and 20 redirects followed (the Fetch standard's limit); the 21st 307 is the answer.
    expect: () => ({ outcome: "307", tokenRequests: 1, apiRequests: 21 }),
  },
  {
    id: "api-never-answers",
    group: "API",
    title: "API accepts and never answers",
    timeoutMs: HANG_MS,
    arrange: (env) => env.sim.apiScript.push(neverAnswer),
    expect: () => ({ outcome: "TimeoutError", tokenRequests: 1, apiRequests: 1, minMs: HANG_MS - 10 }),
  },
  {
    id: "api-trickle",
    group: "API",
    title: "API body trickles past the deadline",
    timeoutMs: HANG_MS,
    arrange: (env) =>
      env.sim.apiScript.push(trickle(JSON.stringify({ ok: true, padding: "x".repeat(200) }), 50)),
    expect: () => ({ outcome: "TimeoutError", tokenRequests: 1, apiRequests: 1, minMs: HANG_MS - 10 }),
  },
  {
    id: "api-reset-mid-body",
    group: "API",
    title: "API connection reset mid-body (NetworkError, not retried: part of the answer was read)",
    arrange: (env) => env.sim.apiScript.push(resetMidBody('{"ok":tr')),
    expect: () => ({
      outcome: "NetworkError",
      tokenRequests: 1,
      apiRequests: 1,
      check: errorHas({ code: ErrorCode.Network, method: "GET", attempts: 1 }),
    }),
  },
  ...apiRetryFaults(),
];

/** An API error answer with `headers`. */
const apiError = (status: number, headers: Record<string, string> = {}): Answer => ({
  status,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify({ error: "transient" }),
});

/** The socket is closed before any response byte: a connection failure the client may retry. */
const dropBeforeAnswer: RawAnswer = { raw: (res) => res.socket?.resetAndDestroy() };

/** One POST of a small JSON body to the vendor's write path. */
const postOnce = (env: CellEnv) =>
  call(() => env.client.POST(env.spec.paths(env.creds).post, { body: { name: "claim 1" } } as never));

/** How many `request.retry` events the client emitted. */
const retriesSeen = (count: number) => (env: CellEnv) => {
  const seen = env.events.filter((event) => event.type === "request.retry").length;
  return seen === count ? [] : [`${seen} request.retry events, expected ${count}`];
};

/**
 * API calls are retried like token requests, and only when safe (docs/contract.md, behaviour 5):
 * idempotent methods on 408/429/500/502/503/504 and connections dropped before any byte, with the
 * server's Retry-After honoured; an unkeyed POST never.
 */
function apiRetryFaults(): Fault[] {
  return [
    ...[408, 429, 500, 502, 503, 504].map(
      (status): Fault => ({
        id: `api-${status}-once-get`,
        group: "API",
        title: `${status} once on a GET (retried, ok)`,
        arrange: (env) => env.sim.apiScript.push(apiError(status)),
        expect: () => ({ outcome: "200", tokenRequests: 1, apiRequests: 2, check: retriesSeen(1) }),
      }),
    ),
    {
      id: "api-500-retry-after-seconds",
      group: "API",
      title: "500 once with Retry-After: 1 on a GET (retried after 1 s, ok)",
      timeoutMs: 4000,
      arrange: (env) => env.sim.apiScript.push(apiError(500, { "retry-after": "1" })),
      expect: () => ({ outcome: "200", tokenRequests: 1, apiRequests: 2, minMs: 950 }),
    },
    {
      id: "api-429-retry-after-date",
      group: "API",
      title: "429 once with Retry-After as an HTTP date on a GET (retried at that date, ok)",
      timeoutMs: 5000,
      arrange: (env) => {
        // Whole seconds (HTTP dates have no fractions), at least one second ahead.
        const at = new Date(Math.ceil((Date.now() + 1500) / 1000) * 1000);
        env.sim.apiScript.push(apiError(429, { "retry-after": at.toUTCString() }));
      },
      expect: () => ({ outcome: "200", tokenRequests: 1, apiRequests: 2, minMs: 1000 }),
    },
    {
      id: "api-connection-dropped-once-get",
      group: "API",
      title: "connection reset before any byte, once, on a GET (retried, ok)",
      arrange: (env) => env.sim.apiScript.push(dropBeforeAnswer),
      expect: () => ({ outcome: "200", tokenRequests: 1, apiRequests: 2, check: retriesSeen(1) }),
    },
    {
      id: "api-connection-dropped-forever-get",
      group: "API",
      title: "connection reset before any byte, every time, on a GET (NetworkError after 3 attempts)",
      arrange: (env) => env.sim.apiScript.push(dropBeforeAnswer, dropBeforeAnswer, dropBeforeAnswer),
      expect: () => ({
        outcome: "NetworkError",
        tokenRequests: 1,
        apiRequests: 3,
        check: errorHas({ code: ErrorCode.Network, method: "GET", attempts: 3 }),
      }),
    },
    {
      id: "api-503-forever-get",
      group: "API",
      title: "503 every time on a GET (3 attempts, then the 503)",
      arrange: (env) => env.sim.apiScript.push(apiError(503), apiError(503), apiError(503)),
      expect: () => ({ outcome: "503", tokenRequests: 1, apiRequests: 3, check: retriesSeen(2) }),
    },
    {
      id: "api-503-once-post",
      group: "API",
      title: "503 once on a POST without an idempotency key (not retried)",
      arrange: (env) => env.sim.apiScript.push(apiError(503)),
      act: async (env) => [await postOnce(env)],
      expect: () => ({ outcome: "503", tokenRequests: 1, apiRequests: 1, check: retriesSeen(0) }),
    },
    {
      id: "api-connection-dropped-once-post",
      group: "API",
      title:
        "connection reset before any byte on a POST without an idempotency key (NetworkError, not retried)",
      arrange: (env) => env.sim.apiScript.push(dropBeforeAnswer),
      act: async (env) => [await postOnce(env)],
      expect: () => ({
        outcome: "NetworkError",
        tokenRequests: 1,
        apiRequests: 1,
        check: errorHas({ code: ErrorCode.Network, method: "POST", attempts: 1 }),
      }),
    },
  ];
}

const SMART: readonly MatrixVendorId[] = ["smart-fhir"];

/** The discovery requests the server saw. */
const discoveries = (count: number) => (env: CellEnv) =>
  env.sim.discoveryRequests.length === count
    ? []
    : [`${env.sim.discoveryRequests.length} smart-configuration request(s), expected ${count}`];

const smartConfiguration = (document: unknown): Answer => ({
  status: 200,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(document),
});

/**
 * SMART Backend Services finds its token endpoint in `{fhirBaseUrl}/.well-known/smart-configuration`
 * (read once per URL per process, a failed read tried again by the next call) and must refuse a
 * document that would send its assertion to a host the user did not choose.
 */
const discoveryFaults: Fault[] = [
  {
    id: "discovery-once",
    group: "Discovery",
    title: "read once: two calls and a 401 replay use the first answer",
    only: SMART,
    arrange: (env) => env.sim.apiScript.push(unauthorized()),
    act: twice,
    expect: () => ok(2, { apiRequests: 3, check: discoveries(1) }),
  },
  {
    id: "discovery-never-answers",
    group: "Discovery",
    title: "smart-configuration accepts and never answers",
    only: SMART,
    timeoutMs: HANG_MS,
    arrange: (env) => env.sim.discoveryScript.push(neverAnswer),
    expect: () => ({
      outcome: "TimeoutError",
      tokenRequests: 0,
      apiRequests: 0,
      minMs: HANG_MS - 10,
      check: all(errorHas({ code: ErrorCode.Timeout }), discoveries(1)),
    }),
  },
  {
    id: "discovery-503-then-ok",
    group: "Discovery",
    title: "smart-configuration 503 (two calls: the second reads it again)",
    only: SMART,
    arrange: (env) => env.sim.discoveryScript.push(apiError(503)),
    act: twice,
    expect: () =>
      ok(1, {
        apiRequests: 1,
        check: (env, outcomes) => [
          ...discoveries(2)(env),
          ...(outcomes[0] && label(outcomes[0]) === "TokenRequestError 503"
            ? []
            : [
                `first call ended in ${outcomes[0] ? label(outcomes[0]) : "nothing"}, expected TokenRequestError 503`,
              ]),
        ],
      }),
  },
  {
    id: "discovery-reset",
    group: "Discovery",
    title: "smart-configuration connection reset mid-body",
    only: SMART,
    arrange: (env) => env.sim.discoveryScript.push(resetMidBody('{"token_endpoint":"http')),
    expect: () => ({
      outcome: "TokenRequestError",
      tokenRequests: 0,
      apiRequests: 0,
      check: all(errorHas({ code: ErrorCode.TokenRequestNetwork, retryable: true }), discoveries(1)),
    }),
  },
  {
    id: "discovery-invalid-json",
    group: "Discovery",
    title: "smart-configuration 200 with invalid JSON",
    only: SMART,
    arrange: (env) =>
      env.sim.discoveryScript.push({
        status: 200,
        headers: { "content-type": "application/json" },
        body: '{"token_endpoint": ',
      }),
    expect: () => tokenResponseError({ tokenRequests: 0 }),
  },
  {
    id: "discovery-no-token-endpoint",
    group: "Discovery",
    title: "smart-configuration without token_endpoint",
    only: SMART,
    arrange: (env) =>
      env.sim.discoveryScript.push(smartConfiguration({ capabilities: ["client-confidential-asymmetric"] })),
    expect: () =>
      tokenResponseError({
        tokenRequests: 0,
        check: errorHas({ code: ErrorCode.TokenResponseInvalid, field: "token_endpoint" }),
      }),
  },
  {
    id: "discovery-other-origin",
    group: "Discovery",
    title: "token_endpoint on another origin (refused: no assertion leaves for it)",
    only: SMART,
    arrange: (env) =>
      env.sim.discoveryScript.push(smartConfiguration(env.spec.smartConfiguration?.(env.other.origin) ?? {})),
    expect: () =>
      tokenResponseError({
        tokenRequests: 0,
        otherRequests: 0,
        check: errorHas({ code: ErrorCode.TokenResponseInvalid, field: "token_endpoint" }),
      }),
  },
  {
    id: "discovery-302-other-host",
    group: "Discovery",
    title: "smart-configuration 302 to another host (not followed)",
    only: SMART,
    arrange: (env) =>
      env.sim.discoveryScript.push({
        status: 302,
        headers: { location: `${env.other.origin}/.well-known/smart-configuration` },
        body: "",
      }),
    expect: () => ({
      outcome: "TokenRequestError 302",
      tokenRequests: 0,
      apiRequests: 0,
      otherRequests: 0,
      check: discoveries(1),
    }),
  },
];

/** The assertions the token endpoint received, decoded (header and claims). */
function assertionsSeen(env: CellEnv) {
  return env.sim.tokenRequests.map((request) => {
    const jwt = new URLSearchParams(new TextDecoder().decode(request.body)).get("client_assertion") ?? "";
    const [header, payload] = jwt
      .split(".")
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>);
    return { header: header ?? {}, payload: payload ?? {}, request };
  });
}

/**
 * What every assertion must be (RFC 7523 §3, SMART Backend Services): `iss` = `sub` = client id,
 * `aud` = the token endpoint, `exp` at most five minutes after `iat`, a `jti` never sent before
 * (retries included), the algorithm of the key; and no private key material on the wire.
 */
const assertionsAreFresh = (count: number, alg: string) => (env: CellEnv) => {
  const seen = assertionsSeen(env);
  const problems: string[] = [];
  if (seen.length !== count) problems.push(`${seen.length} assertion(s), expected ${count}`);
  const tokenUrl = `${env.server.origin}${env.spec.tokenPath}`;
  const jtis = new Set(seen.map(({ payload }) => payload.jti));
  if (jtis.size !== seen.length) problems.push("a jti was sent twice");
  const secrets = watchedSecrets(env.spec, env.creds).map(([, secret]) => secret);
  seen.forEach(({ header, payload, request }, index) => {
    const at = `assertion ${index + 1}`;
    if (header.alg !== alg) problems.push(`${at}: alg ${String(header.alg)}, expected ${alg}`);
    if (payload.iss !== env.creds.clientId || payload.sub !== env.creds.clientId)
      problems.push(`${at}: iss/sub is not the client id`);
    if (payload.aud !== tokenUrl) problems.push(`${at}: aud ${String(payload.aud)}, expected ${tokenUrl}`);
    const lifetime = Number(payload.exp) - Number(payload.iat);
    if (!(lifetime > 0 && lifetime <= 300))
      problems.push(`${at}: exp - iat is ${lifetime} s, not within 5 min`);
    const wire = `${new TextDecoder().decode(request.body)} ${JSON.stringify(request.headers)}`;
    if (secrets.some((secret) => wire.includes(secret)))
      problems.push(`${at}: private key material on the wire`);
  });
  return problems;
};

/** A key pair the server does not know, watched by the leak scanner like the tenant's own. */
function rogueKey(env: CellEnv): KeyMaterial {
  const key = generateKey("ec");
  for (const [name, secret] of keySecrets(key)) env.watch(`unregistered ${name}`, secret);
  return key;
}

/** One GET by a client of the cell's tenant whose private key is handed over as `key`. */
async function getWithKey(env: CellEnv, key: JsonWebKey | string | CryptoKey): Promise<Outcome[]> {
  const client = env.spec.create(env.creds, {
    origin: env.server.origin,
    privateKey: key,
    timeoutMs: env.timeoutMs,
    clock: env.clock,
    tokenStore: env.store,
    onEvent: (event) => env.events.push(event),
  });
  return [await call(() => client.GET(env.spec.paths(env.creds).get, {}))];
}

const assertionFaults: Fault[] = [
  {
    id: "assertion-fresh-on-retry",
    group: "Client assertion",
    title:
      "503 twice, then a token: three assertions, each with a fresh jti, aud = token endpoint, exp ≤ 5 min",
    only: SMART,
    arrange: (env) =>
      queueToken(env, tokenErr(env, 503, "unavailable", "Down"), tokenErr(env, 503, "unavailable", "Down")),
    expect: () => ok(3, { apiRequests: 1, check: assertionsAreFresh(3, "ES384") }),
  },
  {
    id: "assertion-fresh-after-401",
    group: "Client assertion",
    title: "401 once on the API: the new token is asked for with a new assertion",
    only: SMART,
    arrange: (env) => env.sim.apiScript.push(unauthorized()),
    expect: () => ok(2, { apiRequests: 2, check: assertionsAreFresh(2, "ES384") }),
  },
  {
    id: "assertion-rsa-jwk",
    group: "Client assertion",
    title: "RSA key given as a private JWK (signed RS384)",
    only: SMART,
    keyType: "rsa",
    act: (env) => getWithKey(env, env.creds.key?.jwk ?? {}),
    expect: () => ok(1, { apiRequests: 1, check: assertionsAreFresh(1, "RS384") }),
  },
  {
    id: "assertion-ec-cryptokey",
    group: "Client assertion",
    title: "EC P-384 key given as a non-extractable CryptoKey (signed ES384)",
    only: SMART,
    act: async (env) => {
      const key = await crypto.subtle.importKey(
        "jwk",
        env.creds.key?.jwk ?? {},
        { name: "ECDSA", namedCurve: "P-384" },
        false,
        ["sign"],
      );
      return getWithKey(env, key);
    },
    expect: () => ok(1, { apiRequests: 1, check: assertionsAreFresh(1, "ES384") }),
  },
  {
    id: "assertion-key-not-registered",
    group: "Client assertion",
    title: "signed with a key the server does not know (401 invalid_client, key never shown)",
    only: SMART,
    // The tenant's key is registered; this client signs with another one (the scanner watches both).
    act: (env) => getWithKey(env, rogueKey(env).pem),
    expect: () => ({
      outcome: "TokenRequestError 401",
      tokenRequests: 1,
      apiRequests: 0,
      check: errorHas({ oauthError: "invalid_client", retryable: false }),
      violations: ["token request: client_assertion refused: signature verification failed"],
    }),
  },
];

/** Every fault, token endpoint first. */
export const FAULTS: readonly Fault[] = [
  ...tokenFaults,
  ...apiFaults,
  ...discoveryFaults,
  ...assertionFaults,
];
