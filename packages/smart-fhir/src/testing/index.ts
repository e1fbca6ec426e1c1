/**
 * Test kit for `@caduceus/smart-fhir`: a mock SMART Backend Services server as msw handlers — its
 * smart-configuration, a token endpoint that verifies client assertions against the registered public
 * key (signature, `iss`/`sub`, `aud`, `exp`, `jti` replay), and an in-memory FHIR R4 endpoint over
 * every R4 resource type: `@caduceus/fhir-mock`'s server (read, vread, search by GET and POST with FHIR
 * R4 search, refusing what it does not implement, create, update, patch, delete, history, conditional
 * requests, `$everything`), plus Bulk Data export jobs (kick-off, status, cancel, NDJSON files). Needs
 * the optional peer dependencies `msw` and `@caduceus/fhir-mock`.
 *
 * @example
 * ```ts
 * const mock = await createSmartFhirMock();
 * server.use(...mock.handlers);
 * const fhir = createSmartFhirClient(mock.clientOptions);
 * ```
 *
 * @module
 */
import { type Clock, systemClock } from "@caduceus/auth-core";
import {
  createMockControls,
  createTokenIssuer,
  type MockControls,
  type TokenIssuer,
} from "@caduceus/auth-core/testing";
import {
  FhirMockServer,
  type FhirStore,
  fhirError,
  fhirFailure,
  handleFhirRequest,
} from "@caduceus/fhir-mock";
import { exportJWK, generateKeyPair, type JSONWebKeySet } from "jose";
import { type HttpHandler, HttpResponse, http } from "msw";
import { BulkExportJobs, type BulkExportJobsOptions } from "./bulk-export.js";
import { checkTokenRequest } from "./token-endpoint.js";

export { FhirStore, type StoredResource } from "@caduceus/fhir-mock";
export { type BulkExportJob, BulkExportJobs, type BulkExportJobsOptions } from "./bulk-export.js";
export { type AssertionCheck, checkTokenRequest, type TokenEndpointRefusal } from "./token-endpoint.js";

/** Options of {@link createSmartFhirMock}. */
export interface SmartFhirMockOptions {
  /** FHIR base URL the mock serves. @defaultValue `"https://fhir.smart-mock.test/r4"` */
  fhirBaseUrl?: string;
  /** Same as `fhirBaseUrl` (the name every Caduceus mock kit takes); `fhirBaseUrl` wins. */
  baseUrl?: string;
  /** Token endpoint it advertises and serves. @defaultValue `"https://fhir.smart-mock.test/auth/token"` */
  tokenUrl?: string;
  /** Registered client id. @defaultValue `"smart-mock-client"` */
  clientId?: string;
  /** Key algorithm of the generated key pair. @defaultValue `"ES384"` */
  algorithm?: "RS384" | "ES384";
  /** Advertised `token_endpoint_auth_signing_alg_values_supported`. @defaultValue `["RS384", "ES384"]` */
  signingAlgorithms?: string[];
  /** Clock for token expiry and assertion checks; pass the client's fake clock. @defaultValue the system clock */
  clock?: Clock;
  /** Seconds of issued token lifetime. @defaultValue `300` */
  tokenLifetimeSeconds?: number;
  /** How the Bulk Data export jobs progress. */
  bulkExport?: BulkExportJobsOptions;
}

/** A token request the mock saw and how it answered. */
export interface SeenTokenRequest {
  /** The form fields as sent. */
  form: URLSearchParams;
  /** HTTP status of the answer. */
  status: number;
  /** The OAuth error when refused. */
  error?: string;
}

/** The running mock: handlers for msw, the client's options, and what it saw. */
export interface SmartFhirMock {
  /** msw handlers: smart-configuration, token endpoint, FHIR endpoint. */
  handlers: HttpHandler[];
  /** Options for `createSmartFhirClient` that work against this mock (a private JWK, `keyId`). */
  clientOptions: {
    /** The FHIR base URL the mock serves (its smart-configuration lives under it). */
    fhirBaseUrl: string;
    /** The client id registered with the mock. */
    clientId: string;
    /** The private key (a JWK) whose public half the mock has registered. */
    privateKey: JsonWebKey;
    /** The `kid` of that key in the mock's JWKS. */
    keyId: string;
    /** The scopes the mock grants, space-separated. */
    scope: string;
  };
  /** The same options under the name every Caduceus mock kit uses. */
  credentials: SmartFhirMock["clientOptions"];
  /** The FHIR base URL it serves. */
  baseUrl: string;
  /** The token endpoint it serves (and advertises in its smart-configuration). */
  tokenUrl: string;
  /** The registered public keys (what you would give an EHR). */
  jwks: JSONWebKeySet;
  /** Token requests, in order. */
  tokenRequests: SeenTokenRequest[];
  /** How many times the smart-configuration was fetched. */
  discoveryRequests: number;
  /** FHIR requests, as `METHOD path?query`. */
  apiRequests: string[];
  /** The FHIR data (`server.store`); seeded with Patient `example` and one Observation about them. */
  store: FhirStore;
  /** The FHIR server answering the FHIR endpoint (`@caduceus/fhir-mock`), over every FHIR R4 resource type. */
  server: FhirMockServer;
  /** The access tokens it issued (revoke them to make the next call a 401). */
  issuer: TokenIssuer;
  /** Request counters and injected token-endpoint faults. */
  controls: MockControls;
  /** The Bulk Data export jobs (`$export` kick-offs, their status URLs and NDJSON files). */
  bulkExport: BulkExportJobs;
}

