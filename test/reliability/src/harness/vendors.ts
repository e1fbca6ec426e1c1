import { randomUUID } from "node:crypto";
import { createArzamedClient } from "@caduceus/arzamed";
import { createArzamedMock } from "@caduceus/arzamed/testing";
import type { AuthEventHandler, Clock, TokenStore } from "@caduceus/auth-core";
import { parseRequestBody } from "@caduceus/auth-core/testing";
import { createCandidClient } from "@caduceus/candid";
import { createCandidMock } from "@caduceus/candid/testing";
import { createCareCentricClient } from "@caduceus/carecentric";
import { createCareCentricMock } from "@caduceus/carecentric/testing";
import { createParchmentClient } from "@caduceus/parchment";
import { createParchmentMock } from "@caduceus/parchment/testing";
import { createSmartFhirClient } from "@caduceus/smart-fhir";
import { type AssertionCheck, checkTokenRequest } from "@caduceus/smart-fhir/testing";
import { createXcuresClient } from "@caduceus/xcures";
import { createXcuresMock } from "@caduceus/xcures/testing";
import type { Client } from "openapi-fetch";
import { canary } from "./canary.js";
import { generateKey, type KeyMaterial, type KeyType, keySecrets } from "./keys.js";
import type { KitBinding } from "./kit.js";
import type { Answer, Incoming } from "./loopback.js";
import type { MatrixVendorId } from "./vendor-ids.js";

/**
 * The vendors as the campaign sees them: how to build each client against a loopback origin
 * (through its public factory only), and how each vendor's token endpoint and API behave on the wire
 * (docs/vendors/<vendor>.md): request shapes checked exactly, answers and errors in the vendor's own shapes.
 */

export { MATRIX_VENDORS, type MatrixVendorId, VENDORS, type VendorId } from "./vendor-ids.js";

// openapi-fetch's client with the paths erased: the campaign calls paths the same way for every vendor.
// biome-ignore lint/suspicious/noExplicitAny: the campaign drives five differently typed clients alike
export type LooseClient = Client<any>;

/** One credential identity (a tenant) of a vendor; the secret fields hold canaries. */
export interface Creds {
  tenant: string;
  clientId: string;
  clientSecret: string;
  projectId: string;
  partnerId: string;
  partnerSecret: string;
  organizationId: string;
  organizationSecret: string;
  userId: string;
  username: string;
  password: string;
  subscriptionKey: string;
  /** The private key of a `private_key_jwt` client (SMART on FHIR): the secret in place of a shared one. */
  key?: KeyMaterial;
}

/** The credential fields that hold a shared secret (strings). */
export type SecretField = Exclude<keyof Creds, "key" | "tenant">;

/** Options every harness client gets, beside its credentials. */
export interface HarnessOptions {
  origin: string;
  /** Token endpoint origin when it differs from `origin` (connection refused, …). */
  tokenOrigin?: string;
  timeoutMs?: number;
  maxRetries?: number;
  clock?: Clock;
  tokenStore?: TokenStore;
  onEvent?: AuthEventHandler;
  fetch?: typeof fetch;
  /** The private key as handed to a `private_key_jwt` client (default: the PEM of `creds.key`). */
  privateKey?: JsonWebKey | string | CryptoKey;
}

