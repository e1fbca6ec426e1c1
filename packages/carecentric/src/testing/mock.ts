import {
  createMockChassis,
  type MockOptions,
  type MockStats,
  type TokenFault,
  type VendorMock,
} from "@caduceus/auth-core/testing";
import { type FhirRoute, fhirError, operationOutcome } from "@caduceus/fhir-mock";
import { getResponse, type HttpHandler, http } from "msw";
import { careCentricTokenUrls } from "../preset.js";
import { FhirServer } from "./fhir-server.js";
import { type MockResources, mockPatients } from "./fixtures.js";
import { type Access, apiHandlers } from "./handlers.js";
import { careCentricGuardRules, careCentricTokenRules, type IssuedGrant } from "./rules.js";

/** The credentials a mock expects. `subscriptionKey: null` models a deployment without the API gateway. */
export interface CareCentricMockCredentials {
  /** `client_id` both token endpoints expect in the form body (never HTTP Basic); else `invalid_client`. */
  clientId: string;
  /** `client_secret` both token endpoints expect in the form body; else `invalid_client`. */
  clientSecret: string;
  /** User name the password grant expects; another answers 400 `invalid_grant`. */
  username: string;
  /** Password the password grant expects; another answers 400 `invalid_grant`. */
  password: string;
  /** Space-separated scopes the user flow asks for by default. */
  scope: string;
  /**
   * Azure API Management key the gateway expects in `Ocp-Apim-Subscription-Key` on every API call
   * (401 `{statusCode, message}` when missing or wrong, before any token check). `null`: no gateway,
   * the header is not checked.
   */
  subscriptionKey: string | null;
}

/**
 * Options of {@link createCareCentricMock}: the common block (`clock`; `tokenLifetimeSeconds` default 3600,
 * the JWT's `exp - iat`; `baseUrl` default `https://fhir.carecentric.test/R4`; `tokenUrl`, one endpoint
 * for both grants, a customer-issued URL, default the two documented ones; `credentials` default
 * {@link defaultMockCredentials}) and CareCentric's own.
 */
export interface CareCentricMockOptions extends MockOptions<CareCentricMockCredentials> {
  /** `expires_in` in password-grant answers; `null` leaves it out. Default 172800 (the docs' example). */
  expiresIn?: number | null;
}

/** Client options the mock accepts: spread them into `createCareCentricClient`. */
export interface CareCentricMockClientOptions {
  /** The client id the mock's token endpoints accept. */
  clientId: string;
  /** The client secret the mock's token endpoints accept. */
  clientSecret: string;
  /** The FHIR base URL the mock serves (CareCentric has no default one, so the client requires it). */
  baseUrl: string;
  /** Absent when the mock models a deployment without the gateway (`subscriptionKey: null`). */
  subscriptionKey?: string;
  /** Present when the mock serves one custom token URL. */
  tokenUrl?: string;
}

/** Client options for the password grant (user authorisation): the mock's `credentials`. */
export type CareCentricMockUserCredentials = CareCentricMockClientOptions & {
  /** The user the password grant accepts. */
  username: string;
  /** That user's password. */
  password: string;
  /** Space-separated scopes to ask for; default SMART `user/*.read user/*.write` plus `launch openid profile`. */
  scope: string;
};

/**
 * A mock CareCentric: the chassis' parts (`credentials` for the password grant, `baseUrl`, `tokenUrl`
 * the password grant's endpoint, `issuer`, `controls`, `tokenRequests`, `apiRequests`, `respond`,
 * `reset`), msw handlers, both token endpoints and the FHIR data.
 */
export interface CareCentricMock extends VendorMock<CareCentricMockUserCredentials> {
  /** Pass to msw's `setupServer(...mock.handlers)` (or `server.use`). */
  handlers: HttpHandler[];
  /** Options for client credentials (system to system): `createCareCentricClient({ ...mock.systemCredentials })`. */
  systemCredentials: CareCentricMockClientOptions;
  /** The credentials this mock accepts. */
  expected: CareCentricMockCredentials;
  /** Token endpoints served, per grant. */
  tokenUrls: {
    /**
     * Where the password grant is served: `options.tokenUrl`, else the documented
     * `https://prv-is.grhapp.com/connect/token`.
     */
    password: string;
    /**
     * Where the client-credentials grant is served: `options.tokenUrl`, else the documented
     * `https://coret1.syhapp.com/vlive/hpca/oauth/token`.
     */
    clientCredentials: string;
  };
  /** Ids and NHS numbers of the synthetic patients. */
  patients: typeof mockPatients;
  /** The live FHIR data, by resource type (writes land here). */
  data: MockResources;
  /** Same as `controls.stats`. @deprecated Use `controls.stats`, as with every vendor's mock. */
  stats: MockStats;
  /** Same as `controls.failTokenRequests`. @deprecated Use `controls.failTokenRequests`, as with every vendor's mock. */
  failTokenRequests(count: number, fault: TokenFault): void;
}

/** The fake credentials every mock expects unless told otherwise. Not real: safe to commit. */
export const defaultMockCredentials: CareCentricMockCredentials = {
  clientId: "caduceus-mock-client",
  clientSecret: "mock-client-secret",
  username: "amelia.khan",
  password: "mock-password",
  scope: "launch user/*.read user/*.write openid profile",
  subscriptionKey: "5f0c3e0a9b7d4c2e8a1f6b3d9e7c5a21",
};

