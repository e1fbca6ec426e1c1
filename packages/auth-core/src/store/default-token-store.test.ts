import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { createAuthClient } from "../client.js";
import { useMsw } from "../test-support/msw.js";
import { API_BASE, type Paths, TOKEN_URL } from "../test-support/scenario.js";
import { defaultTokenStore, MemoryTokenStore } from "./memory-token-store.js";

// docs/contract.md, behaviour 1: without a tokenStore option, one in-memory store per process,
// so clients created separately with the same credentials share tokens, and a serverless warm start
// (a new client in the same process) makes no token request.
const server = useMsw();

/** A client with no tokenStore option; a fresh client id per test keeps tests apart in this process. */
function clientFor(clientId: string) {
  return createAuthClient<Paths>({
    preset: { vendor: "Example", encoding: "form", clientAuthentication: "basic" },
    credentials: { grant: "client_credentials", clientId, clientSecret: "default-store-secret" },
    baseUrl: API_BASE,
    tokenUrl: TOKEN_URL,
  });
}

function endpoint() {
  const counts = { token: 0 };
  server.use(
    http.post(TOKEN_URL, () => {
      counts.token++;
      return HttpResponse.json({ access_token: `tok-${counts.token}-${Math.random()}`, expires_in: 3600 });
    }),
    http.get(`${API_BASE}/things`, () => HttpResponse.json({ ok: true })),
  );
  return counts;
}

describe("the default store", () => {
  it("is one MemoryTokenStore for the whole process", () => {
    expect(defaultTokenStore()).toBeInstanceOf(MemoryTokenStore);
    expect(defaultTokenStore()).toBe(defaultTokenStore());
  });

  it("lets separately created clients with the same credentials share one token", async () => {
    const counts = endpoint();
    const id = `shared-${Math.random()}`;
    await clientFor(id).GET("/things");
    await clientFor(id).GET("/things");
    await Promise.all([clientFor(id).GET("/things"), clientFor(id).GET("/things")]);
    expect(counts.token).toBe(1);
  });

  it("makes no token request on a warm start (a new client per invocation)", async () => {
    const counts = endpoint();
    const id = `lambda-${Math.random()}`;
    const handler = async () => (await clientFor(id).GET("/things")).data;
    await handler(); // cold start
    for (let i = 0; i < 5; i++) await handler(); // warm invocations
    expect(counts.token).toBe(1);
  });

  it("keeps different credentials apart", async () => {
    const counts = endpoint();
    await clientFor(`one-${Math.random()}`).GET("/things");
    await clientFor(`two-${Math.random()}`).GET("/things");
    expect(counts.token).toBe(2);
  });
});
