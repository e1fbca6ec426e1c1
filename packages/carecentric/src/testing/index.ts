/**
 * `@caduceus/carecentric/testing`: a mock CareCentric for msw. Its token endpoints, API gateway and
 * FHIR R4 server behave as Graphnet documents them, so you can test your integration offline.
 */
import { type Clock, systemClock } from "@caduceus/auth-core";
import {
  createMockControls,
  createTokenIssuer,
  type MockControls,
  type MockStats,
  type TokenFault,
  type TokenIssuer,
} from "@caduceus/auth-core/testing";
import type { HttpHandler } from "msw";
import { careCentricTokenUrls } from "../preset.js";
import { apiHandlers } from "./api-handlers.js";
import { type Access, fhirError } from "./fhir-http.js";
import { FhirServer, operationOutcome } from "./fhir-server.js";
import { type MockResources, mockPatients, type ResourceType } from "./fixtures.js";
import { type IssuedGrant, type RecordedTokenRequest, tokenEndpoint } from "./token-endpoint.js";

export { type Access, FHIR_JSON } from "./fhir-http.js";
export {
  type FhirError,
  type FhirResult,
  FhirServer,
  type IssueType,
  operationOutcome,
  type WritableType,
} from "./fhir-server.js";
export {
  type MockResources,
  mockPatients,
  mockResources,
  NHS_NUMBER_SYSTEM,
  PRESCRIPTION_TYPE_SYSTEM,
  type ResourceType,
  resourceTypes,
} from "./fixtures.js";
export type { IssuedGrant, RecordedTokenRequest } from "./token-endpoint.js";

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

/** Options of {@link createCareCentricMock}. */
export interface CareCentricMockOptions {
  /** Clock on which tokens expire; pass the client's fake clock. Default: the real one. */
  clock?: Clock;
  /** Lifetime of issued tokens in seconds, i.e. their JWT `exp - iat`. Default 3600. */
  tokenLifetimeSeconds?: number;
  /** `expires_in` in password-grant answers; `null` leaves it out. Default 172800 (the docs' example). */
  expiresIn?: number | null;
  /** FHIR base URL the mock serves. Default `https://fhir.carecentric.test/R4`. */
  baseUrl?: string;
  /** One token endpoint for both grants (a customer-issued URL). Default: the two documented ones. */
  tokenUrl?: string;
  /** Expected credentials; defaults are {@link defaultMockCredentials}. */
  credentials?: Partial<CareCentricMockCredentials>;
}

