import { readFileSync } from "node:fs";
import { HttpResponse, http } from "msw";
import { describe, expect, it, vi } from "vitest";
import {
  type AuthClientOptions,
  type CommonClientOptions,
  createAuthClient,
  createVendorClient,
  defineVendor,
  ErrorCode,
  isTimeoutError,
  isTokenRequestError,
  MemoryTokenStore,
  normalizeScope,
  type StoredToken,
  type TokenPreset,
  type TokenStore,
} from "./index.js";
import { useMsw } from "./test-support/msw.js";
import { createFakeClock, createMockControls, createTokenIssuer } from "./testing/index.js";

// Every TypeScript example of README.md, compiled (typecheck) and run here against msw mocks. The
// first test fails when the README and this file drift apart.
const server = useMsw();

type AcmePaths = {
  "/patients/{id}": {
    get: {
      parameters: { path: { id: string } };
      responses: { 200: { content: { "application/json": { id: string } } } };
    };
  };
};
type ChartlyPaths = AcmePaths;

/** The quick start's options, which later examples spread. */
const acmeOptions: AuthClientOptions = {
  preset: { vendor: "Acme", encoding: "form", clientAuthentication: "basic", maxLifetimeSeconds: 3600 },
  credentials: { grant: "client_credentials", clientId: "my-id", clientSecret: "my-secret", scope: ["read"] },
  baseUrl: "https://api.acme.test/v1",
  tokenUrl: "https://auth.acme.test/oauth/token",
};
const sharedAcmeOptions = acmeOptions;

function acmeVendor(tokenAnswer?: () => Response) {
  const seen = { tokens: 0 };
  server.use(
    http.post("https://auth.acme.test/oauth/token", () => {
      seen.tokens++;
      return (
        tokenAnswer?.() ?? HttpResponse.json({ access_token: `acme-token-${seen.tokens}`, expires_in: 3600 })
      );
    }),
    http.get("https://api.acme.test/v1/patients/:id", ({ params }) => HttpResponse.json({ id: params.id })),
  );
  return seen;
}

const normalize = (code: string) =>
  code
    .split("\n")
    .filter((line) => !/^\s*import\b/.test(line))
    .join("")
    .replace(/\s+/g, "")
    .replace(/,([)\]}])/g, "$1");

