import { createMockChassis, type MockOptions, type VendorMock } from "@caduceus/auth-core/testing";
import { getResponse, type HttpHandler, http } from "msw";
import { CANDID_HOSTS, type CandidEnvironment } from "../preset.js";
import { CANDID_MOCK_CREDENTIALS } from "./fixtures.js";
import { type CandidMockData, createCandidApiHandlers } from "./handlers.js";
import { candidGuardRules, candidTokenRules } from "./rules.js";

/**
 * Options of {@link createCandidMock}: the common block (`clock`, also the rate limit's; `tokenLifetimeSeconds`
 * default 18000, 5 h as documented, both `expires_in` and the JWT's `exp - iat`; `baseUrl` the core base
 * URL, host + `/api`, default the environment's; `tokenUrl` default `{baseUrl}/auth/v2/token`;
 * `credentials` default {@link CANDID_MOCK_CREDENTIALS}) and Candid's own.
 */
export interface CandidMockOptions extends MockOptions<CandidMockCredentials> {
  /** Whose documented hosts the handlers serve. Default `"production"`, so msw intercepts the real hosts. */
  environment?: CandidEnvironment;
  /** Pre-encounter base URL. Default the environment's pre-encounter host. */
  preEncounterUrl?: string;
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

/**
 * A mock Candid Health: the chassis' parts (`credentials`, `baseUrl` the core API base URL with `/api`,
 * `tokenUrl` default `{baseUrl}/auth/v2/token`, `issuer`, `controls`, `tokenRequests`, `apiRequests` of
 * both hosts, `respond`, `reset`), msw handlers, the pre-encounter host and the data.
 */
export interface CandidMock extends VendorMock<CandidMockCredentials> {
  /** msw handlers: token endpoint, token guards of both hosts, typed API handlers. `server.use(...mock.handlers)`. */
  handlers: HttpHandler[];
  /**
   * Pre-encounter host served (no `/api` prefix, no trailing slash): `options.preEncounterUrl`, else the
   * environment's (`https://pre-api.joincandidhealth.com` for `"production"`). Accepts the same tokens.
   */
  preEncounterUrl: string;
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
  const chassis = createMockChassis({
    issuer: "https://candidhealth.auth0.com/",
    tokenLifetimeSeconds: lifetimeSeconds,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const api = createCandidApiHandlers(baseUrl, preEncounterUrl);
  const token = chassis.tokenEndpoint(
    candidTokenRules({
      credentials,
      issue: chassis.issuer.issue,
      lifetimeSeconds,
      now: () => chassis.clock.now(),
      rateLimit: options.tokenRateLimit,
    }),
  );
  const guard = chassis.apiGuard(candidGuardRules);
  // The guards run before the API handlers of each host; they answer 401 or fall through.
  const handlers = [
    http.post(tokenUrl, ({ request }) => token(request)),
    http.all(`${baseUrl}/*`, ({ request }) => guard(request)),
    http.all(`${preEncounterUrl}/*`, ({ request }) => guard(request)),
    ...api.handlers,
  ];
  return {
    ...chassis.mock({
      credentials,
      baseUrl,
      tokenUrl,
      respond: (request) => getResponse(handlers, request),
    }),
    handlers,
    preEncounterUrl,
    data: api.data,
  };
}
