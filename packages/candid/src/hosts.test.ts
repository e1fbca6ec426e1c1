import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { MemoryTokenStore } from "@caduceus/auth-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import description from "./generated/openapi.json" with { type: "json" };
import {
  AuthConfigError,
  CANDID_HOSTS,
  type CandidClientOptions,
  type CandidEnvironment,
  candidHostOf,
  createCandidClient,
  isAuthConfigError,
} from "./index.js";

const credentials = { clientId: "hosts-test-id", clientSecret: "hosts-test-secret" };
const TOKEN = "hosts-test-token";

interface Seen {
  url: string;
  method: string;
  authorization: string | undefined;
}

/** A loopback HTTP server (127.0.0.1, random port) that mints a token and answers `{}` to the rest. */
function loopbackCandidHost() {
  const seen: Seen[] = [];
  const record = (url: string, method: string, headers: IncomingHttpHeaders) =>
    seen.push({ url, method, authorization: headers.authorization });
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      record(`${origin()}${request.url}`, request.method ?? "", request.headers);
      response.setHeader("content-type", "application/json");
      if (request.url?.endsWith("/api/auth/v2/token")) {
        response.end(JSON.stringify({ access_token: TOKEN, expires_in: 3600, token_type: "Bearer" }));
      } else response.end("{}");
    });
  });
  const origin = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    seen,
    origin,
    start: () => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve)),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A `fetch` that answers every request itself (a token or `{}`) and records where each one went. */
function recordingFetch() {
  const seen: Seen[] = [];
  const fetch = async (input: Request | URL | string, init?: RequestInit) => {
    const request = new Request(input, init);
    seen.push({
      url: request.url,
      method: request.method,
      authorization: request.headers.get("authorization") ?? undefined,
    });
    return new URL(request.url).pathname === "/api/auth/v2/token"
      ? Response.json({ access_token: TOKEN, expires_in: 3600, token_type: "Bearer" })
      : Response.json({});
  };
  return { seen, fetch };
}

function client(options: Partial<CandidClientOptions> = {}) {
  return createCandidClient({ ...credentials, tokenStore: new MemoryTokenStore(), ...options });
}

describe("each operation goes to its own host, with one token", () => {
  const core = loopbackCandidHost();
  const pre = loopbackCandidHost();
  beforeAll(async () => {
    await Promise.all([core.start(), pre.start()]);
  });
  afterAll(async () => {
    await Promise.all([core.stop(), pre.stop()]);
  });
  beforeEach(() => {
    core.seen.length = 0;
    pre.seen.length = 0;
  });

  it("sends /api/… to baseUrl and the pre-encounter paths to preEncounterBaseUrl, nothing else", async () => {
    const candid = client({ baseUrl: core.origin(), preEncounterBaseUrl: pre.origin() });
    await candid.GET("/api/encounters/v4", { params: { query: { limit: 1 } } });
    await candid.GET("/patients/v1/{id}", { params: { path: { id: "p-1" } } });
    await candid.POST("/api/encounters/v4", { body: {} as never });
    await candid.GET("/api/events/v1/");

    expect(core.seen.map((seen) => `${seen.method} ${seen.url}`)).toEqual([
      `POST ${core.origin()}/api/auth/v2/token`,
      `GET ${core.origin()}/api/encounters/v4?limit=1`,
      `POST ${core.origin()}/api/encounters/v4`,
      `GET ${core.origin()}/api/events/v1/`,
    ]);
    expect(pre.seen.map((seen) => `${seen.method} ${seen.url}`)).toEqual([
      `GET ${pre.origin()}/patients/v1/p-1`,
    ]);
    // One token, on every API call of both hosts; none on the token request.
    expect(core.seen[0]!.authorization).toBeUndefined();
    expect([...core.seen.slice(1), ...pre.seen].map((seen) => seen.authorization)).toEqual(
      Array(4).fill(`Bearer ${TOKEN}`),
    );
  });

  it("keeps a base path of each override (a proxy)", async () => {
    const candid = client({
      baseUrl: `${core.origin()}/candid/`,
      preEncounterBaseUrl: `${pre.origin()}/pre`,
    });
    await candid.GET("/api/encounters/v4");
    await candid.GET("/patients/v1/{id}", { params: { path: { id: "p-2" } } });
    expect(core.seen.map((seen) => seen.url)).toEqual([
      `${core.origin()}/candid/api/auth/v2/token`,
      `${core.origin()}/candid/api/encounters/v4`,
    ]);
    expect(pre.seen.map((seen) => seen.url)).toEqual([`${pre.origin()}/pre/patients/v1/p-2`]);
  });
});

