import { expect, it } from "vitest";
import { createAuthClient } from "../client.js";
import { MemoryTokenStore } from "../store/memory-token-store.js";
import { keyStatesOf } from "./key-state.js";
import { MAX_KEY_STATES } from "./token-provider.js";

// Found by the reliability campaign (docs/reliability.md): every credential identity ever used left its shared state in a
// per-store map forever, so a process serving ever new tenants grew without bound (the store itself
// is capped). The map now keeps at most MAX_KEY_STATES, dropping the oldest idle ones.
type Paths = {
  "/things": { get: { responses: { 200: { content: { "application/json": { ok: boolean } } } } } };
};

function statesOf(store: MemoryTokenStore): Map<string, unknown> | undefined {
  return keyStatesOf(store);
}

it("the shared per-key states stay bounded when tenants keep changing, and dropped ones keep working", async () => {
  let tokenRequests = 0;
  const fetch = (async (input: RequestInfo | URL) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.endsWith("/token")) {
      tokenRequests++;
      return Response.json({ access_token: `tok-${tokenRequests}`, token_type: "Bearer", expires_in: 3600 });
    }
    return Response.json({ ok: true });
  }) as typeof globalThis.fetch;
  const store = new MemoryTokenStore({ maxEntries: 2 * MAX_KEY_STATES });
  const clientFor = (tenant: number) =>
    createAuthClient<Paths>({
      preset: { vendor: "Example", encoding: "form", clientAuthentication: "basic" },
      credentials: {
        grant: "client_credentials",
        clientId: `tenant-${tenant}`,
        clientSecret: "s3cret-canary",
      },
      baseUrl: "https://api.example.test/v1",
      tokenUrl: "https://auth.example.test/token",
      tokenStore: store,
      fetch,
    });

  const first = clientFor(0);
  expect((await first.GET("/things")).data?.ok).toBe(true);
  for (let tenant = 1; tenant <= MAX_KEY_STATES + 50; tenant++) await clientFor(tenant).GET("/things");
  expect(tokenRequests).toBe(MAX_KEY_STATES + 51);
  expect(statesOf(store)?.size).toBeLessThanOrEqual(MAX_KEY_STATES);

  // Tenant 0's state was dropped: its client still uses its token, and a new client of tenant 0
  // takes the token from the store; neither sends a token request.
  expect((await first.GET("/things")).data?.ok).toBe(true);
  expect((await clientFor(0).GET("/things")).data?.ok).toBe(true);
  expect(tokenRequests).toBe(MAX_KEY_STATES + 51);
}, 120_000);