/**
 * Starts a mock SMART Backend Services server with a fresh key pair registered for one client.
 *
 * @example
 * ```ts
 * const mock = await createSmartFhirMock({ algorithm: "RS384" });
 * ```
 */
export async function createSmartFhirMock(options: SmartFhirMockOptions = {}): Promise<SmartFhirMock> {
  const fhirBaseUrl = (options.fhirBaseUrl ?? options.baseUrl ?? "https://fhir.smart-mock.test/r4").replace(
    /\/$/,
    "",
  );
  const tokenUrl = options.tokenUrl ?? "https://fhir.smart-mock.test/auth/token";
  const clientId = options.clientId ?? "smart-mock-client";
  const algorithm = options.algorithm ?? "ES384";
  const clock = options.clock ?? systemClock;
  const now = () => clock.now();
  const keyId = `${algorithm.toLowerCase()}-1`;
  const pair = await generateKeyPair(algorithm, { extractable: true });
  const jwks: JSONWebKeySet = {
    keys: [{ ...(await exportJWK(pair.publicKey)), kid: keyId, alg: algorithm, use: "sig" }],
  };
  const server = new FhirMockServer({ baseUrl: fhirBaseUrl, clock });
  const store = server.store;
  store.put({ resourceType: "Patient", id: "example", name: [{ family: "Chalmers", given: ["Peter"] }] });
  store.put({
    resourceType: "Observation",
    id: "example-bp",
    status: "final",
    code: { text: "Blood pressure" },
    subject: { reference: "Patient/example" },
  });
  const seenJti = new Set<string>();
  const issuer = createTokenIssuer({
    clock,
    lifetimeSeconds: options.tokenLifetimeSeconds ?? 300,
    issuer: "smart-mock",
  });
  const controls = createMockControls();

  const clientOptions = {
    fhirBaseUrl,
    clientId,
    privateKey: (await exportJWK(pair.privateKey)) as JsonWebKey,
    keyId,
    scope: "system/*.rs",
  };
  const mock: SmartFhirMock = {
    handlers: [],
    clientOptions,
    credentials: clientOptions,
    baseUrl: fhirBaseUrl,
    tokenUrl,
    jwks,
    tokenRequests: [],
    discoveryRequests: 0,
    apiRequests: [],
    store,
    server,
    issuer,
    controls,
    bulkExport: new BulkExportJobs(fhirBaseUrl, store, now, options.bulkExport),
  };

  const authorized = (request: Request): Response | undefined => {
    controls.stats.apiRequests++;
    if (issuer.check(request.headers.get("authorization")).ok) return undefined;
    controls.stats.unauthorized++;
    return fhirError(fhirFailure(401, "login", "a valid bearer token is required").error);
  };

  mock.handlers = [
    http.get(`${fhirBaseUrl}/.well-known/smart-configuration`, () => {
      mock.discoveryRequests++;
      return HttpResponse.json({
        token_endpoint: tokenUrl,
        token_endpoint_auth_methods_supported: ["private_key_jwt"],
        token_endpoint_auth_signing_alg_values_supported: options.signingAlgorithms ?? ["RS384", "ES384"],
        grant_types_supported: ["client_credentials"],
        scopes_supported: ["system/*.rs", "system/Patient.rs", "system/Observation.rs"],
        capabilities: ["client-confidential-asymmetric"],
      });
    }),
    http.post(tokenUrl, async ({ request }) => {
      controls.stats.tokenRequests++;
      const fault = controls.takeTokenFault();
      if (fault) return fault;
      const form = new URLSearchParams(await request.text());
      const result = await checkTokenRequest(form, {
        clientId,
        jwks,
        tokenUrl,
        now,
        clockToleranceSeconds: 60,
        seenJti,
      });
      if ("error" in result) {
        const status = result.error === "invalid_client" ? 401 : 400;
        mock.tokenRequests.push({ form, status, error: result.error });
        return HttpResponse.json(result, { status });
      }
      mock.tokenRequests.push({ form, status: 200 });
      return HttpResponse.json({
        access_token: issuer.issue(clientId),
        token_type: "bearer",
        expires_in: issuer.lifetimeSeconds,
        scope: result.scope,
      });
    }),
    http.all(`${fhirBaseUrl}/*`, async ({ request }) => {
      const url = new URL(request.url);
      const path = url.pathname.slice(new URL(fhirBaseUrl).pathname.length);
      mock.apiRequests.push(`${request.method} ${path}${url.search}`);
      // The CapabilityStatement (GET metadata) is public, as SMART's discovery expects.
      const refused = path === "/metadata" ? undefined : authorized(request);
      if (refused) return refused;
      // Bulk Data operations are routed here, before the FHIR RESTful API.
      const bulk = mock.bulkExport.route(request, path.split("/").filter(Boolean), url.searchParams);
      if (bulk) return bulk;
      return handleFhirRequest(server, request);
    }),
  ];

  return mock;
}
