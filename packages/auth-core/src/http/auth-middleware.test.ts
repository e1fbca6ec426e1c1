import { HttpResponse, http } from "msw";
import { describe, expect, it, vi } from "vitest";
import { createAuthClient } from "../client.js";
import { useMsw } from "../test-support/msw.js";
import { API_BASE, scenario, TOKEN_URL } from "../test-support/scenario.js";

// docs/contract.md, behaviour 7: Authorization and the vendor's API headers are attached in an
// openapi-fetch onRequest middleware, only when scheme, host and port equal an API origin.
const server = useMsw();

function recordAnywhere() {
  const seen: Request[] = [];
  server.use(
    http.all(/^https?:\/\/(elsewhere|api)\.example\.test.*/, ({ request }) => {
      seen.push(request);
      return HttpResponse.json({ ok: true });
    }),
  );
  return seen;
}

describe("where credentials go", () => {
  it("not to another host, scheme or port, even through the same client", async () => {
    const env = scenario(server);
    const client = env.make({ apiHeaders: { ProjectId: "p-1" } });
    const seen = recordAnywhere();
    for (const baseUrl of [
      "https://elsewhere.example.test/v1",
      "http://api.example.test/v1",
      "https://api.example.test:8443/v1",
      "https://api.example.test.elsewhere.example.test/v1",
    ]) {
      await client.GET("/things", { baseUrl });
    }
    expect(seen).toHaveLength(4);
    for (const request of seen) {
      expect(request.headers.get("authorization")).toBeNull();
      expect(request.headers.get("projectid")).toBeNull();
    }
    expect(env.tokenRequests).toHaveLength(0);
  });

  it("to the base URL's origin, whatever the path, and to documented sibling hosts", async () => {
    const env = scenario(server);
    const client = env.make({ siblingBaseUrls: ["https://pre-api.example.test/v1"] });
    const seen: Request[] = [];
    server.use(
      http.all(/^https:\/\/(pre-)?api\.example\.test\/.*/, ({ request }) => {
        seen.push(request);
        return HttpResponse.json({ ok: true });
      }),
    );
    await client.GET("/things", { baseUrl: "https://api.example.test/other-base" });
    await client.GET("/things", { baseUrl: "https://pre-api.example.test/v1" });
    expect(seen.map((r) => r.headers.get("authorization")?.startsWith("Bearer "))).toEqual([true, true]);
    expect(env.tokenRequests).toHaveLength(1);
  });

  it("routes a path prefix to a sibling host with the same token (Candid pre-encounter)", async () => {
    type PrePaths = {
      "/pre-encounter/patients": {
        post: {
          requestBody: { content: { "application/json": { name: string } } };
          responses: { 200: { content: { "application/json": { body: string } } } };
        };
      };
    };
    const env = scenario(server);
    const client = createAuthClient<PrePaths>({
      preset: env.preset,
      credentials: env.credentials,
      baseUrl: API_BASE,
      tokenUrl: TOKEN_URL,
      tokenStore: env.store,
      clock: env.clock,
      routes: { "/pre-encounter": "https://pre.example.test/api" },
    });
    const seen: Request[] = [];
    server.use(
      http.post("https://pre.example.test/api/patients", async ({ request }) => {
        seen.push(request);
        return HttpResponse.json({ body: await request.text() });
      }),
    );
    const { data } = await client.POST("/pre-encounter/patients", { body: { name: "x" } });
    expect(data).toEqual({ body: '{"name":"x"}' });
    expect(seen[0]?.headers.get("authorization")).toMatch(/^Bearer /);
  });

  it("routes a call whose Request class the caller chose (the middleware moves it)", async () => {
    const env = scenario(server);
    const client = env.make({ routes: { "/pre-encounter": "https://pre.example.test/api" } });
    const seen: Request[] = [];
    server.use(
      http.get("https://pre.example.test/api/patients", ({ request }) => {
        seen.push(request);
        return HttpResponse.json({ ok: true });
      }),
    );
    const { data } = await client.GET("/pre-encounter/patients" as "/things", {
      Request: globalThis.Request,
    });
    expect(data).toEqual({ ok: true });
    expect(seen[0]?.headers.get("authorization")).toMatch(/^Bearer /);
  });
});

describe("API headers", () => {
  it("are added to API calls; a per-call header of the same name wins", async () => {
    const env = scenario(server);
    const client = env.make({ apiHeaders: { ProjectId: "from-options" } });
    await client.GET("/things");
    await client.GET("/things", { headers: { ProjectId: "per-call" } });
    expect(env.apiRequests.map((r) => r.headers.get("projectid"))).toEqual(["from-options", "per-call"]);
  });
});

describe("the hot path", () => {
  it("does no hashing and leaves no timer per cached call", async () => {
    const env = scenario(server);
    const client = env.make();
    await client.GET("/things");
    const digest = vi.spyOn(crypto.subtle, "digest");
    for (let i = 0; i < 50; i++) await client.GET("/things");
    expect(digest).not.toHaveBeenCalled();
    digest.mockRestore();
    expect(env.clock.pendingTimers).toBe(0);
    expect(env.tokenRequests).toHaveLength(1);
  });
});

describe("fetch", () => {
  it("looks the global fetch up at call time, for token and API traffic alike", async () => {
    const env = scenario(server);
    const client = env.make(); // created before the global is replaced
    const seen: string[] = [];
    const original = globalThis.fetch;
    globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
      seen.push(input instanceof Request ? input.url : String(input));
      return original(input, init);
    }) as typeof fetch;
    try {
      await client.GET("/things");
    } finally {
      globalThis.fetch = original;
    }
    expect(seen).toEqual([TOKEN_URL, `${API_BASE}/things`]);
  });

  it("uses the fetch option for every request when given", async () => {
    const env = scenario(server);
    const seen: string[] = [];
    const client = env.make({
      fetch: (input, init) => {
        seen.push(input instanceof Request ? input.url : String(input));
        return globalThis.fetch(input, init);
      },
    });
    await client.GET("/things");
    expect(seen).toEqual([TOKEN_URL, `${API_BASE}/things`]);
  });
});
