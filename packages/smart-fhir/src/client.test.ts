import { inspect } from "node:util";
import { type AuthEvent, MemoryTokenStore } from "@caduceus/auth-core";
import { decodeProtectedHeader, exportPKCS8, generateKeyPair } from "jose";
import { describe, expect, it } from "vitest";
import {
  AuthConfigError,
  createSmartFhirClient,
  type SmartFhirClientOptions,
  TokenRequestError,
} from "./index.js";
import { useMockServer } from "./test-support/server.js";
import { createSmartFhirMock, type SmartFhirMockOptions } from "./testing/index.js";

const server = useMockServer();

async function setup(options: SmartFhirMockOptions = {}) {
  const mock = await createSmartFhirMock(options);
  server.use(...mock.handlers);
  const events: AuthEvent[] = [];
  const make = (overrides: Partial<SmartFhirClientOptions> = {}) =>
    createSmartFhirClient({
      ...mock.credentials,
      tokenStore: new MemoryTokenStore(),
      onEvent: (event) => events.push(event),
      ...overrides,
    });
  return { mock, make, events };
}

const claimsOf = (jwt: string) => JSON.parse(atob(jwt.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/")));

describe("createSmartFhirClient against the mock SMART server", () => {
  it("discovers the token endpoint, signs an assertion the server verifies, and reads a Patient", async () => {
    const { mock, make } = await setup();
    const { data, error } = await make().GET("/Patient/{id}", { params: { path: { id: "example" } } });
    expect(error).toBeUndefined();
    expect(data?.name?.[0]?.family).toBe("Chalmers");
    expect(mock.discoveryRequests).toHaveLength(1);
    expect(mock.tokenRequests).toHaveLength(1);
    const [sent] = mock.tokenRequests;
    expect(sent?.encoding).toBe("form");
    expect(sent?.fields.grant_type).toBe("client_credentials");
    expect(sent?.fields.scope).toBe("system/*.rs");
    const assertion = sent!.fields.client_assertion as string;
    expect(decodeProtectedHeader(assertion)).toMatchObject({ alg: "ES384", kid: "es384-1" });
    const claims = claimsOf(assertion);
    expect(claims).toMatchObject({
      iss: mock.credentials.clientId,
      sub: mock.credentials.clientId,
      aud: "https://fhir.smart-mock.test/auth/token",
    });
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(300);
  });

  it("covers the RESTful interactions: search GET and POST, create, update, patch, vread, history, delete, $everything, $export", async () => {
    const { mock, make } = await setup({ algorithm: "RS384" });
    const fhir = make();
    const search = await fhir.GET("/Observation", { params: { query: { patient: "example" } } });
    expect(search.data?.entry?.map((entry) => entry.resource?.id)).toEqual(["example-bp"]);
    const byPost = await fhir.POST("/{resourceType}/_search", {
      params: { path: { resourceType: "Patient" } },
      body: { _id: "example" },
      bodySerializer: (body) => new URLSearchParams(body as Record<string, string>).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(byPost.data?.total).toBe(1);
    const created = await fhir.POST("/Patient", { body: { resourceType: "Patient", gender: "female" } });
    expect(created.response.status).toBe(201);
    const id = created.data!.id!;
    const updated = await fhir.PUT("/Patient/{id}", {
      params: { path: { id } },
      body: { resourceType: "Patient", id, gender: "other" },
    });
    expect(updated.data?.meta?.versionId).toBe("2");
    const patched = await fhir.PATCH("/Patient/{id}", {
      params: { path: { id } },
      body: [{ op: "add", path: "/birthDate", value: "1970-01-01" }],
      headers: { "content-type": "application/json-patch+json" },
    });
    expect(patched.data?.birthDate).toBe("1970-01-01");
    const v1 = await fhir.GET("/Patient/{id}/_history/{vid}", { params: { path: { id, vid: "1" } } });
    expect(v1.data?.gender).toBe("female");
    const history = await fhir.GET("/{resourceType}/{id}/_history", {
      params: { path: { resourceType: "Patient", id } },
    });
    expect(history.data?.entry).toHaveLength(3);
    const everything = await fhir.GET("/Patient/{id}/$everything", { params: { path: { id: "example" } } });
    expect(everything.data?.entry?.map((entry) => entry.resource?.resourceType).sort()).toEqual([
      "Observation",
      "Patient",
    ]);
    const kickOff = await fhir.GET("/Patient/$export", { params: { header: { Prefer: "respond-async" } } });
    expect(kickOff.response.status).toBe(202);
    expect(kickOff.response.headers.get("content-location")).toMatch(/\$export-status\//);
    const deleted = await fhir.DELETE("/Patient/{id}", { params: { path: { id } } });
    expect(deleted.response.status).toBe(204);
    expect((await fhir.GET("/Patient/{id}", { params: { path: { id } } })).response.status).toBe(410);
    expect(mock.tokenRequests).toHaveLength(1);
  });

  it("accepts the key as a PKCS#8 PEM and shares the token with the JWK form of the same key", async () => {
    const { mock } = await setup();
    const tokenStore = new MemoryTokenStore();
    const { importJWK } = await import("jose");
    const pem = await exportPKCS8(
      (await importJWK(mock.credentials.privateKey as never, "ES384", { extractable: true })) as CryptoKey,
    );
    await createSmartFhirClient({ ...mock.credentials, tokenStore }).GET("/Patient");
    await createSmartFhirClient({ ...mock.credentials, privateKey: pem, tokenStore }).GET("/Patient");
    expect(mock.tokenRequests).toHaveLength(1);
  });

  it("is refused as invalid_client with a key the server does not know, and never shows the key", async () => {
    const { mock, make, events } = await setup();
    const stranger = await generateKeyPair("ES384", { extractable: true });
    const pem = await exportPKCS8(stranger.privateKey);
    const fhir = make({ privateKey: pem });
    const error = await fhir.GET("/Patient").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TokenRequestError);
    expect((error as TokenRequestError).oauthError).toBe("invalid_client");
    expect(mock.tokenRequests).toHaveLength(1);
    expect(mock.apiRequests).toHaveLength(0);
    const body = pem.split("\n")[1]!;
    const shown = [inspect(error, { depth: 10 }), JSON.stringify(events), inspect(fhir, { depth: 10 })].join(
      "\n",
    );
    expect(shown).not.toContain(body);
  });

  it("uses tokenUrl without discovery, and names a missing privateKey", async () => {
    const { mock, make } = await setup();
    await make({ tokenUrl: "https://fhir.smart-mock.test/auth/token" }).GET("/Patient");
    expect(mock.discoveryRequests).toHaveLength(0);
    const { privateKey: _key, ...rest } = mock.credentials;
    expect(() => createSmartFhirClient(rest as SmartFhirClientOptions)).toThrow(AuthConfigError);
    expect(() => createSmartFhirClient(rest as SmartFhirClientOptions)).toThrow(
      /option privateKey is required/,
    );
  });
});
