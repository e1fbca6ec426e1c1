import { createMockChassis, type MockOptions, type VendorMock } from "@caduceus/auth-core/testing";
import { getResponse, type HttpHandler, http } from "msw";
import description from "../generated/openapi.json" with { type: "json" };
import { CANDID_HOSTS, type CandidEnvironment, candidTokenUrl } from "../preset.js";
import { type CandidApi, type CandidMockData, createCandidApi } from "./candid-api.js";
import type { OpenApiDocument } from "./description.js";
import { CANDID_MOCK_CREDENTIALS, exampleEvents, examplePayers } from "./fixtures.js";
import { candidGuardRules, candidTokenRules } from "./rules.js";

/**
 * Options of {@link createCandidMock}: the common block (`clock`, also the rate limit's;
 * `tokenLifetimeSeconds` default 18000, 5 h as documented, both `expires_in` and the JWT's `exp - iat`;
 * `baseUrl` the core host, default the environment's; `tokenUrl` default `{baseUrl}/api/auth/v2/token`;
 * `credentials` default {@link CANDID_MOCK_CREDENTIALS}) and Candid's own.
 */
export interface CandidMockOptions extends MockOptions<CandidMockCredentials> {
  /** Whose documented hosts the handlers serve. Default `"production"`, so msw intercepts the real hosts. */
  environment?: CandidEnvironment;
  /**
   * Pre-encounter host served, e.g. the same loopback origin as `baseUrl` (the hosts' paths do not
   * overlap: core paths start with `/api/`). Default the environment's pre-encounter host.
   */
  preEncounterBaseUrl?: string;
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
  /** Items to start with, by resource name. Default: four payers and two events. */
  seed?: Partial<CandidMockData>;
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
 * A mock Candid Health: the chassis' parts (`credentials`, `baseUrl` the core host, `tokenUrl`,
 * `issuer`, `controls`, `tokenRequests`, `apiRequests` of both hosts, `respond`, `reset`), msw handlers,
 * the pre-encounter host and the data.
 */
export interface CandidMock extends VendorMock<CandidMockCredentials> {
  /** msw handlers: token endpoint, then both hosts (token guard, then the API). `server.use(...mock.handlers)`. */
  handlers: HttpHandler[];
  /** Pre-encounter host served (no trailing slash). Accepts the same tokens as the core host. */
  preEncounterBaseUrl: string;
  /** The stored items by resource (`encounters`, `patients`, `coverages`, `appointments`, `payers`, `chargeCaptures`, `events`, `tasks`). */
  data: CandidMockData;
  /** The API part: its indexed operations and the request validator, for your own checks. */
  api: CandidApi;
}

/**
 * Creates a mock Candid Health for msw that speaks Candid's real API, from the same description the
 * client is typed by: every operation on its own host (core paths under `/api/`, pre-encounter paths
 * without), each request validated the way Candid does (required fields, types, enums; an unknown
 * operation answers 404) with Candid's error bodies (`{errorName, content}`, e.g. 422
 * `HttpRequestValidationsError` with `[{fieldName, humanReadableMessage}]`). Encounters, patients,
 * coverages, appointments, payers, charge captures, events and tasks keep state (lists page with
 * `page_token` / `next_page_token`; events newest first); every other operation answers a deterministic
 * value valid against its response schema.
 *
 * The token endpoint behaves as documented: `POST /api/auth/v2/token` with `client_id` and
 * `client_secret` as JSON or a form; another content type answers 415 `InvalidContentTypeError`,
 * missing fields 422, wrong credentials 401 `UnauthorizedError`, minting past `tokenRateLimit` 429
 * `TooManyRequestsError`. Tokens are JWTs with `expires_in`; API calls on either host need a live one.
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
  const baseUrl = (options.baseUrl ?? hosts.candidApi).replace(/\/+$/, "");
  const preEncounterBaseUrl = (options.preEncounterBaseUrl ?? hosts.preEncounter).replace(/\/+$/, "");
  const tokenUrl = options.tokenUrl ?? candidTokenUrl(baseUrl);
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
  const api = createCandidApi(description as unknown as OpenApiDocument, {
    now: () => chassis.clock.now(),
    seed: { payers: examplePayers(), events: exampleEvents(), ...options.seed },
  });
  const token = chassis.tokenEndpoint(
    candidTokenRules({
      credentials,
      issue: chassis.issuer.issue,
      lifetimeSeconds: () => chassis.issuer.lifetimeSeconds,
      now: () => chassis.clock.now(),
      rateLimit: options.tokenRateLimit,
    }),
  );
  const guard = chassis.apiGuard(candidGuardRules);
  const serve = (base: string, host: "candidApi" | "preEncounter") => async (request: Request) => {
    const refused = await guard(request);
    if (refused) return refused;
    return api.handle(
      request,
      host,
      new URL(request.url).pathname.slice(new URL(base).pathname.replace(/\/$/, "").length),
    );
  };
  // The token endpoint first; then the core host's /api/… (also when both hosts share one origin).
  const handlers = [
    http.post(tokenUrl, ({ request }) => token(request)),
    http.all(`${baseUrl}/api/*`, ({ request }) => serve(baseUrl, "candidApi")(request)),
    http.all(`${preEncounterBaseUrl}/*`, ({ request }) =>
      serve(preEncounterBaseUrl, "preEncounter")(request),
    ),
  ];
  const respond = (request: Request) => getResponse(handlers, request);
  return {
    ...chassis.mock({ credentials, baseUrl, tokenUrl, respond }),
    handlers,
    preEncounterBaseUrl,
    data: api.data,
    api,
  };
}
