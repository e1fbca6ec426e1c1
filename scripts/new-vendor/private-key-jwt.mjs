// The files that differ for a vendor whose token endpoint takes a JWT client assertion signed with the
// client's private key (`--auth private_key_jwt`, RFC 7523 §2.2): the preset says so as data, the
// factory takes `privateKey` (and `keyId`) instead of a secret, and the mock verifies each assertion
// against the registered public key. No auth code: auth-core signs the assertions.

/**
 * Replaces the client-secret files of {@link vendorFiles} with their private_key_jwt versions.
 *
 * @param {Record<string, string>} files what vendorFiles made
 * @param {{ slug: string, pascal: string, camel: string, title: string, baseUrl: string, tokenUrl: string, sample: string }} v
 * @returns {Record<string, string>}
 */
export function privateKeyJwtFiles(files, v) {
  const pkg = JSON.parse(files["package.json"]);
  pkg.devDependencies = { ...pkg.devDependencies, jose: "6.2.18" };
  const readme = files["README.md"]
    .replace(
      "| `clientSecret` | string | required | OAuth client secret |",
      "| `privateKey` | PEM, JWK or CryptoKey | required | the private key whose public half is registered (private_key_jwt) |\n| `keyId` | string | optional | `kid` of the registered public key |",
    )
    .replace("clientSecret: process.env.CLIENT_SECRET!", "privateKey: process.env.PRIVATE_KEY_PEM!");
  return {
    ...files,
    "README.md": readme,
    "package.json": `${JSON.stringify(pkg, null, 2)}\n`,
    "src/preset.ts": `import { privateKeyJwtSigner } from "@caduceus/auth-core/private-key-jwt";
import type { TokenPreset, VendorEnvironment } from "@caduceus/auth-core/vendor";

/** Names of the environments {@link create${v.pascal}Client} knows. Add sandbox/staging from the vendor's docs. */
export type ${v.pascal}Environment = "production";

/** ${v.title}'s documented environments. */
export const ${v.camel}Environments: Readonly<Record<${v.pascal}Environment, VendorEnvironment>> = {
  production: { baseUrl: ${JSON.stringify(v.baseUrl)}, tokenUrl: ${JSON.stringify(v.tokenUrl)} },
};

/**
 * The ${v.title} token exchange as data: client credentials in a form body, the client authenticated by
 * a JWT assertion signed with its private key (\`private_key_jwt\`, RFC 7523 §2.2). Check the
 * algorithms and the documented maximum lifetime against the vendor's auth documentation. The signer
 * comes from \`@caduceus/auth-core/private-key-jwt\`, so only this vendor's users bundle it.
 */
export const ${v.camel}Preset: TokenPreset = {
  vendor: ${JSON.stringify(v.title)},
  encoding: "form",
  clientAuthentication: "private_key_jwt",
  clientAssertion: { algorithms: ["RS384", "ES384"] },
  assertionSigner: privateKeyJwtSigner,
};
`,
    "src/client.ts": `import type { CommonClientOptions } from "@caduceus/auth-core";
import { createVendorClient, defineVendor, normalizeScope, type PrivateKeyInput } from "@caduceus/auth-core/vendor";
import type { Client } from "openapi-fetch";
import type { paths } from "./generated/openapi.js";
import { type ${v.pascal}Environment, ${v.camel}Environments, ${v.camel}Preset } from "./preset.js";

/** Options of {@link create${v.pascal}Client}. */
export interface ${v.pascal}ClientOptions extends CommonClientOptions {
  /** OAuth client id. Required. */
  clientId: string;
  /** The private key registered (as its public half) with ${v.title}: a PKCS#8 PEM, a private JWK or a CryptoKey. Never logged. */
  privateKey: PrivateKeyInput;
  /** \`kid\` of the registered public key. */
  keyId?: string;
  /** Scopes to request: a space-separated string or an array. Default: none. */
  scope?: string | readonly string[];
  /** Which deployment to call. Default \`"production"\`. */
  environment?: ${v.pascal}Environment;
}

/** An openapi-fetch client typed by the ${v.title} description. */
export type ${v.pascal}Client = Client<paths>;

const ${v.camel} = defineVendor<${v.pascal}ClientOptions, ${v.pascal}Environment>({
  preset: ${v.camel}Preset,
  environments: ${v.camel}Environments,
  defaultEnvironment: "production",
  options: ["clientId", "privateKey", "keyId", "scope"],
  required: ["clientId"],
  optional: ["keyId"],
  credentials: (options) => {
    const scope = normalizeScope(${v.camel}Preset.vendor, options.scope);
    return {
      grant: "client_credentials",
      clientId: options.clientId,
      privateKey: options.privateKey,
      ...(options.keyId ? { keyId: options.keyId } : {}),
      ...(scope ? { scope } : {}),
    };
  },
});

/**
 * Creates a typed ${v.title} client: each token request carries a fresh assertion signed with
 * \`privateKey\`; tokens are fetched once per lifetime, shared per process, refreshed ahead of expiry,
 * and a call is replayed once after a 401.
 *
 * @throws AuthConfigError naming the option at fault.
 * @example
 * \`\`\`ts
 * const client = create${v.pascal}Client({ clientId, privateKey: pem });
 * const { data, error } = await client.GET(${JSON.stringify(v.sample)});
 * \`\`\`
 */
export function create${v.pascal}Client(options: ${v.pascal}ClientOptions): ${v.pascal}Client {
  return createVendorClient<paths, ${v.pascal}ClientOptions, ${v.pascal}Environment>(${v.camel}, options);
}
`,
    "src/testing/index.ts": `import { type Clock, systemClock } from "@caduceus/auth-core";
import { type MockControls, type TokenIssuer, createMockControls, createTokenIssuer } from "@caduceus/auth-core/testing";
import { createLocalJWKSet, exportJWK, generateKeyPair, type JSONWebKeySet, jwtVerify } from "jose";
import { type HttpHandler, HttpResponse, http } from "msw";
import { ${v.camel}Environments } from "../preset.js";

/** Options of {@link create${v.pascal}Mock}. */
export interface ${v.pascal}MockOptions {
  /** Clock the issued tokens expire on; pass the client's fake clock. */
  clock?: Clock;
  /** Lifetime of issued tokens, in seconds. Default 3600. */
  tokenLifetimeSeconds?: number;
  baseUrl?: string;
  tokenUrl?: string;
}

/** A mock ${v.title}: msw handlers plus its token authority, switches and the registered key pair. */
export interface ${v.pascal}Mock {
  handlers: HttpHandler[];
  issuer: TokenIssuer;
  controls: MockControls;
  /** The registered public keys. */
  jwks: JSONWebKeySet;
  /** Options a client needs to talk to this mock: \`create${v.pascal}Client({ ...mock.credentials })\`. */
  credentials: { clientId: string; privateKey: JsonWebKey; keyId: string; baseUrl: string; tokenUrl: string };
}

/**
 * A mock ${v.title} for msw with a fresh ES384 key pair: a token endpoint that verifies each client
 * assertion (signature, iss/sub, aud, exp, a jti used once), and every API path under the base URL
 * answering 401 without a valid token, \`{}\` with one.
 */
export async function create${v.pascal}Mock(options: ${v.pascal}MockOptions = {}): Promise<${v.pascal}Mock> {
  const clock = options.clock ?? systemClock;
  const issuer = createTokenIssuer({ clock, lifetimeSeconds: options.tokenLifetimeSeconds ?? 3600, issuer: ${JSON.stringify(v.slug)} });
  const controls = createMockControls();
  const baseUrl = (options.baseUrl ?? ${v.camel}Environments.production.baseUrl ?? "").replace(/\\/$/, "");
  const tokenUrl = options.tokenUrl ?? ${v.camel}Environments.production.tokenUrl ?? "";
  const pair = await generateKeyPair("ES384", { extractable: true });
  const jwks: JSONWebKeySet = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: "mock-key-1", alg: "ES384" }] };
  const credentials = {
    clientId: "mock-client-id",
    privateKey: (await exportJWK(pair.privateKey)) as JsonWebKey,
    keyId: "mock-key-1",
    baseUrl,
    tokenUrl,
  };
  const seenJti = new Set<string>();
  const handlers = [
    http.post(tokenUrl, async ({ request }) => {
      controls.stats.tokenRequests++;
      const fault = controls.takeTokenFault();
      if (fault) return fault;
      const form = new URLSearchParams(await request.text());
      if (form.get("grant_type") !== "client_credentials") {
        return HttpResponse.json({ error: "unsupported_grant_type" }, { status: 400 });
      }
      try {
        const { payload } = await jwtVerify(form.get("client_assertion") ?? "", createLocalJWKSet(jwks), {
          issuer: credentials.clientId,
          subject: credentials.clientId,
          audience: tokenUrl,
          currentDate: new Date(clock.now()),
          requiredClaims: ["exp", "jti"],
        });
        if (seenJti.has(String(payload.jti))) throw new Error("jti replayed");
        seenJti.add(String(payload.jti));
      } catch {
        return HttpResponse.json({ error: "invalid_client" }, { status: 401 });
      }
      return HttpResponse.json({ access_token: issuer.issue(credentials.clientId), token_type: "Bearer", expires_in: issuer.lifetimeSeconds });
    }),
    http.all(\`\${baseUrl}/*\`, ({ request }) => {
      controls.stats.apiRequests++;
      if (!issuer.check(request.headers.get("authorization")).ok) {
        controls.stats.unauthorized++;
        return HttpResponse.json({ error: "invalid_token" }, { status: 401 });
      }
      return HttpResponse.json({});
    }),
  ];
  return { handlers, issuer, controls, jwks, credentials };
}
`,
    "src/client.test.ts": `import { MemoryTokenStore, isAuthConfigError, isTokenRequestError } from "@caduceus/auth-core";
import { createFakeClock } from "@caduceus/auth-core/testing";
import { exportJWK, generateKeyPair } from "jose";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { create${v.pascal}Client } from "./client.js";
import { create${v.pascal}Mock } from "./testing/index.js";

// Any documented GET path: the scaffolded mock answers every path under the base URL.
const path = ${JSON.stringify(v.sample)} as never;
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

async function setup() {
  // Assertions are stamped with the fake clock: start it at the real time so they verify.
  const clock = createFakeClock(Date.now());
  const mock = await create${v.pascal}Mock({ clock, tokenLifetimeSeconds: 600 });
  server.use(...mock.handlers);
  const tokenStore = new MemoryTokenStore();
  const make = (overrides = {}) => create${v.pascal}Client({ ...mock.credentials, clock, tokenStore, ...overrides });
  return { clock, mock, make };
}

describe("create${v.pascal}Client", () => {
  it("gets one token for concurrent calls and shares it between clients", async () => {
    const { mock, make } = await setup();
    const [a, b] = [make(), make()];
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).GET(path)));
    expect(results.map((result) => result.response.status)).toEqual(Array(20).fill(200));
    expect(mock.controls.stats.tokenRequests).toBe(1);
  });

  it("signs a new assertion to refresh after the token's lifetime and to replay a 401", async () => {
    const { clock, mock, make } = await setup();
    const client = make();
    await client.GET(path);
    await clock.advance(601_000);
    expect((await client.GET(path)).response.status).toBe(200);
    expect(mock.controls.stats.tokenRequests).toBe(2);
    mock.issuer.revokeAll();
    expect((await client.GET(path)).response.status).toBe(200);
    expect(mock.controls.stats.tokenRequests).toBe(3);
  });

  it("rejects a key the vendor does not know with a typed error that does not print it", async () => {
    const { make } = await setup();
    const stranger = await exportJWK((await generateKeyPair("ES384", { extractable: true })).privateKey);
    const error = await make({ privateKey: stranger }).GET(path).catch((e: unknown) => e);
    expect(isTokenRequestError(error)).toBe(true);
    expect(\`\${error} \${JSON.stringify(error)}\`).not.toContain(String(stranger.d));
  });

  it("names the missing option", () => {
    const error = (() => {
      try {
        create${v.pascal}Client({ privateKey: {} } as never);
      } catch (e) {
        return e;
      }
    })();
    expect(isAuthConfigError(error) && error.option).toBe("clientId");
  });
});
`,
  };
}
