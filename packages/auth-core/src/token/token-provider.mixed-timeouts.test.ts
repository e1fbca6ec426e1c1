import { expect, it } from "vitest";
import { createAuthClient } from "../client.js";
import { TimeoutError } from "../errors/timeout-error.js";
import { MemoryTokenStore } from "../store/memory-token-store.js";

// Found by the reliability campaign (docs/reliability.md): two clients of one credential identity share the token request.
// A client with timeoutMs 5000 that joined the request started by a client with timeoutMs 100 failed
// at 100 ms with "did not finish within timeoutMs (100 ms)", though the endpoint answered in time for it.
type Paths = {
  "/things": { get: { responses: { 200: { content: { "application/json": { ok: boolean } } } } } };
};

it("a caller that joined another client's token request is not failed by that client's shorter timeoutMs", async () => {
  let tokenRequests = 0;
  // Resolved when the first token request reaches the endpoint: the patient caller starts only then, so
  // there is a request to join rather than one it starts itself.
  let tokenRequestStarted!: () => void;
  const firstTokenRequest = new Promise<void>((resolve) => (tokenRequestStarted = resolve));
  // The token endpoint answers after 2.5 s (and gives up when the request is aborted). The impatient
  // client's 1 s limit is wide so that a loaded machine cannot spend it before its token request starts.
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.endsWith("/token")) return Response.json({ ok: true });
    tokenRequests++;
    tokenRequestStarted();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, 2_500);
      init?.signal?.addEventListener("abort", () => {
        clearTimeout(timer);
        reject(init.signal?.reason);
      });
    });
    return Response.json({ access_token: `tok-${tokenRequests}`, token_type: "Bearer", expires_in: 3600 });
  }) as typeof globalThis.fetch;
  const tokenStore = new MemoryTokenStore();
  const clientWith = (timeoutMs: number) =>
    createAuthClient<Paths>({
      preset: { vendor: "Example", encoding: "form", clientAuthentication: "basic" },
      credentials: { grant: "client_credentials", clientId: "id", clientSecret: "s3cret-canary" },
      baseUrl: "https://api.example.test/v1",
      tokenUrl: "https://auth.example.test/token",
      tokenStore,
      fetch,
      timeoutMs,
    });
  const impatient = clientWith(1_000);
  const patient = clientWith(10_000);

  const first = impatient.GET("/things").then(
    () => "answered",
    (error: unknown) => error,
  );
  // If the impatient client gave up before reaching the endpoint, the count below says so.
  await Promise.race([firstTokenRequest, first]);
  const second = patient.GET("/things");
  expect(await first).toBeInstanceOf(TimeoutError);
  const { data } = await second;
  expect(data?.ok).toBe(true);
  // The first request was cut at 1 s; the patient caller asked again under its own limit.
  expect(tokenRequests).toBe(2);
});