/** An API request as the mock received it (lower-case header names). */
export interface RecordedApiRequest {
  /** HTTP method, upper-case as received. */
  method: string;
  /** Absolute URL, FHIR search parameters included. */
  url: string;
  /** Every header, names lower-case (`ocp-apim-subscription-key`, `authorization`, …). */
  headers: Record<string, string>;
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

/** A running mock: msw handlers plus the knobs and records tests assert on. */
export interface CareCentricMock {
  /** Pass to msw's `setupServer(...mock.handlers)` (or `server.use`). */
  handlers: HttpHandler[];
  /** Options for the password grant (user authorisation): `createCareCentricClient({ ...mock.credentials })`. */
  credentials: CareCentricMockClientOptions & {
    /** The user the password grant accepts. */
    username: string;
    /** That user's password. */
    password: string;
    /**
     * Space-separated scopes to ask for; default SMART `user/*.read user/*.write` plus `launch openid
     * profile`.
     */
    scope: string;
  };
  /** Options for client credentials (system to system): `createCareCentricClient({ ...mock.systemCredentials })`. */
  systemCredentials: CareCentricMockClientOptions;
  /** The credentials this mock accepts. */
  expected: CareCentricMockCredentials;
  /** FHIR base URL served. */
  baseUrl: string;
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
  /** Mints and checks tokens; `issuer.revokeAll()` makes the next API call answer 401. */
  issuer: TokenIssuer;
  /** Counters and the 429/5xx switch of the token endpoints. */
  controls: MockControls;
  /** Same as `controls.stats`: token requests, API requests, 401s. */
  stats: MockStats;
  /** The next `count` token requests answer `fault` (e.g. `{ status: 503 }`), then tokens again. */
  failTokenRequests(count: number, fault: TokenFault): void;
  /** Every token request received, headers and decoded form, in order. */
  tokenRequests: RecordedTokenRequest[];
  /** Every API request received, headers included, in order. */
  apiRequests: RecordedApiRequest[];
  /** Clears counters, queued faults and recorded requests (tokens and data stay). */
  reset(): void;
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
function scopeAllows(scope: string[], type: ResourceType, access: Access): boolean {
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
  const clock = options.clock ?? systemClock;
  const issuer = createTokenIssuer({
    clock,
    lifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
    issuer: "carecentric-mock",
  });
  const controls = createMockControls();
  const tokenRequests: RecordedTokenRequest[] = [];
  const apiRequests: RecordedApiRequest[] = [];
  const grantsByToken = new Map<string, IssuedGrant>();
  const server = new FhirServer(baseUrl, clock);
  const expiresIn = options.expiresIn === undefined ? 172800 : options.expiresIn;

  const endpoint = (url: string, grants: IssuedGrant["grant"][]) =>
    tokenEndpoint({
      url,
      grants,
      issuer,
      controls,
      recorded: tokenRequests,
      grantsByToken,
      expect: {
        ...expected,
        allowedScopes: (s) => SMART_SCOPE.test(s) || OTHER_SCOPES.includes(s),
        expiresIn: () => expiresIn,
      },
    });
  const tokenHandlers = options.tokenUrl
    ? [endpoint(options.tokenUrl, ["password", "client_credentials"])]
    : [
        endpoint(careCentricTokenUrls.password, ["password"]),
        endpoint(careCentricTokenUrls.clientCredentials, ["client_credentials"]),
      ];

  const gate = (request: Request, type: ResourceType, access: Access): Response | undefined => {
    controls.stats.apiRequests += 1;
    apiRequests.push({
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
    });
    const deny = (response: Response) => {
      controls.stats.unauthorized += 1;
      return response;
    };
    // Azure API Management checks the subscription key before the request reaches the FHIR server.
    const key = request.headers.get("ocp-apim-subscription-key");
    if (expected.subscriptionKey !== null && key !== expected.subscriptionKey) {
      const message =
        key === null
          ? "Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API."
          : "Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.";
      return deny(Response.json({ statusCode: 401, message }, { status: 401 }));
    }
    const authorization = request.headers.get("authorization");
    const check = issuer.check(authorization);
    if (!check.ok) {
      const challenge =
        check.reason === "missing"
          ? 'Bearer realm="CareCentric"'
          : `Bearer realm="CareCentric", error="invalid_token", error_description="The access token is ${check.reason}"`;
      const outcome = operationOutcome("login", `The access token is ${check.reason}.`);
      return deny(fhirError({ status: 401, outcome }, { "www-authenticate": challenge }));
    }
    const grant = grantsByToken.get(authorization!.replace(/^Bearer /i, ""));
    if (grant && !scopeAllows(grant.scope, type, access)) {
      const diagnostics = `The token's scopes do not allow ${access} access to ${type}.`;
      return fhirError({ status: 403, outcome: operationOutcome("forbidden", diagnostics) });
    }
    const format = new URL(request.url).searchParams.get("_format");
    if (format && !/json/i.test(format)) {
      const outcome = operationOutcome("not-supported", `_format=${format}: this mock answers JSON only.`);
      return fhirError({ status: 406, outcome });
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
  return {
    handlers: [...tokenHandlers, ...apiHandlers(baseUrl, server, gate)],
    credentials: { ...common, username, password, scope },
    systemCredentials: common,
    expected,
    baseUrl,
    tokenUrls: options.tokenUrl
      ? { password: options.tokenUrl, clientCredentials: options.tokenUrl }
      : { ...careCentricTokenUrls },
    patients: mockPatients,
    data: server.data,
    issuer,
    controls,
    stats: controls.stats,
    failTokenRequests: (count, fault) => controls.failTokenRequests(count, fault),
    tokenRequests,
    apiRequests,
    reset() {
      controls.reset();
      tokenRequests.length = 0;
      apiRequests.length = 0;
    },
  };
}
