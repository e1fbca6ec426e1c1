import { createMockChassis, type MockOptions, type VendorMock } from "@caduceus/auth-core/testing";
import { getResponse, type HttpHandler, http } from "msw";
import {
  PARCHMENT_SCOPES,
  type ParchmentEnvironment,
  type ParchmentScope,
  parchmentEnvironments,
} from "../preset.js";
import { defaultCredentials, exampleIds, type ParchmentMockCredentials } from "./fixtures.js";
import { apiHandlers } from "./handlers.js";
import { parchmentGuardRules, parchmentTokenRules } from "./rules.js";
import { createState } from "./state.js";

/**
 * Options of {@link createParchmentMock}: the common block (`clock`; `tokenLifetimeSeconds` default 3600,
 * reported as `data.expiresIn` and in the JWT `exp`; `baseUrl` default the environment's; `tokenUrl`
 * default `{baseUrl}/v1/token`; `credentials` default the {@link ParchmentMockCredentials} fakes) and
 * Parchment's own.
 */
export interface ParchmentMockOptions extends MockOptions<ParchmentMockCredentials> {
  /** Which deployment's URLs to serve. Default `"production"`, the client's default. */
  environment?: ParchmentEnvironment;
  /** More user ids of the organisation, besides `credentials.userId` and `usr_mock_receptionist`. */
  userIds?: readonly string[];
  /** Scopes the organisation may be granted (granted = requested ∩ these). Default: all documented. */
  allowedScopes?: readonly ParchmentScope[];
}

/**
 * A mock Parchment Health: the chassis' parts (`credentials`, `baseUrl` default
 * `https://api.parchmenthealth.io/external`, `tokenUrl`, `issuer`, `controls`, `tokenRequests`,
 * `apiRequests` whose `subject` is `{organizationId}/{userId}`, `respond`, `reset`), msw handlers and the
 * ids of the example records.
 */
export interface ParchmentMock extends VendorMock<ParchmentMockCredentials> {
  /** Pass to msw's `setupServer(...mock.handlers)` (or `server.use`). */
  handlers: HttpHandler[];
  /** Ids of the example records (a second user, a patient with prescriptions, a custom drug). */
  ids: typeof exampleIds;
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
  const chassis = createMockChassis({
    issuer: "parchment-mock",
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.tokenLifetimeSeconds ? { tokenLifetimeSeconds: options.tokenLifetimeSeconds } : {}),
  });
  const state = createState({
    clock: chassis.clock,
    issuer: chassis.issuer,
    expected: credentials,
    userIds: [credentials.userId, ...(options.userIds ?? [])],
    allowedScopes: new Set(options.allowedScopes ?? PARCHMENT_SCOPES),
  });
  const token = chassis.tokenEndpoint(parchmentTokenRules(state));
  const guard = chassis.apiGuard(parchmentGuardRules(state));
  // The token endpoint lies under the base URL, so it comes before the guard, which falls through.
  const handlers = [
    http.post(tokenUrl, ({ request }) => token(request)),
    http.all(`${baseUrl}/*`, ({ request }) => guard(request)),
    ...apiHandlers(state, baseUrl),
  ];
  const respond = (request: Request) => getResponse(handlers, request);
  return {
    ...chassis.mock({ credentials, baseUrl, tokenUrl, respond }),
    handlers,
    ids: exampleIds,
  };
}