const SMART_SCOPE = /^(user|patient|system)\/(\*|[A-Z][A-Za-z]+)\.(read|write|\*)$/;
const OTHER_SCOPES = ["launch", "launch/patient", "openid", "profile", "fhirUser", "offline_access"];

/** SMART scopes decide access when the token carries any; otherwise the client's agreed access applies. */
function scopeAllows(scope: string[], type: string, access: Access): boolean {
  const resourceScopes = scope.map((s) => SMART_SCOPE.exec(s)).filter((m) => m !== null);
  if (resourceScopes.length === 0) return true;
  return resourceScopes.some(
    ([, , what, how]) => (what === "*" || what === type) && (how === "*" || how === access),
  );
}

/**
 * Creates a mock CareCentric: msw `handlers` for both documented token endpoints, the API Management
 * gateway (`Ocp-Apim-Subscription-Key`) and a FHIR R4 server with two synthetic NHS patients. Tokens
 * expire on `clock`; an expired, unknown or missing token answers 401 with an OperationOutcome.
 *
 * @example
 * ```ts
 * const mock = createCareCentricMock();
 * const server = setupServer(...mock.handlers);
 * server.listen();
 * const client = createCareCentricClient({ ...mock.credentials });
 * const { data } = await client.GET("/Patient/{id}", { params: { path: { id: mock.patients.janeSmith.id } } });
 * ```
 */
export function createCareCentricMock(options: CareCentricMockOptions = {}): CareCentricMock {
  const expected: CareCentricMockCredentials = { ...defaultMockCredentials, ...options.credentials };
  const baseUrl = (options.baseUrl ?? "https://fhir.carecentric.test/R4").replace(/\/$/, "");
  const chassis = createMockChassis({
    issuer: "carecentric-mock",
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.tokenLifetimeSeconds ? { tokenLifetimeSeconds: options.tokenLifetimeSeconds } : {}),
  });
  const grantsByToken = new Map<string, IssuedGrant>();
  // Forget the grants of tokens no longer live whenever the map has doubled: a long-running mock stays flat.
  let sweepAt = 1024;
  const forgetDeadGrants = () => {
    if (grantsByToken.size < sweepAt) return;
    for (const token of grantsByToken.keys())
      if (!chassis.issuer.check(`Bearer ${token}`).ok) grantsByToken.delete(token);
    sweepAt = Math.max(1024, grantsByToken.size * 2);
  };
  const server = new FhirServer(baseUrl, chassis.clock);
  const expiresIn = options.expiresIn === undefined ? 172800 : options.expiresIn;
  const tokenUrls = options.tokenUrl
    ? { password: options.tokenUrl, clientCredentials: options.tokenUrl }
    : { ...careCentricTokenUrls };

  const endpoint = (url: string, grants: IssuedGrant["grant"][]) => {
    const answer = chassis.tokenEndpoint(
      careCentricTokenRules({
        grants,
        issue: chassis.issuer.issue,
        grantsByToken,
        expect: {
          ...expected,
          allowedScopes: (s) => SMART_SCOPE.test(s) || OTHER_SCOPES.includes(s),
          expiresIn: () => expiresIn,
        },
      }),
    );
    return http.post(url, async ({ request }) => {
      const response = await answer(request);
      forgetDeadGrants();
      return response;
    });
  };
  const tokenHandlers = options.tokenUrl
    ? [endpoint(options.tokenUrl, ["password", "client_credentials"])]
    : [
        endpoint(tokenUrls.password, ["password"]),
        endpoint(tokenUrls.clientCredentials, ["client_credentials"]),
      ];

  const guard = chassis.apiGuard(careCentricGuardRules(expected.subscriptionKey));
  // After the gateway and the token: the token's SMART scopes (`_format` is checked by the FHIR server).
  const gate = async (request: Request, { type, access }: FhirRoute) => {
    const denied = await guard(request);
    if (denied) return denied;
    const grant = grantsByToken.get(request.headers.get("authorization")!.replace(/^Bearer /i, ""));
    if (grant && !scopeAllows(grant.scope, type, access)) {
      const diagnostics = `The token's scopes do not allow ${access} access to ${type}.`;
      return fhirError({ status: 403, outcome: operationOutcome("forbidden", diagnostics) });
    }
    return undefined;
  };

  const { subscriptionKey, scope, username, password, clientId, clientSecret } = expected;
  const common = {
    clientId,
    clientSecret,
    baseUrl,
    ...(subscriptionKey === null ? {} : { subscriptionKey }),
    ...(options.tokenUrl ? { tokenUrl: options.tokenUrl } : {}),
  };
  const handlers = [...tokenHandlers, ...apiHandlers(baseUrl, server, gate)];
  return {
    ...chassis.mock({
      credentials: { ...common, username, password, scope },
      baseUrl,
      tokenUrl: tokenUrls.password,
      respond: (request) => getResponse(handlers, request),
    }),
    handlers,
    systemCredentials: common,
    expected,
    tokenUrls,
    patients: mockPatients,
    data: server.data,
    stats: chassis.controls.stats,
    failTokenRequests: (count, fault) => chassis.controls.failTokenRequests(count, fault),
  };
}