describe("README", () => {
  it("every ts example is mirrored in this file", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
    expect(blocks.length).toBeGreaterThanOrEqual(7);
    const self = normalize(readFileSync(new URL(import.meta.url), "utf8"));
    for (const block of blocks) expect(self, block).toContain(normalize(block));
  });

  it("quick start", async () => {
    const seen = acmeVendor();
    const client = createAuthClient<AcmePaths>({
      preset: { vendor: "Acme", encoding: "form", clientAuthentication: "basic", maxLifetimeSeconds: 3600 },
      credentials: {
        grant: "client_credentials",
        clientId: "my-id",
        clientSecret: "my-secret",
        scope: ["read"],
      },
      baseUrl: "https://api.acme.test/v1",
      tokenUrl: "https://auth.acme.test/oauth/token",
    });

    const { data, error, response } = await client.GET("/patients/{id}", { params: { path: { id: "p-1" } } });
    expect(data).toEqual({ id: "p-1" });
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(seen.tokens).toBeLessThanOrEqual(1); // the default store may already hold the token
  });

  it("events", async () => {
    acmeVendor();
    // Shadows the shared options: a store of its own, so this test sees its token arrive.
    const acmeOptions = { ...sharedAcmeOptions, tokenStore: new MemoryTokenStore() };
    const events: string[] = [];
    const observed = createAuthClient<AcmePaths>({
      ...acmeOptions,
      onEvent: (event) => {
        if (event.type === "token.obtained")
          events.push(`token for ${event.lifetimeMs} ms (${event.lifetimeSource})`);
        if (event.type === "token.failed")
          events.push(`${event.error.code}${event.background ? " (background)" : ""}`);
      },
    });
    await observed.GET("/patients/{id}", { params: { path: { id: "p-1" } } });
    expect(events).toEqual(["token for 3600000 ms (expires_in)"]);
  });

  it("errors", async () => {
    acmeVendor(() =>
      HttpResponse.json({ error: "slow_down" }, { status: 429, headers: { "retry-after": "120" } }),
    );
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const client = createAuthClient<AcmePaths>({ ...acmeOptions, tokenStore: new MemoryTokenStore() });
    try {
      await client.GET("/patients/{id}", { params: { path: { id: "p-1" } } });
    } catch (error) {
      if (isTokenRequestError(error) && error.code === ErrorCode.TokenRequestRateLimited) {
        console.warn(`rate limited, retry in ${error.retryAfterMs} ms`);
      } else if (isTokenRequestError(error) && error.oauthError === "invalid_client") {
        console.error(`rotate the Acme credentials (request id ${error.requestId})`);
      } else if (isTimeoutError(error)) {
        console.warn(`gave up after ${error.timeoutMs} ms`);
      } else {
        throw error;
      }
    }
    expect(warn).toHaveBeenCalledWith("rate limited, retry in 120000 ms");
    warn.mockRestore();
  });

  it("testing with the shipped helpers", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const clock = createFakeClock();
    const issuer = createTokenIssuer({ clock, lifetimeSeconds: 3600 });
    const controls = createMockControls();
    server.use(
      http.post("https://auth.acme.test/oauth/token", () => {
        controls.stats.tokenRequests++;
        return (
          controls.takeTokenFault() ??
          HttpResponse.json({ access_token: issuer.issue("my-id"), expires_in: 3600 })
        );
      }),
      http.get("https://api.acme.test/v1/patients/:id", ({ request, params }) =>
        issuer.check(request.headers.get("authorization")).ok
          ? HttpResponse.json({ id: params.id })
          : new HttpResponse(null, { status: 401 }),
      ),
    );
    const tested = createAuthClient<AcmePaths>({ ...acmeOptions, clock, tokenStore: new MemoryTokenStore() });

    await tested.GET("/patients/{id}", { params: { path: { id: "p-1" } } });
    await clock.advance(3 * 3600_000); // three hours of fake time, in a few real milliseconds
    await tested.GET("/patients/{id}", { params: { path: { id: "p-1" } } });
    console.log(controls.stats.tokenRequests); // 2: the first token expired, a new one was fetched
    expect(log).toHaveBeenCalledWith(2);
    expect(clock.pendingTimers).toBe(0);
    log.mockRestore();
  });

  it("FAQ: a preset for a new vendor", async () => {
    const seen: Request[] = [];
    server.use(
      http.post("https://api.chartly.test/v1/token", ({ request }) => {
        seen.push(request);
        return HttpResponse.json({
          success: true,
          data: { accessToken: "chartly-token", expiresIn: 7200, tokenType: "Bearer" },
        });
      }),
      http.get("https://api.chartly.test/v1/patients/:id", ({ params }) =>
        HttpResponse.json({ id: params.id }),
      ),
    );
    const parchmentLikePreset: TokenPreset = {
      vendor: "Chartly",
      encoding: "json",
      clientAuthentication: "none", // credentials travel as headers
      requestFields: { grantType: "grantType" },
      scopeEncoding: "array",
      response: {
        successPath: "success",
        dataPath: "data",
        fields: { accessToken: "accessToken", expiresIn: "expiresIn", tokenType: "tokenType" },
      },
      errorBody: { codePaths: ["error.type"], messagePaths: ["error.title", "error.detail"] },
      maxLifetimeSeconds: 3600,
    };

    interface ChartlyOptions extends CommonClientOptions {
      partnerId: string;
      partnerSecret: string;
      scope: string[];
    }

    const chartly = defineVendor<ChartlyOptions, "production">({
      preset: parchmentLikePreset,
      environments: {
        production: { baseUrl: "https://api.chartly.test/v1", tokenUrl: "https://api.chartly.test/v1/token" },
      },
      defaultEnvironment: "production",
      options: ["partnerId", "partnerSecret", "scope"],
      required: ["partnerId", "partnerSecret"],
      credentials: (o) => ({
        grant: "client_credentials",
        scope: normalizeScope("Chartly", o.scope, { required: true }),
        headers: { "x-partner-id": o.partnerId, "x-partner-secret": o.partnerSecret },
        secretHeaders: ["x-partner-secret"],
      }),
    });

    function createChartlyClient(options: ChartlyOptions) {
      return createVendorClient<ChartlyPaths, ChartlyOptions, "production">(chartly, options);
    }

    const client = createChartlyClient({
      partnerId: "p",
      partnerSecret: "s3cret",
      scope: ["read"],
      tokenStore: new MemoryTokenStore(),
    });
    const { data } = await client.GET("/patients/{id}", { params: { path: { id: "p-9" } } });
    expect(data).toEqual({ id: "p-9" });
    expect(seen[0]?.headers.get("x-partner-secret")).toBe("s3cret");
    expect(await seen[0]?.json()).toEqual({ grantType: "client_credentials", scope: ["read"] });
    expect(() => createChartlyClient({ partnerId: "p", partnerSecet: "x" } as never)).toThrow(/partnerSecet/);
  });

  it("FAQ: a custom exchange", async () => {
    server.use(
      http.post("https://legacy.example.test/token", async ({ request }) =>
        HttpResponse.json({ jwt: `legacy-${((await request.json()) as { key: string }).key}`, ttl: 600 }),
      ),
      http.get("https://legacy.example.test/api/patients/:id", ({ request }) =>
        HttpResponse.json({ id: request.headers.get("authorization") }),
      ),
    );
    const customPreset: TokenPreset = {
      vendor: "Legacy",
      encoding: "json",
      clientAuthentication: "none",
      exchange: async ({ tokenUrl, credentials, fetch, signal }) => {
        const response = await fetch(tokenUrl, {
          method: "POST",
          signal,
          body: JSON.stringify({ key: credentials.clientSecret }),
        });
        const json = (await response.json()) as { jwt: string; ttl: number };
        return { accessToken: json.jwt, tokenType: "Bearer", expiresInSeconds: json.ttl };
      },
    };
    const client = createAuthClient<AcmePaths>({
      preset: customPreset,
      credentials: { grant: "client_credentials", clientSecret: "k1" },
      baseUrl: "https://legacy.example.test/api",
      tokenUrl: "https://legacy.example.test/token",
      tokenStore: new MemoryTokenStore(),
    });
    const { data } = await client.GET("/patients/{id}", { params: { path: { id: "x" } } });
    expect(data).toEqual({ id: "Bearer legacy-k1" });
  });

  it("FAQ: sharing tokens across processes", async () => {
    const seen = acmeVendor();
    const shared = new Map<string, StoredToken>(); // stands in for Redis, memcached, a database…
    const sharedStore: TokenStore = {
      get: async (key) => shared.get(key),
      set: async (key, token) => void shared.set(key, token),
      delete: async (key) => void shared.delete(key),
    };
    const inProcessA = createAuthClient<AcmePaths>({ ...acmeOptions, tokenStore: sharedStore });
    await inProcessA.GET("/patients/{id}", { params: { path: { id: "p-1" } } });
    // Another process: its own client and in-process state, the same store behind another object.
    const inProcessB = createAuthClient<AcmePaths>({ ...acmeOptions, tokenStore: { ...sharedStore } });
    await inProcessB.GET("/patients/{id}", { params: { path: { id: "p-1" } } });
    expect(seen.tokens).toBe(1);
    expect(JSON.stringify([...shared.entries()])).not.toContain("my-secret");
  });
});
