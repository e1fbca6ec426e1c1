import { afterEach, beforeEach, expect, it } from "vitest";
import { createAuthClient } from "./client.js";
import { AbortError } from "./errors/abort-error.js";
import { MemoryTokenStore } from "./store/memory-token-store.js";

// Found by the reliability campaign (docs/reliability.md): a call whose signal was already aborted, on a cold cache, started
// the token request and detached at once; when that request then failed, nobody handled the
// rejection, and Node ended the process with an unhandled rejection.
type Paths = {
  "/things": { get: { responses: { 200: { content: { "application/json": { ok: boolean } } } } } };
};

const unhandled: unknown[] = [];
const record = (reason: unknown) => unhandled.push(reason);
beforeEach(() => {
  unhandled.length = 0;
  process.on("unhandledRejection", record);
});
afterEach(() => {
  process.off("unhandledRejection", record);
});

function client(answer: () => Response) {
  let tokenRequests = 0;
  const fetch = (async () => {
    tokenRequests++;
    return answer();
  }) as typeof globalThis.fetch;
  return {
    client: createAuthClient<Paths>({
      preset: { vendor: "Example", encoding: "form", clientAuthentication: "basic" },
      credentials: { grant: "client_credentials", clientId: "id", clientSecret: "s3cret-canary" },
      baseUrl: "https://api.example.test/v1",
      tokenUrl: "https://auth.example.test/token",
      tokenStore: new MemoryTokenStore(),
      fetch,
    }),
    tokenRequests: () => tokenRequests,
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

it("a caller aborted before the call leaves no unhandled rejection when the token request fails", async () => {
  const { client: api } = client(() => Response.json({ error: "invalid_client" }, { status: 400 }));
  await expect(api.GET("/things", { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
  await settle();
  expect(unhandled).toEqual([]);
});

it("a caller aborted before the call leaves no unhandled rejection when the token answer is unusable", async () => {
  const { client: api } = client(() => Response.json({ token_type: "Bearer" }));
  await expect(api.GET("/things", { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
  await settle();
  expect(unhandled).toEqual([]);
});
