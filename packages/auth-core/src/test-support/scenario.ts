import { HttpResponse, http } from "msw";
import type { SetupServer } from "msw/node";
import { type AuthClientOptions, createAuthClient } from "../client.js";
import type { AuthEvent } from "../events.js";
import { MemoryTokenStore } from "../store/memory-token-store.js";
import { createFakeClock } from "../testing/fake-clock.js";
import { createTokenIssuer } from "../testing/token-issuer.js";
import type { TokenCredentials } from "../token/exchange.js";
import type { TokenPreset } from "../token/preset.js";
import { RetryBudget } from "../token/retry-policy.js";

/** Re-exported for the tests that drive a scenario: what a call rejects with. */
export { rejection } from "@caduceus/test-msw";

export const TOKEN_URL = "https://auth.example.test/oauth/token";
export const API_BASE = "https://api.example.test/v1";
export const SECRET = "s3cret-canary-value";

/** The tiny API every scenario serves. */
export type Paths = {
  "/things": {
    get: { responses: { 200: { content: { "application/json": { ok: boolean } } } } };
    post: {
      requestBody: { content: { "application/json": Record<string, unknown> } };
      responses: { 200: { content: { "application/json": { ok: boolean } } } };
    };
  };
};

/** A token endpoint answer: a status and JSON (or text) body, or a function of the request. */
export type TokenAnswer =
  | { status?: number; body?: unknown; headers?: Record<string, string> }
  | ((request: Request) => Response | Promise<Response>);

/** A request the token endpoint received. */
export interface SeenTokenRequest {
  headers: Record<string, string>;
  text: string;
  form: URLSearchParams;
  json: unknown;
}

export interface ScenarioOptions {
  preset?: Partial<TokenPreset>;
  credentials?: Partial<TokenCredentials>;
  /** Lifetime of issued tokens (JWT exp - iat and expires_in). Default 3600 s. */
  lifetimeSeconds?: number;
  /** Whether the token answer carries expires_in. Default true. */
  expiresIn?: boolean;
  client?: Partial<AuthClientOptions>;
  /** The API accepts any Bearer token except those in `env.refused` (default: only live issuer tokens). */
  acceptAnyToken?: boolean;
}

/**
 * An msw token endpoint plus API on a fake clock, with an isolated store, its own retry budget and an
 * event log. `answers` queues token-endpoint answers (then tokens again); the API accepts only live
 * tokens from the issuer.
 */
export function scenario(server: SetupServer, options: ScenarioOptions = {}) {
  const clock = createFakeClock();
  const issuer = createTokenIssuer({ clock, lifetimeSeconds: options.lifetimeSeconds ?? 3600 });
  const tokenRequests: SeenTokenRequest[] = [];
  const apiRequests: Request[] = [];
  const answers: TokenAnswer[] = [];
  const events: AuthEvent[] = [];
  const refused = new Set<string>();
  const store = new MemoryTokenStore({ now: clock.now });
  const budget = new RetryBudget();
  server.use(
    http.post(TOKEN_URL, async ({ request }) => {
      const text = await request.clone().text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      tokenRequests.push({
        headers: Object.fromEntries(request.headers),
        text,
        form: new URLSearchParams(text),
        json,
      });
      const answer = answers.shift();
      if (typeof answer === "function") return answer(request);
      if (answer) {
        const body = answer.body;
        return typeof body === "string"
          ? new HttpResponse(body, { status: answer.status ?? 200, headers: answer.headers ?? {} })
          : HttpResponse.json(body ?? null, { status: answer.status ?? 200, headers: answer.headers ?? {} });
      }
      const lifetime = issuer.lifetimeSeconds;
      return HttpResponse.json({
        access_token: issuer.issue("client"),
        token_type: "Bearer",
        ...(options.expiresIn === false ? {} : { expires_in: lifetime }),
      });
    }),
    http.all(`${API_BASE}/things`, async ({ request }) => {
      apiRequests.push(request.clone());
      const authorization = request.headers.get("authorization");
      const ok = options.acceptAnyToken
        ? authorization?.startsWith("Bearer ") && !refused.has(authorization.slice(7))
        : issuer.check(authorization).ok;
      if (!ok) return new HttpResponse(null, { status: 401 });
      return HttpResponse.json({ ok: true });
    }),
  );
  const preset: TokenPreset = {
    vendor: "Example",
    encoding: "form",
    clientAuthentication: "basic",
    ...options.preset,
  };
  const credentials: TokenCredentials = {
    grant: "client_credentials",
    clientId: "client-id",
    clientSecret: SECRET,
    ...options.credentials,
  };
  const make = (overrides: Partial<AuthClientOptions> = {}) =>
    createAuthClient<Paths>({
      preset,
      credentials,
      baseUrl: API_BASE,
      tokenUrl: TOKEN_URL,
      tokenStore: store,
      clock,
      retryBudget: budget,
      onEvent: (event) => events.push(event),
      ...options.client,
      ...overrides,
    });
  return {
    clock,
    issuer,
    tokenRequests,
    apiRequests,
    answers,
    events,
    store,
    budget,
    refused,
    make,
    preset,
    credentials,
  };
}

/** A JSON body that sends its first byte and then never ends. */
export function trickling(): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode("{"));
    },
  });
  return new HttpResponse(body, { headers: { "content-type": "application/json" } });
}

/** A promise a test holds shut (`opened`) until it calls `open()`: a server answer made to wait. */
export function createGate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/** Lets pending promises and timers of 0 ms settle (real event-loop turns, not fake time). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Waits (real event-loop turns) until `condition` holds; fails after ~2 s. */
export async function until(condition: () => boolean, what = "condition"): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > 2_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/**
 * Advances `clock` in steps until `promise` settles (retries and back-offs sleep on the fake clock),
 * then returns it. Attach no handler of your own before: this one observes the settlement.
 */
export async function drive<T>(
  clock: { advance(ms: number): Promise<void> },
  promise: Promise<T>,
  stepMs = 50,
  maxSteps = 2_000,
): Promise<T> {
  let settled = false;
  promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  for (let step = 0; step < maxSteps && !settled; step++) {
    // A real millisecond first: sockets and msw need event-loop turns that fake time cannot give.
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (!settled) await clock.advance(stepMs);
  }
  return promise;
}
