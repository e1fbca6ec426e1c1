/**
 * A mock Parchment Health for tests and demos (`@caduceus/parchment/testing`): msw handlers for the
 * token endpoint and the API, with Parchment's envelopes, errors and expiring tokens. Needs the
 * optional peer dependencies `msw` and `openapi-msw`.
 */
import { type Clock, systemClock } from "@caduceus/auth-core";
import {
  createMockControls,
  createTokenIssuer,
  type MockControls,
  type TokenIssuer,
} from "@caduceus/auth-core/testing";
import type { HttpHandler } from "msw";
import {
  PARCHMENT_SCOPES,
  type ParchmentEnvironment,
  type ParchmentScope,
  parchmentEnvironments,
} from "../preset.js";
import { apiHandlers } from "./api-handlers.js";
import { defaultCredentials, exampleIds, type ParchmentMockCredentials } from "./fixtures.js";
import { createState, type ParchmentApiRequestRecord, type ParchmentTokenRequestRecord } from "./state.js";
import { tokenHandler } from "./token-endpoint.js";

export { type ParchmentProblemType, parchmentError } from "./envelope.js";
export type { ParchmentMockCredentials } from "./fixtures.js";
export type { ParchmentApiRequestRecord, ParchmentTokenRequestRecord } from "./state.js";

/** Options of {@link createParchmentMock}. */
export interface ParchmentMockOptions {
  /** Time source; pass the client's fake clock so tokens expire on it. Default: the real clock. */
  clock?: Clock;
  /** Lifetime of issued tokens, reported as `data.expiresIn` and in the JWT `exp`. Default 3600. */
  tokenLifetimeSeconds?: number;
  /** Which deployment's URLs to serve. Default `"production"`, the client's default. */
  environment?: ParchmentEnvironment;
  /** API base URL to serve instead. Default: the environment's. */
  baseUrl?: string;
  /** Token endpoint to serve. Default `{baseUrl}/v1/token`. */
  tokenUrl?: string;
  /** Expected credentials (and the default `scope` of `credentials`). Default: {@link ParchmentMockCredentials} fakes. */
  credentials?: Partial<ParchmentMockCredentials>;
  /** More user ids of the organisation, besides `credentials.userId` and `usr_mock_receptionist`. */
  userIds?: readonly string[];
  /** Scopes the organisation may be granted (granted = requested ∩ these). Default: all documented. */
  allowedScopes?: readonly ParchmentScope[];
}

/** A running mock: msw handlers plus the knobs and records tests assert on. */
export interface ParchmentMock {
  /** Pass to msw's `setupServer(...mock.handlers)` (or `server.use`). */
  handlers: HttpHandler[];
  /** Mints and checks tokens; `issuer.revokeAll()` makes the next API call answer 401. */
  issuer: TokenIssuer;
  /** Counters and the 429/5xx switch of the token endpoint. */
  controls: MockControls;
  /** Credentials the mock accepts: `createParchmentClient({ ...mock.credentials })`. */
  credentials: ParchmentMockCredentials;
  /**
   * API base URL served, without a trailing slash: `options.baseUrl`, else the environment's
   * (`https://api.parchmenthealth.io/external` for the default `"production"`).
   */
  baseUrl: string;
  /** Token endpoint served: `options.tokenUrl`, else `{baseUrl}/v1/token`, where the client looks for it. */
  tokenUrl: string;
  /** Ids of the example records (a second user, a patient with prescriptions, a custom drug). */
  ids: typeof exampleIds;
  /** Every token request received, headers and parsed body, in order. */
  tokenRequests: ParchmentTokenRequestRecord[];
  /** Every API request received, with the user and scopes of its token. */
  apiRequests: ParchmentApiRequestRecord[];
}

/**
 * Creates a mock Parchment Health: `POST {base}/v1/token` checks the five `x-*` credential headers
 * and the camelCase JSON body exactly, and answers Parchment's envelope; API operations check
 * `x-organization-secret`, the token (401 after it expires on `clock`), the organisation and the
 * operation's scope, and answer realistic records kept in memory. Errors use Parchment's nested
 * RFC 7807-style envelope.
 *
 * @example
 * ```ts
 * const clock = createFakeClock();
 * const mock = createParchmentMock({ clock });
 * const server = setupServer(...mock.handlers); server.listen();
 * const parchment = createParchmentClient({ ...mock.credentials, clock });
 * await parchment.GET("/v1/organizations/{organization_id}/validate", { params: { path: { organization_id: mock.credentials.organizationId } } });
 * mock.controls.stats.tokenRequests; // 1
 * ```
 */
export function createParchmentMock(options: ParchmentMockOptions = {}): ParchmentMock {
  const environment = parchmentEnvironments[options.environment ?? "production"];
  const baseUrl = (options.baseUrl ?? environment.baseUrl!).replace(/\/$/, "");
  const tokenUrl = options.tokenUrl ?? `${baseUrl}/v1/token`;
  const credentials: ParchmentMockCredentials = {
    ...defaultCredentials,
    ...options.credentials,
    scope: [...(options.credentials?.scope ?? defaultCredentials.scope)],
  };
  const issuer = createTokenIssuer({
    lifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
    issuer: "parchment-mock",
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const controls = createMockControls();
  const state = createState({
    clock: options.clock ?? systemClock,
    issuer,
    controls,
    expected: credentials,
    userIds: [credentials.userId, ...(options.userIds ?? [])],
    allowedScopes: new Set(options.allowedScopes ?? PARCHMENT_SCOPES),
  });
  return {
    handlers: [tokenHandler(state, tokenUrl), ...apiHandlers(state, baseUrl)],
    issuer,
    controls,
    credentials,
    baseUrl,
    tokenUrl,
    ids: exampleIds,
    tokenRequests: state.tokenRequests,
    apiRequests: state.apiRequests,
  };
}
