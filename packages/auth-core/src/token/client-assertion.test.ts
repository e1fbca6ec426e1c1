import { inspect } from "node:util";
import { decodeProtectedHeader, exportJWK, exportPKCS8, generateKeyPair, jwtVerify } from "jose";
import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { createAuthClient } from "../client.js";
import { AuthConfigError } from "../errors/auth-config-error.js";
import { MemoryTokenStore } from "../store/memory-token-store.js";
import { useMsw } from "../test-support/msw.js";
import { ClientAssertionSigner, pickAlgorithm, privateKeyJwtSigner } from "./client-assertion.js";
import type { TokenPreset } from "./preset.js";
import { loadSigningKey } from "./signing-key.js";
import { JWT_BEARER_ASSERTION_TYPE } from "./token-request.js";

const TOKEN_URL = "https://auth.ehr.test/oauth2/token";
const NOW = Date.UTC(2026, 0, 1, 12);

async function keyPair(alg: "RS384" | "ES384" | "ES256") {
  return generateKeyPair(alg, { extractable: true });
}

describe("ClientAssertionSigner", () => {
  it.each(["RS384", "ES384"] as const)(
    "signs %s with iss = sub = client id, aud, iat, exp, jti",
    async (alg) => {
      const { privateKey, publicKey } = await keyPair(alg);
      const jwk = await exportJWK(privateKey);
      const signer = new ClientAssertionSigner(jwk, {
        keyId: "key-1",
        jwksUrl: "https://app.test/jwks.json",
      });
      const assertion = await signer.sign({ clientId: "app", audience: TOKEN_URL, nowMs: NOW });
      const { payload, protectedHeader } = await jwtVerify(assertion, publicKey, {
        currentDate: new Date(NOW),
        audience: TOKEN_URL,
        issuer: "app",
        subject: "app",
      });
      expect(protectedHeader).toEqual({ alg, typ: "JWT", kid: "key-1", jku: "https://app.test/jwks.json" });
      expect(payload.iat).toBe(NOW / 1000);
      expect(payload.exp).toBe(NOW / 1000 + 300);
      expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    },
  );

  it("makes a new jti every time and caps the lifetime at five minutes", async () => {
    const { privateKey } = await keyPair("ES384");
    const signer = new ClientAssertionSigner(await exportJWK(privateKey), {
      settings: { lifetimeSeconds: 60 },
    });
    const claims = { clientId: "app", audience: TOKEN_URL, nowMs: NOW };
    const [a, b] = await Promise.all([signer.sign(claims), signer.sign(claims)]);
    const decode = (jwt: string) =>
      JSON.parse(atob(jwt.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/")));
    expect(decode(a!).jti).not.toBe(decode(b!).jti);
    expect(decode(a!).exp - decode(a!).iat).toBe(60);
    expect(decodeProtectedHeader(a!)).not.toHaveProperty("kid");
  });

  it("accepts a PKCS#8 PEM and a non-extractable CryptoKey", async () => {
    const { privateKey, publicKey } = await keyPair("RS384");
    const pem = await exportPKCS8(privateKey);
    for (const input of [pem, (await generateKeyPair("ES256")).privateKey]) {
      const signer = new ClientAssertionSigner(input);
      const jwt = await signer.sign({ clientId: "app", audience: TOKEN_URL, nowMs: NOW });
      expect(decodeProtectedHeader(jwt).alg).toBe(input === pem ? "RS384" : "ES256");
    }
    await jwtVerify(
      await new ClientAssertionSigner(pem).sign({ clientId: "a", audience: TOKEN_URL, nowMs: Date.now() }),
      publicKey,
    );
  });

  it("signs RS256 when the server accepts only RS256, and says so when nothing fits", async () => {
    const { privateKey } = await keyPair("RS384");
    const signer = new ClientAssertionSigner(await exportJWK(privateKey), {
      settings: { algorithms: ["RS256"] },
    });
    expect(await signer.algorithm()).toBe("RS256");
    expect(() => pickAlgorithm(["ES384"], ["RS384", "RS256"])).toThrow(
      "the private key signs ES384, but only RS384, RS256 is accepted",
    );
  });

  it("identifies a key by its RFC 7638 thumbprint, the same for its PEM and JWK forms", async () => {
    const { privateKey } = await keyPair("ES384");
    const fromJwk = await loadSigningKey(await exportJWK(privateKey));
    const fromPem = await loadSigningKey(await exportPKCS8(privateKey));
    expect(fromJwk.thumbprint).toMatch(/^[\w-]{43}$/);
    expect(fromPem.thumbprint).toBe(fromJwk.thumbprint);
  });

  it("refuses PKCS#1 PEMs and public keys with a message that shows no key", async () => {
    await expect(
      loadSigningKey("-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----"),
    ).rejects.toThrow(/PKCS#1\/SEC1 PEM; convert it to PKCS#8/);
    const { publicKey } = await keyPair("ES384");
    await expect(loadSigningKey(publicKey)).rejects.toThrow("is a public key; the private key signs");
  });
});

it("privateKeyJwtSigner names privateKey when the key cannot sign, and lists the key's forms to scrub", async () => {
  const pem = await exportPKCS8((await keyPair("ES384")).privateKey);
  const signer = privateKeyJwtSigner(pem, { vendor: "Acme EHR" });
  const body = pem.replace(/-----[A-Z ]+-----|\s/g, "");
  expect(signer.secrets).toEqual(expect.arrayContaining([pem, body]));
  const refused = await signer
    .sign({ clientId: "app", audience: TOKEN_URL, nowMs: NOW, accepted: ["RS256"] })
    .catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(AuthConfigError);
  expect((refused as AuthConfigError).option).toBe("privateKey");
  expect((refused as Error).message).toBe(
    "Acme EHR: option privateKey the private key signs ES384, but only RS256 is accepted.",
  );
  expect((refused as Error).message).not.toContain(body.slice(0, 16));
});

describe("private_key_jwt through createAuthClient", () => {
  const server = useMsw();
  const preset: TokenPreset = {
    vendor: "Test EHR",
    encoding: "form",
    clientAuthentication: "private_key_jwt",
    assertionSigner: privateKeyJwtSigner,
  };

  async function setup(status: number[] = []) {
    const { privateKey, publicKey } = await keyPair("RS384");
    const jwk = await exportJWK(privateKey);
    const bodies: URLSearchParams[] = [];
    const answers = [...status];
    server.use(
      http.post(TOKEN_URL, async ({ request }) => {
        const form = new URLSearchParams(await request.text());
        bodies.push(form);
        const answer = answers.shift();
        if (answer) return HttpResponse.json({ error: "temporarily_unavailable" }, { status: answer });
        await jwtVerify(form.get("client_assertion")!, publicKey, { audience: TOKEN_URL, issuer: "app" });
        return HttpResponse.json({
          access_token: `tok-${bodies.length}`,
          token_type: "Bearer",
          expires_in: 300,
        });
      }),
      http.get("https://fhir.ehr.test/r4/Patient", ({ request }) =>
        HttpResponse.json({ auth: request.headers.get("authorization") }),
      ),
    );
    const make = (privateKey: unknown = jwk, store = new MemoryTokenStore()) =>
      createAuthClient<Record<string, never>>({
        preset,
        credentials: {
          grant: "client_credentials",
          clientId: "app",
          privateKey: privateKey as JsonWebKey,
          keyId: "k1",
          scope: ["system/Patient.rs"],
        },
        baseUrl: "https://fhir.ehr.test/r4",
        tokenUrl: TOKEN_URL,
        tokenStore: store,
        maxRetries: 2,
      });
    return { jwk, privateKey, bodies, make };
  }

  it("refuses a private_key_jwt preset without its assertionSigner at creation, naming the option", async () => {
    const { jwk } = await setup();
    const { assertionSigner: _signer, ...unplugged } = preset;
    const create = () =>
      createAuthClient({
        preset: unplugged,
        credentials: { grant: "client_credentials", clientId: "app", privateKey: jwk },
        baseUrl: "https://fhir.ehr.test/r4",
        tokenUrl: TOKEN_URL,
      });
    expect(create).toThrow(AuthConfigError);
    expect(create).toThrow(/^Test EHR: option preset\.assertionSigner is required .*privateKeyJwtSigner/);
    try {
      create();
    } catch (error) {
      expect((error as AuthConfigError).option).toBe("preset.assertionSigner");
    }
  });

  it("refuses bad clientAssertion settings at creation, naming the field", async () => {
    const { jwk } = await setup();
    const create = (clientAssertion: unknown) => () =>
      createAuthClient({
        preset: { ...preset, clientAssertion } as TokenPreset,
        credentials: { grant: "client_credentials", clientId: "app", privateKey: jwk },
        baseUrl: "https://fhir.ehr.test/r4",
        tokenUrl: TOKEN_URL,
      });
    expect(create({ lifetimeSeconds: 301 })).toThrow(
      /^Test EHR: option preset\.clientAssertion\.lifetimeSeconds must be a whole number of seconds from 1 to 300\.$/,
    );
    expect(create({ algorithms: ["HS256"] })).toThrow(AuthConfigError);
    expect(create({ algorithms: ["HS256"] })).toThrow(
      /preset\.clientAssertion\.algorithms\[0\] must be one of/,
    );
  });

  it("sends the assertion in a form body with grant_type and scope, and no secret", async () => {
    const { bodies, make } = await setup();
    const client = make() as unknown as { GET(path: string): Promise<{ data?: { auth: string } }> };
    const { data } = await client.GET("/Patient");
    expect(data?.auth).toBe("Bearer tok-1");
    const [form] = bodies;
    expect(form?.get("grant_type")).toBe("client_credentials");
    expect(form?.get("scope")).toBe("system/Patient.rs");
    expect(form?.get("client_assertion_type")).toBe(JWT_BEARER_ASSERTION_TYPE);
    expect(form?.has("client_secret")).toBe(false);
    expect(decodeProtectedHeader(form!.get("client_assertion")!).kid).toBe("k1");
  });

  it("signs a new assertion (new jti) for each retried request", async () => {
    const { bodies, make } = await setup([503]);
    const client = make() as unknown as { GET(path: string): Promise<{ data?: { auth: string } }> };
    expect((await client.GET("/Patient")).data?.auth).toBe("Bearer tok-2");
    expect(bodies).toHaveLength(2);
    const jtis = bodies.map((form) => JSON.parse(atob(form.get("client_assertion")!.split(".")[1]!)).jti);
    expect(new Set(jtis).size).toBe(2);
  });

  it("shares one token between clients with the same key given as JWK and as PEM", async () => {
    const { bodies, make, privateKey } = await setup();
    const store = new MemoryTokenStore();
    const get = (client: unknown) =>
      (client as { GET(path: string): Promise<{ data?: { auth: string } }> }).GET("/Patient");
    await get(make(undefined, store));
    await get(make(await exportPKCS8(privateKey), store));
    expect(bodies).toHaveLength(1);
  });

  it("keeps the private key out of inspect output and refuses a public JWK at creation", async () => {
    const { jwk, make } = await setup();
    const client = make();
    expect(inspect(client, { depth: 10 })).not.toContain(jwk.d);
    const { d: _d, ...publicJwk } = jwk;
    expect(() => make(publicJwk)).toThrow(/credentials\.privateKey is a public JWK/);
  });
});
