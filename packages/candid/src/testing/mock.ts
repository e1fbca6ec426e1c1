import type { Clock } from "@caduceus/auth-core";
import {
  createMockControls,
  createTokenIssuer,
  type MockControls,
  type TokenIssuer,
} from "@caduceus/auth-core/testing";
import { type HttpHandler, HttpResponse, http } from "msw";
import { CANDID_HOSTS, type CandidEnvironment } from "../preset.js";
import { CANDID_MOCK_CREDENTIALS } from "./fixtures.js";
import { type CandidMockData, candidError, createCandidApiHandlers } from "./handlers.js";

/** Options of {@link createCandidMock}. */
export interface CandidMockOptions {
  /** Time source of issued tokens and of the rate limit; pass the client's fake clock. */
  clock?: Clock;
  /** Lifetime of issued tokens in seconds: their `expires_in` and JWT `exp - iat`. Default 18000 (5 h, documented). */
  tokenLifetimeSeconds?: number;
  /** Whose documented hosts the handlers serve. Default `"production"`, so msw intercepts the real hosts. */
  environment?: CandidEnvironment;
  /** Core base URL (host + `/api`). Default the environment's. */
  baseUrl?: string;
  /** Pre-encounter base URL. Default the environment's pre-encounter host. */
  preEncounterUrl?: string;
  /** Token endpoint. Default `{baseUrl}/auth/v2/token`. */
  tokenUrl?: string;
  /** Credentials the token endpoint accepts. Default {@link CANDID_MOCK_CREDENTIALS}. */
  credentials?: Partial<CandidMockCredentials>;
  /**
   * Candid's minting rate limit: more than `limit` tokens for one client id within `windowSeconds`
   * answers 429 `TooManyRequestsError`. Off by default: Candid publishes no numbers, and a made-up
   * default would fail tests for the wrong reason. Turn it on to prove your code reuses tokens.
   */
  tokenRateLimit?: {
    /** Tokens one client id may mint within the window; the next one answers 429. */
    limit: number;
    /** Length of the sliding window, in seconds, measured on `clock`. */
    windowSeconds: number;
  };
}

/** What a client needs to talk to the mock: `createCandidClient({ ...mock.credentials })`. */
export interface CandidMockCredentials {
  /** The `client_id` the token endpoint accepts. Default {@link CANDID_MOCK_CREDENTIALS}`.clientId`. */
  clientId: string;
  /**
   * The `client_secret` the token endpoint accepts. Default {@link CANDID_MOCK_CREDENTIALS}`.clientSecret`.
   */
  clientSecret: string;
}

/** One request as the mock received it (header names lower-case). */
export interface RecordedRequest {
  /** HTTP method, upper-case as received. */
  method: string;
  /** Absolute URL, query string included; tells the core host from the pre-encounter host. */
  url: string;
  /** Every header, names lower-case. */
  headers: Record<string, string>;
  /** The raw body (token requests only; API bodies are left for the handlers to read). */
  body?: string;
}

/** A mock Candid Health: msw handlers plus the switches and records tests use. */
export interface CandidMock {
  /** msw handlers: token endpoint, token guards of both hosts, typed API handlers. `server.use(...mock.handlers)`. */
  handlers: HttpHandler[];
  /** The token authority: mint, check and revoke tokens (`mock.issuer.revokeAll()` forces a 401). */
  issuer: TokenIssuer;
  /** Counters (`controls.stats`) and the 429/5xx switch (`controls.failTokenRequests`) of the token endpoint. */
  controls: MockControls;
  /** The key the token endpoint accepts: spread it into `createCandidClient`. */
  credentials: CandidMockCredentials;
  /**
   * Core API base URL served (host plus `/api`, no trailing slash): `options.baseUrl`, else the
   * environment's (`https://api.joincandidhealth.com/api` for the default `"production"`).
   */
  baseUrl: string;
  /**
   * Pre-encounter host served (no `/api` prefix, no trailing slash): `options.preEncounterUrl`, else the
   * environment's (`https://pre-api.joincandidhealth.com` for `"production"`). Accepts the same tokens.
   */
  preEncounterUrl: string;
  /**
   * Token endpoint served: `options.tokenUrl`, else `{baseUrl}/auth/v2/token`, where the client looks for it.
   */
  tokenUrl: string;
  /** Every token request received, in order, with its raw body. */
  tokenRequests: RecordedRequest[];
  /** Every API request received, in order (both hosts). */
  apiRequests: RecordedRequest[];
  /** The mock's data (payers, encounters, charge captures, events, …), for assertions and seeding. */
  data: CandidMockData;
}