export interface VendorSpec {
  id: MatrixVendorId;
  label: string;
  /** Path of the token endpoint on the loopback origin. */
  tokenPath: string;
  /** Path prefix of the API base URL on the loopback origin. */
  basePath: string;
  /** Names of the credential fields that are secrets (hold canaries). */
  secretFields: ReadonlyArray<SecretField>;
  /** Builds the client through the vendor's public factory. */
  create(creds: Creds, options: HarnessOptions): LooseClient;
  /** The vendor's public factory itself (for option fuzzing). */
  factory: (options: never) => unknown;
  /** API paths relative to the base URL (`get` is read-only, `post` takes a body). */
  paths(creds: Creds): { get: string; post: string };
  /**
   * The vendor's own `./testing` kit, which checks token requests and API calls (harness/kit.ts).
   * SMART on FHIR has none the harness can bind (its kit serves one client with a key of its own, not
   * tenants with theirs): `identify`, `tokenAnswer` and `apiHeaderProblem` play it.
   */
  kit?: KitBinding<Creds>;
  /** Without a kit: the tenant a token request authenticates as, or a problem (wrong shape, wrong secret). */
  identify?(
    request: Incoming,
    tenants: ReadonlyMap<string, Creds>,
  ): Promise<{ creds: Creds } | { problem: string }>;
  /** Without a kit: the success answer. `fields` overrides or removes (`undefined`) answer fields. */
  tokenAnswer?(token: string, expiresIn: number, fields?: TokenFieldOverrides): Answer;
  /** The vendor's error answer from its token endpoint. */
  tokenError(status: number, code: string, description: string, requestId?: string): Answer;
  /** Without a kit: what is wrong with an API call's vendor headers for the tenant, if anything. */
  apiHeaderProblem?(request: Incoming, creds: Creds): string | undefined;
  /** Added as `x-caduceus-hint` to a 401 that survives the replay. */
  hintsUnauthorized: boolean;
  /**
   * The SMART configuration document (RFC 8414-style metadata) served at
   * `{basePath}/{tenant}/.well-known/smart-configuration`, for vendors whose client discovers its token
   * endpoint; `origin` is the server's.
   */
  smartConfiguration?: (origin: string) => Record<string, unknown>;
}

/** The suffix of a FHIR base URL that names its SMART configuration document. */
export const SMART_CONFIGURATION = "/.well-known/smart-configuration";