describe("the host rule is the description's", () => {
  it("every operation's host (x-caduceus-host, from the SDK) is the one its path implies: /api/… core, else pre-encounter", () => {
    const hosts: [string, unknown][] = [];
    for (const [path, item] of Object.entries(description.paths as Record<string, Record<string, unknown>>)) {
      for (const operation of Object.values(item)) {
        if (typeof operation === "object" && operation !== null && "operationId" in operation) {
          hosts.push([path, (operation as Record<string, unknown>)["x-caduceus-host"]]);
        }
      }
    }
    expect(hosts.length).toBeGreaterThan(250);
    expect(hosts.filter(([, host]) => host === "preEncounter").length).toBeGreaterThan(50);
    expect(hosts.filter(([path, host]) => candidHostOf(path) !== host)).toEqual([]);
  });
});

describe("environments", () => {
  it.each(Object.entries(CANDID_HOSTS) as [CandidEnvironment, (typeof CANDID_HOSTS)[CandidEnvironment]][])(
    "%s: token and core calls to its core host, pre-encounter calls to its pre-encounter host",
    async (environment, hosts) => {
      const { seen, fetch } = recordingFetch();
      const candid = client({ environment, fetch });
      await candid.GET("/api/encounters/v4");
      await candid.GET("/patients/v1/{id}", { params: { path: { id: "p-3" } } });
      expect(seen.map((request) => request.url)).toEqual([
        `${hosts.candidApi}/api/auth/v2/token`,
        `${hosts.candidApi}/api/encounters/v4`,
        `${hosts.preEncounter}/patients/v1/p-3`,
      ]);
    },
  );

  it("names the SDK's environments as the SDK does, the docs' Sandbox being staging", () => {
    expect(CANDID_HOSTS.staging.candidApi).toBe("https://api-staging.joincandidhealth.com");
    expect(CANDID_HOSTS.sandbox.candidApi).toBe("https://sandbox-api.joincandidhealth.com");
    expect(CANDID_HOSTS.candidStaging.candidApi).toBe("https://staging-api.joincandidhealth.com");
    expect(CANDID_HOSTS.local).toEqual({
      candidApi: "http://localhost:5050",
      preEncounter: "http://localhost:4000",
    });
  });
});

describe("credentials and tokens reach the two hosts only", () => {
  it("a custom baseUrl no longer sends pre-encounter calls to {baseUrl}/pre-encounter/…", async () => {
    const { seen, fetch } = recordingFetch();
    const candid = client({ baseUrl: "https://candid-proxy.example.test", fetch });
    await candid.GET("/patients/v1/{id}", { params: { path: { id: "p-4" } } });
    await candid.GET("/api/encounters/v4");
    expect(seen.map((request) => request.url)).toEqual([
      // The secret goes to the core host given, not to production's token endpoint.
      "https://candid-proxy.example.test/api/auth/v2/token",
      "https://pre-api.joincandidhealth.com/patients/v1/p-4",
      "https://candid-proxy.example.test/api/encounters/v4",
    ]);
    expect(seen.some((request) => request.url.includes("/pre-encounter"))).toBe(false);
  });

  it("a custom preEncounterBaseUrl alone moves the pre-encounter calls only", async () => {
    const { seen, fetch } = recordingFetch();
    const candid = client({
      environment: "staging",
      preEncounterBaseUrl: "https://pre-proxy.example.test",
      fetch,
    });
    await candid.GET("/patients/v1/{id}", { params: { path: { id: "p-5" } } });
    expect(seen.map((request) => request.url)).toEqual([
      "https://api-staging.joincandidhealth.com/api/auth/v2/token",
      "https://pre-proxy.example.test/patients/v1/p-5",
    ]);
  });

  it("sends no token to another host, even when a call names one", async () => {
    const { seen, fetch } = recordingFetch();
    const candid = client({ fetch });
    await candid.GET("/api/encounters/v4", { baseUrl: "https://elsewhere.example.test" });
    await candid.GET("/patients/v1/{id}", {
      params: { path: { id: "p-6" } },
      baseUrl: "https://elsewhere.example.test",
    });
    expect(seen.map((request) => [request.url, request.authorization])).toEqual([
      ["https://elsewhere.example.test/api/encounters/v4", undefined],
      ["https://elsewhere.example.test/patients/v1/p-6", undefined],
    ]);
  });
});

describe("host options", () => {
  it.each([
    ["preEncounterBaseUrl", { preEncounterBaseUrl: "" }],
    ["preEncounterBaseUrl", { preEncounterBaseUrl: "not a url" }],
    ["preEncounterBaseUrl", { preEncounterBaseUrl: "http://pre.example.test" }],
    ["baseUrl", { baseUrl: "ftp://candid.example.test" }],
    ["baseUrl", { baseUrl: "https://user:pass@candid.example.test" }],
  ])("throws AuthConfigError naming %s", (option, options) => {
    let thrown: unknown;
    try {
      client(options);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AuthConfigError);
    expect(isAuthConfigError(thrown) && thrown.option).toBe(option);
  });

  it("accepts an http:// pre-encounter host on loopback, or with allowInsecureHttp", () => {
    expect(() => client({ preEncounterBaseUrl: "http://127.0.0.1:4000" })).not.toThrow();
    expect(() =>
      client({ preEncounterBaseUrl: "http://pre.example.test", allowInsecureHttp: true }),
    ).not.toThrow();
  });
});
