import {
  createMockChassis,
  type MockOptions,
  type MockRequestRecord,
  recordOf,
  type VendorMock,
} from "@caduceus/auth-core/testing";
import { FhirMockServer, type FhirStore, handleFhirRequest } from "@caduceus/fhir-mock";
import { exportJWK, generateKeyPair, type JSONWebKeySet } from "jose";
import type { HttpHandler } from "msw";
import { BulkExportJobs, type BulkExportJobsOptions } from "./bulk-export.js";
import { SMART_FHIR_MOCK_DEFAULTS, seedExampleData, smartConfiguration } from "./fixtures.js";
import { createSmartFhirHandlers } from "./handlers.js";
import { smartGuardRules, smartTokenRules } from "./rules.js";

/** What a client needs to talk to the mock: `createSmartFhirClient(mock.credentials)`. */
export interface SmartFhirMockCredentials {
  /** The FHIR base URL the mock serves (its smart-configuration lives under it). */
  fhirBaseUrl: string;
  /** The client id registered with the mock (`iss` and `sub` of every assertion). */
  clientId: string;
  /** The private key (a JWK) whose public half the mock has registered. */
  privateKey: JsonWebKey;
  /** The `kid` of that key in the mock's JWKS. */
  keyId: string;
  /** The scopes the client asks for, space-separated (the mock grants the scope requested). */
  scope: string;
}

/**
 * Options of {@link createSmartFhirMock}: the common block (`clock`, `tokenLifetimeSeconds` default 300,
 * `baseUrl` default `https://fhir.smart-mock.test/r4`, `tokenUrl` default
 * `https://fhir.smart-mock.test/auth/token`, `credentials`: `clientId` and `scope`, the key pair is
 * always generated) and SMART's own.
 */
export interface SmartFhirMockOptions extends Omit<MockOptions<SmartFhirMockCredentials>, "credentials"> {
  /** The registered client id and the scope the client asks for; the key pair is generated. */
  credentials?: Partial<Pick<SmartFhirMockCredentials, "clientId" | "scope">>;
  /** FHIR base URL; wins over `baseUrl`. @deprecated use `baseUrl` */
  fhirBaseUrl?: string;
  /** Registered client id. @deprecated use `credentials.clientId` */
  clientId?: string;
  /** Key algorithm of the generated key pair. @defaultValue `"ES384"` */
  algorithm?: "RS384" | "ES384";
  /** Advertised `token_endpoint_auth_signing_alg_values_supported`. @defaultValue `["RS384", "ES384"]` */
  signingAlgorithms?: string[];
  /** How the Bulk Data export jobs progress. */
  bulkExport?: BulkExportJobsOptions;
}

/**
 * A mock SMART Backend Services server: the chassis' parts (`credentials`, `baseUrl`, `tokenUrl`,
 * `issuer`, `controls`, `tokenRequests`, `apiRequests`, `tenants`, `respond`, `reset`), msw handlers,
 * the registered keys, the FHIR data and the Bulk Data jobs.
 */
export interface SmartFhirMock extends VendorMock<SmartFhirMockCredentials> {
  /** msw handlers: smart-configuration, token endpoint, FHIR endpoint. `server.use(...mock.handlers)`. */
  handlers: HttpHandler[];
  /** The same as `credentials`. @deprecated use `credentials` */
  clientOptions: SmartFhirMockCredentials;
  /** The registered public keys (what you would give an EHR). */
  jwks: JSONWebKeySet;
  /** Every smart-configuration request received, in order (cleared by `reset`). */
  discoveryRequests: MockRequestRecord[];
  /** The FHIR data (`server.store`); seeded with Patient `example` and one Observation about them. */
  store: FhirStore;
  /** The FHIR server answering the FHIR endpoint (`@caduceus/fhir-mock`), over every FHIR R4 resource type. */
  server: FhirMockServer;
  /** The Bulk Data export jobs (`$export` kick-offs, their status URLs and NDJSON files). */
  bulkExport: BulkExportJobs;
}

