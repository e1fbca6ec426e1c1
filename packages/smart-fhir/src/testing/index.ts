/**
 * Test kit for `@caduceus/smart-fhir`: a mock SMART Backend Services server as msw handlers — its
 * smart-configuration, a token endpoint that verifies client assertions against the registered public
 * key (signature, `iss`/`sub`, `aud`, `exp`, `jti` replay), and a small in-memory FHIR R4 endpoint
 * (read, vread, search by GET and POST, create, update, patch, delete, history, `$everything`,
 * `$export` kick-off). Needs the optional peer dependency `msw`.
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
import { exportJWK, generateKeyPair, type JSONWebKeySet } from "jose";
import { type HttpHandler, HttpResponse, http } from "msw";
import { BulkExportJobs, type BulkExportJobsOptions } from "./bulk-export.js";
import { bundleOf, FhirStore, outcome, type StoredResource } from "./fhir-store.js";
import { checkTokenRequest } from "./token-endpoint.js";

export { type BulkExportJob, BulkExportJobs, type BulkExportJobsOptions } from "./bulk-export.js";
export { FhirStore, type StoredResource } from "./fhir-store.js";
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
  /** The FHIR data; seeded with Patient `example` and one Observation about them. */
  store: FhirStore;
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
  const store = new FhirStore(now);
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
    issuer,
    controls,
    bulkExport: new BulkExportJobs(fhirBaseUrl, store, now, options.bulkExport),
  };

  const fhir = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    HttpResponse.json(body as Record<string, unknown>, {
      status,
      headers: { "content-type": "application/fhir+json", ...headers },
    });

  const authorized = (request: Request): Response | undefined => {
    controls.stats.apiRequests++;
    if (issuer.check(request.headers.get("authorization")).ok) return undefined;
    controls.stats.unauthorized++;
    return fhir(401, outcome("login", "a valid bearer token is required"));
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
      const refused = authorized(request);
      if (refused) return refused;
      return route(request, path.split("/").filter(Boolean), url.searchParams);
    }),
  ];

  async function route(request: Request, parts: string[], query: URLSearchParams): Promise<Response> {
    const [type, id, op, vid] = parts;
    const method = request.method;
    const bulk = mock.bulkExport.route(request, parts, query);
    if (bulk) return bulk;
    if (!type) return fhir(404, outcome("not-found", "no such path"));
    if (!id && method === "GET")
      return fhir(200, bundleOf("searchset", fhirBaseUrl, store.search(type, query)));
    if (!id && method === "POST") {
      const created = store.put({ ...((await request.json()) as object), resourceType: type, id: undefined });
      return fhir(201, created, { location: `${fhirBaseUrl}/${type}/${created.id}/_history/1` });
    }
    if (id === "_search" && method === "POST") {
      const form = new URLSearchParams(await request.text());
      return fhir(200, bundleOf("searchset", fhirBaseUrl, store.search(type, form)));
    }
    if (!id) return fhir(405, outcome("not-supported", `${method} is not supported here`));
    if (op === "$everything" && type === "Patient")
      return fhir(200, bundleOf("searchset", fhirBaseUrl, store.everything(id)));
    if (op === "_history" && vid) {
      const version = store.history(type, id).find((stored) => stored.meta.versionId === vid);
      return version
        ? fhir(200, version)
        : fhir(404, outcome("not-found", `${type}/${id} has no version ${vid}`));
    }
    if (op === "_history")
      return fhir(200, bundleOf("history", fhirBaseUrl, store.history(type, id).reverse()));
    const current = store.read(type, id);
    if (method === "GET")
      return current ? fhir(200, current) : fhir(404, outcome("not-found", `${type}/${id} is not known`));
    if (method === "PUT") {
      const body = (await request.json()) as StoredResource;
      if (body.resourceType !== type || body.id !== id)
        return fhir(400, outcome("invalid", "resourceType and id must match the URL"));
      return fhir(current ? 200 : 201, store.put(body, id));
    }
    if (method === "PATCH") {
      if (!current) return fhir(404, outcome("not-found", `${type}/${id} is not known`));
      const patch = (await request.json()) as Array<{ op: string; path: string; value?: unknown }>;
      const next: Record<string, unknown> = structuredClone(current);
      for (const step of patch) {
        const field = step.path.replace(/^\//, "");
        if (field.includes("/") || !["add", "replace", "remove"].includes(step.op))
          return fhir(422, outcome("not-supported", "the mock patches top-level elements only"));
        if (step.op === "remove") delete next[field];
        else next[field] = step.value;
      }
      return fhir(200, store.put(next, id));
    }
    if (method === "DELETE") {
      store.delete(type, id);
      return new HttpResponse(null, { status: 204 });
    }
    return fhir(405, outcome("not-supported", `${method} is not supported here`));
  }

  return mock;
}
