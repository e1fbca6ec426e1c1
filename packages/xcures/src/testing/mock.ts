import type { Clock } from "@caduceus/auth-core";
import {
  createMockControls,
  createTokenIssuer,
  type MockControls,
  type TokenIssuer,
} from "@caduceus/auth-core/testing";
import { type HttpHandler, HttpResponse, http } from "msw";
import type { components } from "../generated/openapi.js";
import { XCURES_BASE_URL } from "../preset.js";
import { XCURES_MOCK_CREDENTIALS } from "./fixtures.js";
import { createXcuresApiHandlers, type XcuresMockData } from "./handlers.js";

/** Options of {@link createXcuresMock}. */
export interface XcuresMockOptions {
  /** Time source of issued tokens; pass the client's fake clock so tokens expire on it. */
  clock?: Clock;
  /** Lifetime of issued tokens, in seconds (their JWT `exp - iat`; xCures reports no `expires_in`). Default 3600. */
  tokenLifetimeSeconds?: number;
  /** API origin the handlers serve. Default `https://partner.xcures.com`, so msw intercepts the real host. */
  baseUrl?: string;
  /** Token endpoint the handlers serve. Default `{origin of baseUrl}/oauth/token`. */
  tokenUrl?: string;
  /** Credentials the token endpoint accepts, and the project the key reaches. Default {@link XCURES_MOCK_CREDENTIALS}. */
  credentials?: Partial<XcuresMockCredentials>;
  /** Projects the API key can reach. Default two example projects, the first with `credentials.projectId`. */
  projects?: components["schemas"]["Project"][];
}

/** What a client needs to talk to the mock: `createXcuresClient({ ...mock.credentials })`. */
export interface XcuresMockCredentials {
  /**
   * The API key's client id, a uuid (the token endpoint answers 400 otherwise).
   * Default {@link XCURES_MOCK_CREDENTIALS}`.clientId`.
   */
  clientId: string;
  /**
   * The API key's client secret, compared exactly (401 otherwise).
   * Default {@link XCURES_MOCK_CREDENTIALS}`.clientSecret`.
   */
  clientSecret: string;
  /**
   * The project the client sends as `ProjectId`. Default the first of `options.projects`, else
   * {@link XCURES_MOCK_CREDENTIALS}`.projectId`. Not checked by the token endpoint: the token is not bound
   * to a project, the API guard checks it on every call.
   */
  projectId: string;
}

/** One request as the mock received it (header names lower-case). */
export interface RecordedRequest {
  /** HTTP method, upper-case as received. */
  method: string;
  /** Absolute URL, query string included. */
  url: string;
  /** Every header, names lower-case (so `ProjectId` is recorded as `projectid`). */
  headers: Record<string, string>;
  /** The raw body (token requests only; API bodies are left for the handlers to read). */
  body?: string;
}