/** Token answer fields a fault may replace: `accessToken`, `tokenType`, `expiresIn` (present key = override). */
export interface TokenFieldOverrides {
  accessToken?: unknown;
  tokenType?: unknown;
  expiresIn?: unknown;
  omit?: ReadonlyArray<"accessToken" | "tokenType" | "expiresIn">;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({
  status,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

/** The token request's fields when its body is `encoding` and well formed (the chassis' reading). */
function fieldsOf(request: Incoming, encoding: "json" | "form"): Record<string, unknown> | undefined {
  const body = parseRequestBody(request.headers["content-type"], new TextDecoder().decode(request.body));
  return body.encoding === encoding && body.wellFormed ? body.fields : undefined;
}
const formOf = (request: Incoming) => fieldsOf(request, "form");

/** Standard snake_case OAuth answer with optional overrides. */
function oauthAnswer(token: string, expiresIn: number, fields: TokenFieldOverrides = {}) {
  const body: Record<string, unknown> = { access_token: token, token_type: "Bearer", expires_in: expiresIn };
  if ("accessToken" in fields) body.access_token = fields.accessToken;
  if ("tokenType" in fields) body.token_type = fields.tokenType;
  if ("expiresIn" in fields) body.expires_in = fields.expiresIn;
  const names = { accessToken: "access_token", tokenType: "token_type", expiresIn: "expires_in" } as const;
  for (const field of fields.omit ?? []) delete body[names[field]];
  return body;
}

/** Where an RFC 6749 §5.1 token answer carries its fields. */
const OAUTH_ANSWER_FIELDS = { accessToken: "access_token", tokenType: "token_type", expiresIn: "expires_in" };

/** A scripted token-endpoint error whose body `shape` makes, its request id sent as `x-request-id`. */
const errorAnswer =
  (shape: (status: number, code: string, description: string) => unknown): VendorSpec["tokenError"] =>
  (status, code, description, requestId) =>
    json(status, shape(status, code, description), requestId ? { "x-request-id": requestId } : {});

/** RFC 6749 §5.2. */
const oauthError = errorAnswer((_status, error, error_description) => ({ error, error_description }));

const xcures: VendorSpec = {
  id: "xcures",
  factory: createXcuresClient,
  label: "xCures",
  tokenPath: "/oauth/token",
  basePath: "",
  secretFields: ["clientSecret"],
  create: (c, o) =>
    createXcuresClient({
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      projectId: c.projectId,
      baseUrl: o.origin,
      tokenUrl: `${o.tokenOrigin ?? o.origin}/oauth/token`,
      ...common(o),
    }) as LooseClient,
  paths: () => ({ get: "/api/v1/patient-registry/project", post: "/api/v2/patient-registry/subject" }),
  kit: {
    create: (origin, clock) => createXcuresMock({ baseUrl: origin, clock }),
    credentials: (c) => ({ clientId: c.clientId, clientSecret: c.clientSecret, projectId: c.projectId }),
    answerFields: OAUTH_ANSWER_FIELDS,
    notToTokenEndpoint: ["projectid"],
  },
  // xCures' service is NestJS: `{statusCode, message, error}`.
  tokenError: errorAnswer((statusCode, error, message) => ({ statusCode, error, message })),
  hintsUnauthorized: true,
};

const parchment: VendorSpec = {
  id: "parchment",
  factory: createParchmentClient,
  label: "Parchment",
  tokenPath: "/external/v1/token",
  basePath: "/external",
  secretFields: ["partnerSecret", "organizationSecret"],
  create: (c, o) =>
    createParchmentClient({
      partnerId: c.partnerId,
      partnerSecret: c.partnerSecret,
      organizationId: c.organizationId,
      organizationSecret: c.organizationSecret,
      userId: c.userId,
      scope: ["read:patient", "create:patient"],
      baseUrl: `${o.origin}/external`,
      ...(o.tokenOrigin ? { tokenUrl: `${o.tokenOrigin}/external/v1/token` } : {}),
      ...common(o),
    }) as LooseClient,
  paths: (c) => ({
    get: `/v1/organizations/${c.organizationId}/validate`,
    post: `/v1/organizations/${c.organizationId}/users/${c.userId}/patients`,
  }),
  kit: {
    create: (origin, clock) => createParchmentMock({ baseUrl: `${origin}/external`, clock }),
    credentials: (c) => ({
      partnerId: c.partnerId,
      partnerSecret: c.partnerSecret,
      organizationId: c.organizationId,
      organizationSecret: c.organizationSecret,
      userId: c.userId,
    }),
    answerFields: {
      accessToken: "data.accessToken",
      tokenType: "data.tokenType",
      expiresIn: "data.expiresIn",
    },
    notToApi: ["x-partner-secret"],
  },
  tokenError: (status, code, description, requestId) =>
    json(status, {
      success: false,
      statusCode: status,
      error: { type: `https://parchment.health/errors/${code}`, title: code, detail: description },
      timestamp: new Date().toISOString(),
      requestId: requestId ?? "req_0_000002",
    }),
  hintsUnauthorized: false,
};

const carecentric: VendorSpec = {
  id: "carecentric",
  factory: createCareCentricClient,
  label: "CareCentric",
  tokenPath: "/connect/token",
  basePath: "/fhir/R4",
  secretFields: ["clientSecret", "password", "subscriptionKey"],
  create: (c, o) =>
    createCareCentricClient({
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      username: c.username,
      password: c.password,
      scope: "user/*.read openid",
      subscriptionKey: c.subscriptionKey,
      baseUrl: `${o.origin}/fhir/R4`,
      tokenUrl: `${o.tokenOrigin ?? o.origin}/connect/token`,
      ...common(o),
    }) as LooseClient,
  paths: () => ({ get: "/Patient", post: "/Patient" }),
  kit: {
    create: (origin, clock) =>
      createCareCentricMock({ baseUrl: `${origin}/fhir/R4`, tokenUrl: `${origin}/connect/token`, clock }),
    credentials: (c) => ({
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      username: c.username,
      password: c.password,
      subscriptionKey: c.subscriptionKey,
    }),
    answerFields: OAUTH_ANSWER_FIELDS,
    notToTokenEndpoint: ["ocp-apim-subscription-key"],
  },
  tokenError: oauthError,
  hintsUnauthorized: true,
};

const candid: VendorSpec = {
  id: "candid",
  factory: createCandidClient,
  label: "Candid",
  tokenPath: "/api/auth/v2/token",
  // The core host's paths carry /api themselves (/api/payers/v3); both hosts are the loopback origin.
  basePath: "",
  secretFields: ["clientSecret"],
  create: (c, o) =>
    createCandidClient({
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      baseUrl: o.origin,
      preEncounterBaseUrl: o.origin,
      tokenUrl: `${o.tokenOrigin ?? o.origin}/api/auth/v2/token`,
      ...common(o),
    }) as LooseClient,
  paths: () => ({ get: "/api/payers/v3", post: "/api/encounters/v4" }),
  kit: {
    create: (origin, clock) => createCandidMock({ baseUrl: origin, preEncounterBaseUrl: origin, clock }),
    credentials: (c) => ({ clientId: c.clientId, clientSecret: c.clientSecret }),
    answerFields: OAUTH_ANSWER_FIELDS,
  },
  // Fern error union.
  tokenError: errorAnswer((_status, errorName, message) => ({ errorName, content: { message } })),
  hintsUnauthorized: false,
};

const arzamed: VendorSpec = {
  id: "arzamed",
  factory: createArzamedClient,
  label: "Arzamed",
  tokenPath: "/oauth2/token",
  basePath: "/api/v1",
  secretFields: ["clientSecret"],
  create: (c, o) =>
    createArzamedClient({
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      tokenUrl: `${o.tokenOrigin ?? o.origin}/oauth2/token`,
      baseUrl: `${o.origin}/api/v1`,
      ...common(o),
    }) as LooseClient,
  paths: () => ({ get: "/equipe/doctors", post: "/equipe/doctors" }),
  kit: {
    create: (origin, clock) =>
      createArzamedMock({ baseUrl: `${origin}/api/v1`, tokenUrl: `${origin}/oauth2/token`, clock }),
    credentials: (c) => ({ clientId: c.clientId, clientSecret: c.clientSecret }),
    answerFields: OAUTH_ANSWER_FIELDS,
  },
  tokenError: oauthError,
  hintsUnauthorized: false,
};

const SMART_SCOPE = "system/Patient.rs system/Observation.rs";
/** Every `jti` each simulated server has accepted (a `jti` must never be sent twice, retries included). */
const seenJti = new WeakMap<ReadonlyMap<string, Creds>, Set<string>>();

/**
 * SMART Backend Services (packages/smart-fhir/README.md, RFC 7523): the client finds the token endpoint in the FHIR
 * server's smart-configuration and authenticates each token request with a JWT client assertion
 * signed by its private key (RFC 7523 §2.2). Each tenant is its own FHIR base URL.
 */
const smartFhir: VendorSpec = {
  id: "smart-fhir",
  factory: createSmartFhirClient,
  label: "SMART on FHIR",
  tokenPath: "/auth/token",
  basePath: "/fhir",
  secretFields: [],
  create: (c, o) =>
    createSmartFhirClient({
      fhirBaseUrl: `${o.origin}/fhir/${c.tenant}`,
      clientId: c.clientId,
      privateKey: o.privateKey ?? keyOf(c).pem,
      scope: SMART_SCOPE,
      ...(o.tokenOrigin ? { tokenUrl: `${o.tokenOrigin}/auth/token` } : {}),
      ...common(o),
    }) as LooseClient,
  paths: () => ({ get: "/Patient", post: "/Patient" }),
  // The assertion itself is checked by the kit's own token-endpoint rules (signature against the
  // tenant's public key, iss = sub = client id, aud, exp at most five minutes after iat, jti never seen).
  async identify(request, tenants) {
    const form = formOf(request);
    if (!form) return { problem: "token request body is not a form" };
    if (request.headers.authorization)
      return { problem: "an Authorization header was sent to the token endpoint" };
    if (form.client_secret !== undefined) return { problem: "client_secret sent with private_key_jwt" };
    if (form.scope !== SMART_SCOPE) return { problem: "scope is not the one asked for" };
    const issuer = assertionIssuer(form.client_assertion);
    const creds = [...tenants.values()].find((c) => c.clientId === issuer);
    if (!creds) return { problem: "client_assertion iss is not a registered client" };
    const seen = seenJti.get(tenants) ?? new Set<string>();
    seenJti.set(tenants, seen);
    const checked = await checkTokenRequest(new URLSearchParams(form as Record<string, string>), {
      clientId: creds.clientId,
      jwks: {
        keys: [keyOf(creds).publicKey.export({ format: "jwk" }) as AssertionCheck["jwks"]["keys"][number]],
      },
      tokenUrl: `${request.url.origin}${this.tokenPath}`,
      now: () => Date.now(),
      clockToleranceSeconds: 60,
      seenJti: seen,
    });
    return "error" in checked ? { problem: checked.error_description } : { creds };
  },
  tokenAnswer: (token, expiresIn, fields) =>
    json(200, { ...oauthAnswer(token, expiresIn, fields), scope: SMART_SCOPE }),
  tokenError: oauthError,
  apiHeaderProblem: (request, creds) =>
    request.url.pathname.startsWith(`/fhir/${creds.tenant}/`)
      ? undefined
      : "token used outside its FHIR base URL",
  hintsUnauthorized: false,
  smartConfiguration: (origin) => ({
    token_endpoint: `${origin}/auth/token`,
    token_endpoint_auth_methods_supported: ["private_key_jwt"],
    token_endpoint_auth_signing_alg_values_supported: ["RS384", "ES384"],
    grant_types_supported: ["client_credentials"],
    scopes_supported: ["system/*.rs"],
    capabilities: ["client-confidential-asymmetric"],
  }),
};

/** The unverified `iss` of a JWT: which tenant's key to verify it with. */
function assertionIssuer(jwt: unknown): unknown {
  if (typeof jwt !== "string") return undefined;
  try {
    return (
      JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as { iss?: unknown }
    ).iss;
  } catch {
    return undefined;
  }
}

function keyOf(creds: Creds | undefined): KeyMaterial {
  if (!creds?.key) throw new Error("harness: a private_key_jwt tenant has no key");
  return creds.key;
}

/**
 * Every secret of a tenant as `[label, value]`, for the leak scanner and the echo faults: the shared
 * secret fields, and a private key's material in each form it could leak in (harness/keys.ts).
 */
export function watchedSecrets(spec: VendorSpec, creds: Creds): Array<[string, string]> {
  return [
    ...spec.secretFields.map((field): [string, string] => [field, creds[field]]),
    ...(creds.key ? keySecrets(creds.key) : []),
  ];
}

function common(o: HarnessOptions) {
  return {
    ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    ...(o.maxRetries !== undefined ? { maxRetries: o.maxRetries } : {}),
    ...(o.clock ? { clock: o.clock } : {}),
    ...(o.tokenStore ? { tokenStore: o.tokenStore } : {}),
    ...(o.onEvent ? { onEvent: o.onEvent } : {}),
    ...(o.fetch ? { fetch: o.fetch } : {}),
  };
}

export const VENDOR_SPECS: Readonly<Record<MatrixVendorId, VendorSpec>> = {
  xcures,
  parchment,
  carecentric,
  candid,
  arzamed,
  "smart-fhir": smartFhir,
};

/**
 * A tenant's credentials, every secret field a fresh canary; a `private_key_jwt` vendor's tenant also
 * gets a freshly generated key pair (`keyType`, default EC P-384).
 */
export function makeCreds(vendor: MatrixVendorId, tenant: string, keyType?: KeyType): Creds {
  const id = `${vendor}-${tenant}`;
  return {
    tenant,
    // xCures' client ids are UUIDs (its token endpoint refuses any other).
    clientId: vendor === "xcures" ? randomUUID() : `client-${id}`,
    clientSecret: canary(`SECRET-${id}`),
    projectId: `00000000-0000-4000-8000-${(Math.random() * 1e12).toFixed(0).padStart(12, "0")}`,
    partnerId: `partner-${id}`,
    partnerSecret: canary(`PARTNER-${id}`),
    organizationId: `org-${id}`,
    organizationSecret: canary(`ORGSECRET-${id}`),
    userId: `user-${id}`,
    username: `user-${id}@example.test`,
    password: canary(`PASSWORD-${id}`),
    subscriptionKey: canary(`SUBKEY-${id}`),
    ...(vendor === "smart-fhir" ? { key: generateKey(keyType) } : {}),
  };
}
