import { describe, expect, it, vi } from "vitest";
import { PROCESS_STATE_VERSION, processState, processWide } from "./process-state.js";

// Two copies of auth-core in one process (two vendor packages pinning different patches) must act as
// one: the same key states (docs/contract.md, behaviour 2) and the same live-token registry, so a
// token learnt by one copy is scrubbed by the other (behaviour 7). A second copy of the module graph
// is loaded with vi.resetModules() and a dynamic import.
type Core = typeof import("./index.js");

async function twoCopies(): Promise<[Core, Core]> {
  vi.resetModules();
  const first = (await import("./index.js")) as Core;
  vi.resetModules();
  const second = (await import("./index.js")) as Core;
  return [first, second];
}

/** A token endpoint and an API in one fetch: counts token requests, issues `tokens` in order. */
function vendor(tokens: string[]) {
  const seen = { tokenRequests: 0, apiAuthorizations: [] as string[] };
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    if (request.url === "https://auth.acme.test/token") {
      const token = tokens[seen.tokenRequests++] ?? "exhausted";
      // Answer late, so concurrent callers of both copies are all waiting on one request.
      await new Promise((resolve) => setTimeout(resolve, 20));
      return Response.json({ access_token: token, token_type: "Bearer", expires_in: 3600 });
    }
    seen.apiAuthorizations.push(request.headers.get("authorization") ?? "");
    return Response.json({ ok: true });
  };
  return { fetch, seen };
}

function clientOf(core: Core, fetch: typeof globalThis.fetch, store: InstanceType<Core["MemoryTokenStore"]>) {
  return core.createAuthClient<{
    "/things": { get: { responses: { 200: { content: { "application/json": unknown } } } } };
  }>({
    preset: { vendor: "Acme", encoding: "form", clientAuthentication: "basic" },
    credentials: {
      grant: "client_credentials",
      clientId: "two-copies-id",
      clientSecret: "two-copies-secret",
    },
    baseUrl: "https://api.acme.test/v1",
    tokenUrl: "https://auth.acme.test/token",
    fetch,
    tokenStore: store,
  });
}

describe("process-wide state shared by two copies of auth-core", () => {
  it("loads two distinct copies of the module graph", async () => {
    const [first, second] = await twoCopies();
    expect(first.Redactor).not.toBe(second.Redactor);
    expect(first.createAuthClient).not.toBe(second.createAuthClient);
  });

  it("scrubs, in one copy, a token that only the other copy has seen", async () => {
    const [first, second] = await twoCopies();
    const token = "live-token-learnt-by-the-first-copy-7f3a";
    const { fetch, seen } = vendor([token]);
    const { response } = await clientOf(first, fetch, new first.MemoryTokenStore()).GET("/things");
    expect(response.status).toBe(200);
    expect(seen.apiAuthorizations).toEqual([`Bearer ${token}`]);
    const echoed = `upstream said: bad token ${token} (base64 ${btoa(token)})`;
    expect(new second.Redactor().scrub(echoed)).toBe(
      "upstream said: bad token [redacted] (base64 [redacted])",
    );
  });

  it("shares key states: concurrent misses from both copies cause one token request", async () => {
    const [first, second] = await twoCopies();
    const { fetch, seen } = vendor(["shared-flight-token-1", "shared-flight-token-2"]);
    // One store object, so both copies look up the same key state; it has no lock, so only the
    // shared in-process state can make the two copies' misses a single flight.
    const store = new first.MemoryTokenStore();
    const answers = await Promise.all([
      clientOf(first, fetch, store).GET("/things"),
      clientOf(second, fetch, store).GET("/things"),
      clientOf(second, fetch, store).GET("/things"),
    ]);
    expect(answers.map(({ response }) => response.status)).toEqual([200, 200, 200]);
    expect(seen.tokenRequests).toBe(1);
    expect(new Set(seen.apiAuthorizations)).toEqual(new Set(["Bearer shared-flight-token-1"]));
  });

  it("shares the default store and the retry budget", async () => {
    const [first, second] = await twoCopies();
    expect(second.defaultTokenStore()).toBe(first.defaultTokenStore());
    vi.resetModules();
    const firstPolicy = await import("./token/retry-policy.js");
    vi.resetModules();
    const secondPolicy = await import("./token/retry-policy.js");
    expect(firstPolicy.RetryBudget).not.toBe(secondPolicy.RetryBudget);
    expect(secondPolicy.processRetryBudget()).toBe(firstPolicy.processRetryBudget());
    expect(processWide("retry-budget", () => "never made")).toBe(firstPolicy.processRetryBudget());
    // The 0.1 slot still names the same store, for an older copy in the same process.
    const legacy = (globalThis as Record<symbol, unknown>)[
      Symbol.for("@caduceus/auth-core/default-token-store")
    ];
    expect(legacy).toBe(first.defaultTokenStore());
  });

  it("gives a non-extractable signing key one identity in both copies, so it keys one cache entry", async () => {
    vi.resetModules();
    const first = await import("./entry/private-key-jwt.js");
    vi.resetModules();
    const second = await import("./entry/private-key-jwt.js");
    expect(second.loadSigningKey).not.toBe(first.loadSigningKey);
    const { privateKey } = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, [
      "sign",
      "verify",
    ]);
    const [one, other] = await Promise.all([
      first.loadSigningKey(privateKey),
      second.loadSigningKey(privateKey),
    ]);
    expect(one.thumbprint).toMatch(/^opaque:/);
    expect(other.thumbprint).toBe(one.thumbprint);
  });

  it("keeps a state of another layout version apart instead of misreading it", () => {
    const slot = (globalThis as Record<symbol, Record<number, unknown>>)[
      Symbol.for("@caduceus/auth-core/process-state")
    ]!;
    const other = { version: PROCESS_STATE_VERSION + 1, cells: new Map([["live-tokens", "not a map"]]) };
    slot[PROCESS_STATE_VERSION + 1] = other;
    try {
      expect(processState().version).toBe(PROCESS_STATE_VERSION);
      expect(processState().cells.get("live-tokens")).toBeInstanceOf(Map);
    } finally {
      delete slot[PROCESS_STATE_VERSION + 1];
    }
  });
});