/**
 * Creates a mock Candid Health for msw. The token endpoint behaves as documented: `POST /api/auth/v2/token`
 * with `client_id` and `client_secret` as JSON or a form; another content type answers 415
 * `InvalidContentTypeError`, missing fields 422 `HttpRequestValidationsError`, wrong credentials 401
 * `UnauthorizedError`, minting past `tokenRateLimit` 429 `TooManyRequestsError`, all as Candid's
 * `{errorName, content}`. Tokens are JWTs with `expires_in`; API calls on either host need a live one
 * (401 `UnauthorizedError` otherwise).
 *
 * @example
 * ```ts
 * const mock = createCandidMock({ clock, tokenRateLimit: { limit: 1, windowSeconds: 60 } });
 * server.use(...mock.handlers);
 * const candid = createCandidClient({ ...mock.credentials, clock });
 * ```
 */
export function createCandidMock(options: CandidMockOptions = {}): CandidMock {
  const hosts = CANDID_HOSTS[options.environment ?? "production"];
  const baseUrl = (options.baseUrl ?? `${hosts.candidApi}/api`).replace(/\/$/, "");
  const preEncounterUrl = (options.preEncounterUrl ?? hosts.preEncounter).replace(/\/$/, "");
  const tokenUrl = options.tokenUrl ?? `${baseUrl}/auth/v2/token`;
  const credentials: CandidMockCredentials = {
    clientId: options.credentials?.clientId ?? CANDID_MOCK_CREDENTIALS.clientId,
    clientSecret: options.credentials?.clientSecret ?? CANDID_MOCK_CREDENTIALS.clientSecret,
  };
  const lifetimeSeconds = options.tokenLifetimeSeconds ?? 18_000;
  const clock = options.clock;
  const now = () => clock?.now() ?? Date.now();
  const issuer = createTokenIssuer({
    lifetimeSeconds,
    issuer: "https://candidhealth.auth0.com/",
    ...(clock ? { clock } : {}),
  });
  const controls = createMockControls();
  const tokenRequests: RecordedRequest[] = [];
  const apiRequests: RecordedRequest[] = [];
  const minted = new Map<string, number[]>();
  const api = createCandidApiHandlers(baseUrl, preEncounterUrl);

  const token = http.post(tokenUrl, async ({ request }) => {
    controls.stats.tokenRequests++;
    const body = await request.text();
    tokenRequests.push({ ...describe(request), body });
    const fault = controls.takeTokenFault();
    if (fault) return fault;
    const fields = readBody(request.headers.get("content-type") ?? "", body);
    if (!fields) {
      return candidError(415, "InvalidContentTypeError", {
        message: "Content-Type must be application/json or application/x-www-form-urlencoded",
      });
    }
    const missing = ["client_id", "client_secret"].filter((name) => typeof fields[name] !== "string");
    if (missing.length > 0) {
      return candidError(
        422,
        "HttpRequestValidationsError",
        missing.map((fieldName) => ({ fieldName, humanReadableMessage: `${fieldName} is required` })),
      );
    }
    if (fields.client_id !== credentials.clientId || fields.client_secret !== credentials.clientSecret) {
      return candidError(401, "UnauthorizedError", { message: "Invalid client_id or client_secret" });
    }
    const limit = options.tokenRateLimit;
    if (limit) {
      const windowStart = now() - limit.windowSeconds * 1000;
      const recent = (minted.get(credentials.clientId) ?? []).filter((t) => t > windowStart);
      minted.set(credentials.clientId, recent);
      if (recent.length >= limit.limit) {
        return candidError(429, "TooManyRequestsError", {
          message: "Too many token requests. Reuse access tokens until they expire.",
        });
      }
      recent.push(now());
    }
    return HttpResponse.json({
      access_token: issuer.issue(credentials.clientId),
      expires_in: lifetimeSeconds,
      token_type: "Bearer",
    });
  });

  // Run before the API handlers of each host; answer 401 or fall through (return nothing).
  const guard = (origin: string) =>
    http.all(`${origin}/*`, ({ request }) => {
      controls.stats.apiRequests++;
      apiRequests.push(describe(request));
      if (issuer.check(request.headers.get("authorization")).ok) return undefined;
      controls.stats.unauthorized++;
      return candidError(401, "UnauthorizedError", { message: "Invalid or expired bearer token" });
    });

  return {
    handlers: [token, guard(baseUrl), guard(preEncounterUrl), ...api.handlers],
    issuer,
    controls,
    credentials,
    baseUrl,
    preEncounterUrl,
    tokenUrl,
    tokenRequests,
    apiRequests,
    data: api.data,
  };
}

/** Candid reads JSON or form bodies; `undefined` for any other content type. */
function readBody(contentType: string, body: string): Record<string, unknown> | undefined {
  if (/^application\/x-www-form-urlencoded\b/i.test(contentType)) {
    return Object.fromEntries(new URLSearchParams(body));
  }
  if (!/^application\/json\b/i.test(contentType)) return undefined;
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

function describe(request: Request): RecordedRequest {
  return { method: request.method, url: request.url, headers: Object.fromEntries(request.headers) };
}
