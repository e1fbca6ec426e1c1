import { decodeProtectedHeader, generateKeyPair } from "jose";
import { delay, HttpResponse, http } from "msw";
import { afterEach, describe, expect, it } from "vitest";
import { createAuthClient } from "../client.js";
import type { AuthClientOptions } from "../client-options.js";
import { AuthConfigError } from "../errors/auth-config-error.js";
import { TokenRequestError } from "../errors/token-request-error.js";
import { TokenResponseError } from "../errors/token-response-error.js";
import { MemoryTokenStore } from "../store/memory-token-store.js";
import { useMsw } from "../test-support/msw.js";
import { privateKeyJwtSigner } from "./client-assertion.js";
import {
  clearSmartDiscoveryCache,
  discoverSmartEndpoint,
  smartEndpointDiscovery,
} from "./smart-discovery.js";

const server = useMsw();
afterEach(() => clearSmartDiscoveryCache());

const FHIR = "https://fhir.ehr.test/r4";
const WELL_KNOWN = `${FHIR}/.well-known/smart-configuration`;

async function setup(configuration: Record<string, unknown> | (() => Response | Promise<Response>)) {
  const { privateKey } = await generateKeyPair("RS384", { extractable: true });
  const seen = { discovery: 0, tokens: [] as string[] };
  server.use(
    http.get(WELL_KNOWN, async () => {
      seen.discovery++;
      return typeof configuration === "function" ? configuration() : HttpResponse.json(configuration);
    }),
    http.post(/\/token$/, async ({ request }) => {
      seen.tokens.push(`${request.url} ${await request.text()}`);
      return HttpResponse.json({ access_token: "tok", token_type: "Bearer", expires_in: 300 });
    }),
    http.get(`${FHIR}/Patient`, () => HttpResponse.json({ resourceType: "Bundle" })),
  );
  const make = (overrides: Partial<AuthClientOptions> = {}) =>
    createAuthClient<Record<string, never>>({
      preset: {
        vendor: "SMART test",
        encoding: "form",
        clientAuthentication: "private_key_jwt",
        assertionSigner: privateKeyJwtSigner,
        discoverTokenEndpoint: smartEndpointDiscovery,
      },
      credentials: {
        grant: "client_credentials",
        clientId: "app",
        privateKey: privateKey,
        scope: ["system/*.rs"],
      },
      baseUrl: FHIR,
      smartDiscovery: { fhirBaseUrl: FHIR },
      tokenStore: new MemoryTokenStore(),
      maxRetries: 0,
      ...overrides,
    } as AuthClientOptions) as unknown as { GET(path: string): Promise<{ data?: unknown }> };
  return { seen, make };
}

const assertionOf = (sent: string) => new URLSearchParams(sent.split(" ")[1]).get("client_assertion")!;

describe("token endpoint discovery from smart-configuration", () => {
  it("finds the token endpoint once per URL in the process, and signs for it", async () => {
    const { seen, make } = await setup({ token_endpoint: "https://fhir.ehr.test/auth/token" });
    expect((await make().GET("/Patient")).data).toEqual({ resourceType: "Bundle" });
    await make().GET("/Patient");
    expect(seen.discovery).toBe(1);
    expect(seen.tokens[0]).toMatch(/^https:\/\/fhir\.ehr\.test\/auth\/token /);
    const claims = JSON.parse(atob(assertionOf(seen.tokens[0]!).split(".")[1]!));
    expect(claims.aud).toBe("https://fhir.ehr.test/auth/token");
  });

  it("lets the advertised algorithms choose among those the key can sign with", async () => {
    const { seen, make } = await setup({
      token_endpoint: "https://fhir.ehr.test/auth/token",
      token_endpoint_auth_signing_alg_values_supported: ["ES384", "RS256"],
    });
    await make().GET("/Patient");
    expect(decodeProtectedHeader(assertionOf(seen.tokens[0]!)).alg).toBe("RS256");
  });

  it("uses tokenUrl instead when given, without asking", async () => {
    const { seen, make } = await setup({ token_endpoint: "https://fhir.ehr.test/auth/token" });
    await make({ tokenUrl: "https://login.ehr.test/oauth2/token" }).GET("/Patient");
    expect(seen.discovery).toBe(0);
    expect(seen.tokens[0]).toMatch(/^https:\/\/login\.ehr\.test\/oauth2\/token /);
  });

  it("refuses a token endpoint on another origin unless allowed, and plain http", async () => {
    const { seen, make } = await setup({ token_endpoint: "https://login.ehr.test/oauth2/token" });
    const error = await make()
      .GET("/Patient")
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TokenResponseError);
    expect((error as Error).message).toContain(WELL_KNOWN);
    expect((error as Error).message).toContain("https://login.ehr.test, which is neither");
    expect(seen.tokens).toHaveLength(0);
    await make({
      smartDiscovery: { fhirBaseUrl: FHIR, allowedTokenOrigins: ["https://login.ehr.test"] },
    }).GET("/Patient");
    expect(seen.tokens).toHaveLength(1);

    clearSmartDiscoveryCache();
    const insecure = await setup({ token_endpoint: "http://fhir.ehr.test/auth/token" });
    await expect(insecure.make().GET("/Patient")).rejects.toThrow(/token_endpoint is not https:/);
  });

  it("names the URL when the document is missing, and asks again at the next call", async () => {
    let answer = 404;
    const { seen, make } = await setup(() =>
      answer === 404
        ? new HttpResponse("not found", { status: 404 })
        : HttpResponse.json({ token_endpoint: "https://fhir.ehr.test/auth/token" }),
    );
    const client = make();
    const error = await client.GET("/Patient").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TokenRequestError);
    expect((error as TokenRequestError).message).toBe(
      `SMART test SMART configuration GET ${WELL_KNOWN} answered 404.`,
    );
    answer = 200;
    const found = await discoverSmartEndpoint({
      fhirBaseUrl: FHIR,
      vendor: "SMART test",
      fetch,
      allowInsecureHttp: false,
    });
    expect(found.tokenUrl).toBe("https://fhir.ehr.test/auth/token");
    expect(seen.discovery).toBe(2);
  });

  it("gives up on a slow document after its own timeout, as a retryable network error", async () => {
    const { make } = await setup(async () => {
      await delay(2_000);
      return HttpResponse.json({ token_endpoint: "https://fhir.ehr.test/auth/token" });
    });
    const error = await make({ smartDiscovery: { fhirBaseUrl: FHIR, timeoutMs: 50 } })
      .GET("/Patient")
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TokenRequestError);
    expect((error as TokenRequestError).message).toContain("no answer within 50 ms");
    expect((error as TokenRequestError).retryable).toBe(true);
  });

  it("refuses smartDiscovery with a preset that has no discoverTokenEndpoint, naming the preset field", async () => {
    const { make } = await setup({});
    const preset = {
      vendor: "SMART test",
      encoding: "form",
      clientAuthentication: "private_key_jwt",
    } as const;
    const create = () =>
      make({
        preset: { ...preset, assertionSigner: privateKeyJwtSigner },
        smartDiscovery: { fhirBaseUrl: FHIR },
      });
    expect(create).toThrow(AuthConfigError);
    expect(create).toThrow(/option preset\.discoverTokenEndpoint is required with the smartDiscovery option/);
  });

  it("refuses a smartDiscovery option that is not a URL, naming it", async () => {
    const { make } = await setup({});
    expect(() => make({ smartDiscovery: { fhirBaseUrl: "not a url" } })).toThrow(
      /smartDiscovery\.fhirBaseUrl/,
    );
  });
});
