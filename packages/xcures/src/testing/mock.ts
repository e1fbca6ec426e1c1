import { createMockChassis, type MockOptions, type VendorMock } from "@caduceus/auth-core/testing";
import { getResponse, type HttpHandler, http } from "msw";
import type { components } from "../generated/openapi.js";
import { XCURES_BASE_URL } from "../preset.js";
import { XCURES_MOCK_CREDENTIALS } from "./fixtures.js";
import { createXcuresApiHandlers, type XcuresMockData } from "./handlers.js";
import { xcuresGuardRules, xcuresTokenRules } from "./rules.js";

/**
 * Options of {@link createXcuresMock}: the common block (`clock`, `tokenLifetimeSeconds` default 3600 as
 * the JWT's `exp - iat` since xCures reports no `expires_in`, `baseUrl` default
 * `https://partner.xcures.com`, `tokenUrl` default `{origin of baseUrl}/oauth/token`, `credentials`
 * default {@link XCURES_MOCK_CREDENTIALS}) and xCures' projects.
 */
export interface XcuresMockOptions extends MockOptions<XcuresMockCredentials> {
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

/**
 * A mock xCures: the chassis' parts (`credentials`, `baseUrl`, `tokenUrl`, `issuer`, `controls`,
 * `tokenRequests`, `apiRequests`, `respond`, `reset`), msw handlers and the data.
 */
export interface XcuresMock extends VendorMock<XcuresMockCredentials> {
  /** msw handlers: token endpoint, the auth/ProjectId guard, and typed API handlers. `server.use(...mock.handlers)`. */
  handlers: HttpHandler[];
  /** The mock's data (projects, subjects per project, queries), for assertions and seeding. */
  data: XcuresMockData;
}

/**
 * Creates a mock xCures for msw (or any adapter through `respond`). The token endpoint behaves as
 * documented: `POST /oauth/token` with a JSON body `{client_id (uuid), client_secret, grant_type:
 * "client_credentials"}`; anything else is a NestJS-style 400 (`{statusCode, message: [...], error}`),
 * wrong credentials a 401; the answer is `{access_token, token_type}` only, a JWT whose `exp` is the
 * lifetime. Every API call needs a live token and a `ProjectId` the key can reach (except
 * `GET /project`); otherwise 401 "Invalid API key or ProjectId".
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
  const chassis = createMockChassis({
    issuer: "https://partner.xcures.com/",
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.tokenLifetimeSeconds ? { tokenLifetimeSeconds: options.tokenLifetimeSeconds } : {}),
  });
  const api = createXcuresApiHandlers(baseUrl, credentials.projectId, options.projects);
  const token = chassis.tokenEndpoint(xcuresTokenRules(credentials, chassis.issuer.issue));
  const guard = chassis.apiGuard(xcuresGuardRules(api.data));
  // The guard runs before every API handler; it answers 401 or falls through (returns nothing).
  const handlers = [
    http.post(tokenUrl, ({ request }) => token(request)),
    http.all(`${baseUrl}/api/*`, ({ request }) => guard(request)),
    ...api.handlers,
  ];
  // `respond` (what loopback servers and fetch stand-ins call) answers as `handlers` do without
  // running msw's whole chain: msw tries each handler in turn (compiling its path pattern, cloning the
  // request, reading cookies), so the token endpoint and the guard are called directly and only the
  // handlers of the request's method are tried (docs/reliability.md measures the difference).
  const tokenEndpoint = withoutQuery(tokenUrl);
  const apiHandlers = new Map<string, HttpHandler[]>();
  for (const handler of api.handlers) {
    const method = String(handler.info.method);
    apiHandlers.set(method, [...(apiHandlers.get(method) ?? []), handler]);
  }
  const respond = async (request: Request) => {
    const url = withoutQuery(request.url);
    if (url === tokenEndpoint) return request.method === "POST" ? token(request) : undefined;
    if (!url.startsWith(`${baseUrl}/api/`)) return undefined;
    return (await guard(request)) ?? getResponse(apiHandlers.get(request.method) ?? [], request);
  };
  return {
    ...chassis.mock({ credentials, baseUrl, tokenUrl, respond }),
    handlers,
    data: api.data,
  };
}

/** `url`'s origin and path: what msw matches a handler's URL against (query and fragment ignored). */
function withoutQuery(url: string): string {
  const { origin, pathname } = new URL(url);
  return `${origin}${pathname}`;
}
