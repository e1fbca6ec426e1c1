import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { createAuthClient } from "../client.js";
import { MemoryTokenStore } from "../store/memory-token-store.js";
import { createFakeClock } from "../testing/fake-clock.js";

// Regression: msw's fetch interceptor tees mocked bodies, and cancelling such a body never settles
// (mswjs/interceptors#712, #799). A replay that awaited the cancel of a 401 *with a body* hung forever.
type Paths = {
  "/things": { get: { responses: { 200: { content: { "application/json": { ok: boolean } } } } } };
};

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function client() {
  return createAuthClient<Paths>({
    preset: { vendor: "Example", encoding: "form", clientAuthentication: "basic" },
    credentials: { grant: "client_credentials", clientId: "id", clientSecret: "s3cret-canary" },
    baseUrl: "https://api.example.test/v1",
    tokenUrl: "https://auth.example.test/token",
    tokenStore: new MemoryTokenStore(),
    clock: createFakeClock(),
  });
}

it("replays a 401 whose JSON body cannot be cancelled", async () => {
  let tokens = 0;
  let calls = 0;
  server.use(
    http.post("https://auth.example.test/token", () =>
      HttpResponse.json({ access_token: `tok-${++tokens}`, token_type: "Bearer", expires_in: 3600 }),
    ),
    http.get("https://api.example.test/v1/things", () =>
      ++calls === 1
        ? HttpResponse.json({ error: "invalid token" }, { status: 401 })
        : HttpResponse.json({ ok: true }),
    ),
  );
  const { data } = await client().GET("/things");
  expect(data?.ok).toBe(true);
  expect(tokens).toBe(2);
});

it("follows a redirect whose body cannot be cancelled", async () => {
  server.use(
    http.post("https://auth.example.test/token", () =>
      HttpResponse.json({ access_token: "tok", token_type: "Bearer", expires_in: 3600 }),
    ),
    http.get("https://api.example.test/v1/things", () =>
      HttpResponse.json(
        { moved: true },
        { status: 307, headers: { location: "https://api.example.test/v1/things2" } },
      ),
    ),
    http.get("https://api.example.test/v1/things2", () => HttpResponse.json({ ok: true })),
  );
  const { data } = await client().GET("/things");
  expect(data?.ok).toBe(true);
});
