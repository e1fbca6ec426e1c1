import { expect, it } from "vitest";
import { createAuthClient } from "../client.js";
import { MemoryTokenStore } from "../store/memory-token-store.js";
import { createFakeClock } from "../testing/fake-clock.js";
import { HINT_HEADER, REFUSED_TOKEN_COOLDOWN_MS } from "./auth-fetch.js";

// Issue #5 (reliability campaign): when an API answers 401 whatever the token (xCures does for a
// ProjectId the key cannot reach), every call dropped its token and minted a new one: a loop of
// calls became a storm of token requests, which vendors rate-limit for the whole API key.
type Paths = {
  "/things": { get: { responses: { 200: { content: { "application/json": { ok: boolean } } } } } };
};

it("a 401 on a token a replay already saw refused goes to the caller without minting another token", async () => {
  let tokenRequests = 0;
  let apiRequests = 0;
  const fetch = (async (input: RequestInfo | URL) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.endsWith("/token")) {
      tokenRequests++;
      return Response.json({ access_token: `tok-${tokenRequests}`, token_type: "Bearer", expires_in: 3600 });
    }
    apiRequests++;
    return Response.json({ error: "unauthorized" }, { status: 401 });
  }) as typeof globalThis.fetch;
  const clock = createFakeClock();
  const client = createAuthClient<Paths>({
    preset: { vendor: "Example", encoding: "form", clientAuthentication: "basic" },
    credentials: { grant: "client_credentials", clientId: "id", clientSecret: "s3cret-canary" },
    baseUrl: "https://api.example.test/v1",
    tokenUrl: "https://auth.example.test/token",
    tokenStore: new MemoryTokenStore(),
    fetch,
    clock,
  });

  // The first call replays once with a fresh token, which is refused too.
  expect((await client.GET("/things")).response.status).toBe(401);
  expect([tokenRequests, apiRequests]).toEqual([2, 2]);
  // The next calls get their 401 at once, with a hint, and no new token.
  for (let i = 0; i < 4; i++) {
    const { response } = await client.GET("/things");
    expect(response.status).toBe(401);
    expect(response.headers.get(HINT_HEADER)).toMatch(/not replayed/);
  }
  expect([tokenRequests, apiRequests]).toEqual([2, 6]);
  // After the cool-down a 401 is again taken as the token's fault: one more replay with a new token.
  await clock.advance(REFUSED_TOKEN_COOLDOWN_MS);
  expect((await client.GET("/things")).response.status).toBe(401);
  expect([tokenRequests, apiRequests]).toEqual([3, 8]);
});