/**
 * Creates a mock SMART Backend Services server with a fresh key pair registered for one client, for
 * msw (`handlers`) or any adapter (`respond`). The token endpoint verifies each client assertion
 * (signature, `iss`/`sub`, `aud`, `exp`, `jti` replay); every FHIR call but `GET metadata` needs a live
 * token, else 401 with an OperationOutcome; `$export` routes go to the Bulk Data jobs.
 *
 * @example
 * ```ts
 * const mock = await createSmartFhirMock({ algorithm: "RS384" });
 * server.use(...mock.handlers);
 * const fhir = createSmartFhirClient(mock.credentials);
 * ```
 */
export async function createSmartFhirMock(options: SmartFhirMockOptions = {}): Promise<SmartFhirMock> {
  const baseUrl = (options.fhirBaseUrl ?? options.baseUrl ?? SMART_FHIR_MOCK_DEFAULTS.baseUrl).replace(
    /\/$/,
    "",
  );
  const tokenUrl = options.tokenUrl ?? SMART_FHIR_MOCK_DEFAULTS.tokenUrl;
  const algorithm = options.algorithm ?? "ES384";
  const keyId = `${algorithm.toLowerCase()}-1`;
  const pair = await generateKeyPair(algorithm, { extractable: true });
  const jwks: JSONWebKeySet = {
    keys: [{ ...(await exportJWK(pair.publicKey)), kid: keyId, alg: algorithm, use: "sig" }],
  };
  const credentials: SmartFhirMockCredentials = {
    fhirBaseUrl: baseUrl,
    clientId: options.credentials?.clientId ?? options.clientId ?? SMART_FHIR_MOCK_DEFAULTS.clientId,
    privateKey: (await exportJWK(pair.privateKey)) as JsonWebKey,
    keyId,
    scope: options.credentials?.scope ?? SMART_FHIR_MOCK_DEFAULTS.scope,
  };
  const chassis = createMockChassis({
    issuer: "smart-mock",
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 300,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const now = () => chassis.clock.now();
  const server = new FhirMockServer({ baseUrl, clock: chassis.clock });
  seedExampleData(server.store);
  const bulkExport = new BulkExportJobs(baseUrl, server.store, now, options.bulkExport);
  const configuration = smartConfiguration(tokenUrl, options.signingAlgorithms ?? ["RS384", "ES384"]);
  const token = chassis.tokenEndpoint(
    smartTokenRules({
      clientId: credentials.clientId,
      jwks,
      tokenUrl,
      now,
      issue: chassis.issuer.issue,
      lifetimeSeconds: () => chassis.issuer.lifetimeSeconds,
    }),
  );
  const guard = chassis.apiGuard(smartGuardRules);
  const discoveryRequests: MockRequestRecord[] = [];
  const { origin: tokenOrigin, pathname: tokenPath } = new URL(tokenUrl);
  const basePath = new URL(baseUrl).pathname;

  const respond = async (request: Request): Promise<Response | undefined> => {
    const url = new URL(request.url);
    // Matched on origin and path, as msw matches its handlers (the query is ignored).
    const endpoint = `${url.origin}${url.pathname}`;
    if (endpoint === `${tokenOrigin}${tokenPath}`)
      return request.method === "POST" ? token(request) : undefined;
    if (!endpoint.startsWith(`${baseUrl}/`)) return undefined;
    const path = url.pathname.slice(basePath.length);
    if (path === "/.well-known/smart-configuration") {
      if (request.method !== "GET") return undefined;
      discoveryRequests.push(recordOf(request));
      return Response.json(configuration);
    }
    // The CapabilityStatement (GET metadata) is public, as SMART's discovery expects.
    if (!(path === "/metadata" && request.method === "GET")) {
      const refused = await guard(request);
      if (refused) return refused;
    }
    // Bulk Data operations are routed here, before the FHIR RESTful API.
    return (
      bulkExport.route(request, path.split("/").filter(Boolean), url.searchParams) ??
      handleFhirRequest(server, request)
    );
  };

  const parts = chassis.mock({ credentials, baseUrl, tokenUrl, respond });
  return {
    ...parts,
    reset() {
      parts.reset();
      discoveryRequests.length = 0;
    },
    handlers: createSmartFhirHandlers(baseUrl, tokenUrl, parts.respond),
    clientOptions: credentials,
    jwks,
    discoveryRequests,
    store: server.store,
    server,
    bulkExport,
  };
}