/** A mock xCures: msw handlers plus the switches and records tests use. */
export interface XcuresMock {
  /** msw handlers: token endpoint, the auth/ProjectId guard, and typed API handlers. `server.use(...mock.handlers)`. */
  handlers: HttpHandler[];
  /** The token authority: mint, check and revoke tokens (`mock.issuer.revokeAll()` forces a 401). */
  issuer: TokenIssuer;
  /** Counters (`controls.stats`) and the 429/5xx switch (`controls.failTokenRequests`) of the token endpoint. */
  controls: MockControls;
  /** The key and project the mock accepts: spread them into `createXcuresClient`. */
  credentials: XcuresMockCredentials;
  /**
   * API origin served, without a trailing slash. Default {@link XCURES_BASE_URL}, so the client's default
   * reaches the mock.
   */
  baseUrl: string;
  /**
   * Token endpoint served. Default `{origin of baseUrl}/oauth/token`, i.e.
   * `https://partner.xcures.com/oauth/token` (`XCURES_TOKEN_URL`) for the default origin.
   */
  tokenUrl: string;
  /** Every token request received, in order, with its raw body. */
  tokenRequests: RecordedRequest[];
  /** Every API request received, in order. */
  apiRequests: RecordedRequest[];
  /** The mock's data (projects, subjects per project, queries), for assertions and seeding. */
  data: XcuresMockData;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Creates a mock xCures for msw. The token endpoint behaves as documented: `POST /oauth/token` with a
 * JSON body `{client_id (uuid), client_secret, grant_type: "client_credentials"}`; anything else is a
 * NestJS-style 400 (`{statusCode, message: [...], error}`), wrong credentials a 401; the answer is
 * `{access_token, token_type}` only, a JWT whose `exp` is the lifetime. Every API call needs a live
 * token and a `ProjectId` the key can reach (except `GET /project`); otherwise 401 "Invalid API key or
 * ProjectId", exactly the answer that makes a wrong ProjectId look like an expired token.
 *
 * @example
 * ```ts
 * const mock = createXcuresMock({ clock });
 * server.use(...mock.handlers);
 * const xcures = createXcuresClient({ ...mock.credentials, clock });
 * ```
 */
export function createXcuresMock(options: XcuresMockOptions = {}): XcuresMock {
  const baseUrl = (options.baseUrl ?? XCURES_BASE_URL).replace(/\/$/, "");
  const tokenUrl = options.tokenUrl ?? `${new URL(baseUrl).origin}/oauth/token`;
  const credentials: XcuresMockCredentials = {
    clientId: options.credentials?.clientId ?? XCURES_MOCK_CREDENTIALS.clientId,
    clientSecret: options.credentials?.clientSecret ?? XCURES_MOCK_CREDENTIALS.clientSecret,
    projectId:
      options.credentials?.projectId ?? options.projects?.[0]?.id ?? XCURES_MOCK_CREDENTIALS.projectId,
  };
  const issuer = createTokenIssuer({
    lifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
    issuer: "https://partner.xcures.com/",
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const controls = createMockControls();
  const tokenRequests: RecordedRequest[] = [];
  const apiRequests: RecordedRequest[] = [];
  const api = createXcuresApiHandlers(baseUrl, credentials.projectId, options.projects);

  const token = http.post(tokenUrl, async ({ request }) => {
    controls.stats.tokenRequests++;
    const body = await request.text();
    tokenRequests.push({ ...describe(request), body });
    const fault = controls.takeTokenFault();
    if (fault) return fault;
    // xCures documents a JSON body only; a body that is not JSON reads as empty, so validation fails.
    const json = /^application\/json\b/i.test(request.headers.get("content-type") ?? "")
      ? parseObject(body)
      : {};
    const problems = [
      ...(typeof json.client_id === "string" && UUID.test(json.client_id)
        ? []
        : ["client_id must be a UUID"]),
      ...(typeof json.client_secret === "string" && json.client_secret !== ""
        ? []
        : ["client_secret should not be empty"]),
      ...(json.grant_type === "client_credentials"
        ? []
        : ["grant_type must be one of the following values: client_credentials"]),
    ];
    if (problems.length > 0) return nestError(400, problems, "Bad Request");
    if (json.client_id !== credentials.clientId || json.client_secret !== credentials.clientSecret) {
      return nestError(401, "Invalid client credentials", "Unauthorized");
    }
    return HttpResponse.json({ access_token: issuer.issue(credentials.clientId), token_type: "Bearer" });
  });

  // Runs before every API handler; answers 401 or falls through (returns nothing) to the typed handler.
  const guard = http.all(`${baseUrl}/api/*`, ({ request }) => {
    controls.stats.apiRequests++;
    apiRequests.push(describe(request));
    const listsProjects =
      request.method === "GET" && new URL(request.url).pathname.endsWith("/api/v1/patient-registry/project");
    const projectId = request.headers.get("projectid");
    const tokenOk = issuer.check(request.headers.get("authorization")).ok;
    const projectOk =
      listsProjects || (projectId !== null && api.data.projects.some((p) => p.id === projectId));
    if (tokenOk && projectOk) return undefined;
    controls.stats.unauthorized++;
    return nestError(401, "Invalid API key or ProjectId", "Unauthorized");
  });

  return {
    handlers: [token, guard, ...api.handlers],
    issuer,
    controls,
    credentials,
    baseUrl,
    tokenUrl,
    tokenRequests,
    apiRequests,
    data: api.data,
  };
}

function describe(request: Request): RecordedRequest {
  return {
    method: request.method,
    url: request.url,
    headers: Object.fromEntries(request.headers),
  };
}

function parseObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** NestJS's default exception body (xCures v1 documents status codes only). */
function nestError(status: number, message: string | string[], error: string): Response {
  return HttpResponse.json({ statusCode: status, message, error }, { status });
}
