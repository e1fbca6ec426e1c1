import { inspect } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AuthClientOptions, createAuthClient } from "./client.js";
import type { AuthEvent } from "./events.js";
import { MemoryTokenStore } from "./store/memory-token-store.js";
import type { TokenCredentials } from "./token/exchange.js";
import type { TokenPreset } from "./token/preset.js";

// docs/contract.md, behaviour 7: no secret value (any string of 4+ characters, with ":", "%",
// quotes, unicode) appears in any error's message, cause, JSON or inspect output, nor in events,
// even when the vendor's error body, headers or the network layer echo it.

type Where = "clientSecret-basic" | "clientSecret-json" | "password" | "header";
type Echo = "error-status" | "rate-limited" | "envelope" | "unusable-200" | "network";

/** Everything the vendor could echo back: the secret, and the request as it was sent. */
function vendorFetch(secret: string, echo: Echo): typeof fetch {
  return async (_input, init) => {
    const sent = `${String(init?.body ?? "")} ${JSON.stringify(init?.headers ?? {})}`;
    if (echo === "network") {
      throw new TypeError(`fetch failed: ${secret}`, {
        cause: Object.assign(new Error(`connect ${sent}`), { code: "ECONNRESET" }),
      });
    }
    const headers = new Headers({ "content-type": "application/json" });
    try {
      headers.set("x-request-id", secret);
    } catch {
      // not a valid header value: the body echoes it instead
    }
    const body = {
      error: secret,
      error_description: `bad credentials ${secret} in ${sent}`,
      message: sent,
      requestId: secret,
      success: false,
      statusCode: 401,
      access_token: echo === "unusable-200" ? `${secret} with space` : undefined,
      token_type: echo === "unusable-200" ? secret : undefined,
    };
    const status = { "error-status": 400, "rate-limited": 429, envelope: 200, "unusable-200": 200 }[echo];
    if (echo === "rate-limited") headers.set("retry-after", "3600");
    return new Response(JSON.stringify(body), { status, headers });
  };
}

async function leakSurface(secret: string, where: Where, echo: Echo): Promise<string> {
  const preset: TokenPreset = {
    vendor: "Acme",
    encoding: where === "clientSecret-json" ? "json" : "form",
    clientAuthentication:
      where === "clientSecret-basic" ? "basic" : where === "clientSecret-json" ? "body" : "none",
    ...(echo === "envelope" ? { response: { successPath: "success" } } : {}),
  };
  const credentials: TokenCredentials =
    where === "password"
      ? { grant: "password", username: "user", password: secret }
      : where === "header"
        ? {
            grant: "client_credentials",
            headers: { "x-partner-secret": secret },
            secretHeaders: ["x-partner-secret"],
          }
        : { grant: "client_credentials", clientId: "client-id", clientSecret: secret };
  const events: AuthEvent[] = [];
  const options: AuthClientOptions = {
    preset,
    credentials,
    baseUrl: "https://api.acme.test",
    tokenUrl: "https://auth.acme.test/token",
    fetch: vendorFetch(secret, echo),
    tokenStore: new MemoryTokenStore(),
    maxRetries: 0,
    onEvent: (event) => events.push(event),
  };
  const client = createAuthClient<{
    "/x": { get: { responses: { 200: { content: { "application/json": unknown } } } } };
  }>(options);
  let error: unknown;
  try {
    await client.GET("/x");
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(Error);
  const causes: unknown[] = [];
  for (let cause = (error as Error).cause; cause !== undefined; cause = (cause as Error).cause)
    causes.push(cause);
  return [
    (error as Error).message,
    (error as Error).stack,
    String(error),
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
    ...causes.map((cause) => `${String(cause)} ${inspect(cause, { depth: 10 })}`),
    JSON.stringify(events),
    inspect(events, { depth: 10 }),
  ].join("\n");
}

const secrets = fc
  .oneof(
    fc.string({ minLength: 4, maxLength: 40 }),
    fc.string({ minLength: 4, maxLength: 20, unit: "grapheme" }),
    fc.string({
      minLength: 4,
      maxLength: 20,
      unit: fc.constantFrom(":", "%", "+", " ", '"', "'", "\\", "é", "🔑", "=", "&", "a", "1"),
    }),
  )
  // What createAuthClient accepts: no control characters (a pasted newline is refused at creation).
  .filter((secret) => !/[\u0000-\u001f\u007f]/.test(secret) && secret.trim() !== "");
const wheres = fc.constantFrom<Where>("clientSecret-basic", "clientSecret-json", "password", "header");
const echoes = fc.constantFrom<Echo>("error-status", "rate-limited", "envelope", "unusable-200", "network");

describe("no secret leaks (property)", () => {
  it("no error or event text contains the secret, whatever the secret and however it is echoed", async () => {
    // Fixed vocabulary (class and field names, codes, URLs, stack frames) is the same for any secret:
    // a secret that is a piece of it ("POST", "code") would be found without any leak.
    const baselines = new Map<string, string>();
    await fc.assert(
      fc.asyncProperty(secrets, wheres, echoes, async (secret, where, echo) => {
        const header = where === "header";
        fc.pre(!header || /^[\u0020-\u007e\u0080-\u00ff]+$/.test(secret)); // a header value must be Latin-1
        const id = `${where}/${echo}`;
        if (!baselines.has(id)) baselines.set(id, await leakSurface("zq-baseline-zq", where, echo));
        fc.pre(!baselines.get(id)!.includes(secret));
        const surface = await leakSurface(secret, where, echo);
        expect(surface).not.toContain(secret);
      }),
      { numRuns: 300 },
    );
  });
});
