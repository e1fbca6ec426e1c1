import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair } from "jose";
import Provider, { type ClientMetadata } from "oidc-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthClient } from "../client.js";
import { type Clock, systemClock } from "../clock.js";
import { TokenRequestError } from "../errors/token-request-error.js";
import { MemoryTokenStore } from "../store/memory-token-store.js";
import { privateKeyJwtSigner } from "./client-assertion.js";
import type { TokenPreset } from "./preset.js";

/**
 * private_key_jwt against real software: panva's oidc-provider (a certified OpenID Provider) on
 * 127.0.0.1, with one client per algorithm registered by inline JWKS and
 * `token_endpoint_auth_method: private_key_jwt`. It checks the signature, `iss`, `aud`, `exp` (15 s
 * clock tolerance) and that every `jti` is used once.
 */
const SCOPE = "system/Patient.rs";
const CLOCK_TOLERANCE_S = 15;

let server: Server;
let issuer = "";
let provider: Provider;
const keys: Record<"RS384" | "ES384", { privateJwk: JsonWebKey }> = {} as never;

beforeAll(async () => {
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clients: ClientMetadata[] = [];
  for (const alg of ["RS384", "ES384"] as const) {
    const pair = await generateKeyPair(alg, { extractable: true });
    keys[alg] = { privateJwk: await exportJWK(pair.privateKey) };
    clients.push({
      client_id: `app-${alg}`,
      token_endpoint_auth_method: "private_key_jwt" as const,
      token_endpoint_auth_signing_alg: alg,
      jwks: { keys: [{ ...(await exportJWK(pair.publicKey)), kid: `${alg}-1`, alg } as never] },
      grant_types: ["client_credentials"],
      response_types: [],
      redirect_uris: [],
      scope: SCOPE,
    });
  }
  provider = new Provider(issuer, {
    ttl: { ClientCredentials: 300 },
    clients,
    scopes: [SCOPE],
    clockTolerance: CLOCK_TOLERANCE_S,
    features: { clientCredentials: { enabled: true }, devInteractions: { enabled: false } },
    clientAuthMethods: ["private_key_jwt"],
    enabledJWA: { clientAuthSigningAlgValues: ["RS384", "ES384", "RS256", "ES256"] },
  });
  server.on("request", provider.callback());
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const preset: TokenPreset = {
  vendor: "oidc-provider",
  encoding: "form",
  clientAuthentication: "private_key_jwt",
  assertionSigner: privateKeyJwtSigner,
};

interface Captured {
  bodies: string[];
}

function client(
  alg: "RS384" | "ES384",
  options: { privateKey?: JsonWebKey; clock?: Clock; captured?: Captured } = {},
) {
  const fetchFn: typeof fetch = async (input, init) => {
    if (typeof init?.body === "string") options.captured?.bodies.push(init.body);
    return fetch(input, init);
  };
  return createAuthClient<Record<string, never>>({
    preset,
    credentials: {
      grant: "client_credentials",
      clientId: `app-${alg}`,
      privateKey: options.privateKey ?? keys[alg].privateJwk,
      keyId: `${alg}-1`,
      scope: [SCOPE],
    },
    // The provider's own token endpoint; the API base is unused: tokens are fetched directly below.
    baseUrl: `${issuer}/api`,
    tokenUrl: `${issuer}/token`,
    tokenStore: new MemoryTokenStore(),
    maxRetries: 0,
    fetch: fetchFn,
    ...(options.clock ? { clock: options.clock } : {}),
  });
}

/** Makes one API call to an endpoint the provider answers, which needs a token first. */
async function tokenFor(api: ReturnType<typeof client>): Promise<string> {
  let seen = "";
  api.use({
    onRequest({ request }) {
      seen = request.headers.get("authorization") ?? "";
      return new Response("{}", { headers: { "content-type": "application/json" } });
    },
  });
  await (api as unknown as { GET(path: string): Promise<unknown> }).GET("/anything");
  return seen;
}

function skewedClock(offsetMs: number): Clock {
  return { ...systemClock, now: () => Date.now() + offsetMs };
}

/** The provider's own record of the token: issued to this client for the scope asked. */
async function expectIssued(authorization: string, alg: "RS384" | "ES384") {
  expect(authorization).toMatch(/^Bearer [\w-]{20,}$/);
  const record = await provider.ClientCredentials.find(authorization.slice("Bearer ".length));
  expect(record?.clientId).toBe(`app-${alg}`);
  expect(record?.scope).toBe(SCOPE);
}

describe("private_key_jwt against oidc-provider", () => {
  it.each(["RS384", "ES384"] as const)("gets a token with a %s key", async (alg) => {
    const captured: Captured = { bodies: [] };
    const token = await tokenFor(client(alg, { captured }));
    await expectIssued(token, alg);
    const form = new URLSearchParams(captured.bodies[0]);
    expect(form.get("client_assertion_type")).toBe("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
  });

  it("is refused (invalid_client, not retried) with a key the provider does not know", async () => {
    const other = await generateKeyPair("RS384", { extractable: true });
    const error = await tokenFor(client("RS384", { privateKey: await exportJWK(other.privateKey) })).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TokenRequestError);
    expect((error as TokenRequestError).status).toBe(401);
    expect((error as TokenRequestError).message).toContain("invalid_client");
    expect((error as TokenRequestError).retryable).toBe(false);
  });

  it("is refused when the assertion has expired by the provider's clock (client clock 10 minutes behind)", async () => {
    const error = await tokenFor(client("ES384", { clock: skewedClock(-10 * 60_000) })).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TokenRequestError);
    expect((error as TokenRequestError).message).toContain("invalid_client");
  });

  it("is accepted with a client clock a few seconds off either way (within the provider's tolerance)", async () => {
    await expectIssued(await tokenFor(client("RS384", { clock: skewedClock(10_000) })), "RS384");
    await expectIssued(await tokenFor(client("ES384", { clock: skewedClock(-10_000) })), "ES384");
  });

  it("refuses a replayed assertion (same jti), while the client's own next request gets a fresh one", async () => {
    const captured: Captured = { bodies: [] };
    await tokenFor(client("ES384", { captured }));
    const replay = await fetch(`${issuer}/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: captured.bodies[0],
    });
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { error: string }).error).toBe("invalid_client");
    // A new client (cold cache) signs a new assertion and is accepted.
    await expectIssued(await tokenFor(client("ES384", { captured })), "ES384");
    expect(captured.bodies).toHaveLength(2);
    expect(captured.bodies[1]).not.toBe(captured.bodies[0]);
  });
});
