import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { ErrorCode } from "../errors/codes.js";
import { TokenRequestError } from "../errors/token-request-error.js";
import { TokenResponseError } from "../errors/token-response-error.js";
import { useMsw } from "../test-support/msw.js";
import { drive, rejection, scenario, TOKEN_URL } from "../test-support/scenario.js";
import type { TokenExchangeContext, TokenExchangeFunction } from "./exchange.js";

// an escape hatch accepts a custom exchange function for vendors no preset can describe.
const server = useMsw();

describe("custom exchange", () => {
  it("replaces the built-in request and gets URL, credentials, the client's fetch and a signal", async () => {
    const seen: TokenExchangeContext[] = [];
    let env!: ReturnType<typeof scenario>;
    const exchange: TokenExchangeFunction = async (context) => {
      seen.push(context);
      const response = await context.fetch(context.tokenUrl, {
        method: "POST",
        body: JSON.stringify({ key: context.credentials.clientSecret }),
        signal: context.signal,
      });
      const json = (await response.json()) as { jwt: string; ttl: number };
      return { accessToken: json.jwt, tokenType: "Bearer", expiresInSeconds: json.ttl };
    };
    env = scenario(server, { preset: { exchange } });
    env.answers.push(() => HttpResponse.json({ jwt: env.issuer.issue("c"), ttl: 3600 }));
    const result = await env.make().GET("/things");
    expect(result.data?.ok).toBe(true);
    expect(seen[0]).toMatchObject({ tokenUrl: TOKEN_URL, credentials: env.credentials });
    expect(seen[0]?.signal).toBeInstanceOf(AbortSignal);
    expect(env.tokenRequests[0]?.json).toEqual({ key: env.credentials.clientSecret });
  });

  it("regression: a result that is not a usable token is a TokenResponseError, never handed out", async () => {
    for (const result of [
      { accessToken: "" },
      { accessToken: "has space" },
      { accessToken: 7 },
      null,
      { accessToken: "a", tokenType: "MAC" },
    ]) {
      server.resetHandlers();
      const env = scenario(server, { preset: { exchange: async () => result as never } });
      const error = await rejection(env.make().GET("/things"));
      expect(error).toBeInstanceOf(TokenResponseError);
      expect(env.apiRequests).toHaveLength(0);
    }
  });

  it("retries the typed retryable errors it throws and wraps anything else as a network error", async () => {
    let calls = 0;
    const env = scenario(server, {
      preset: {
        exchange: async () => {
          calls++;
          if (calls === 1) {
            throw new TokenRequestError(ErrorCode.TokenRequestFailed, "busy", {
              method: "POST",
              url: TOKEN_URL,
              status: 503,
              attempts: 1,
              retryable: true,
            });
          }
          throw new Error("socket closed");
        },
      },
      client: { maxRetries: 1 },
    });
    const error = (await drive(env.clock, rejection(env.make().GET("/things")))) as TokenRequestError;
    expect(calls).toBe(2);
    expect(error.code).toBe(ErrorCode.TokenRequestNetwork);
    expect(error.cause).toMatchObject({ message: "socket closed" });
  });

  it("receives the refresh token a previous result carried", async () => {
    const refreshTokens: Array<string | undefined> = [];
    let env!: ReturnType<typeof scenario>;
    env = scenario(server, {
      lifetimeSeconds: 60,
      preset: {
        exchange: async ({ refreshToken }) => {
          refreshTokens.push(refreshToken);
          return {
            accessToken: env.issuer.issue("c"),
            tokenType: "Bearer",
            expiresInSeconds: 60,
            refreshToken: "rt-1",
          };
        },
      },
    });
    const client = env.make();
    await client.GET("/things");
    await env.clock.advance(61_000);
    await client.GET("/things");
    expect(refreshTokens).toEqual([undefined, "rt-1"]);
  });

  it("regression: its fetch does not follow redirects unless the exchange asks to", async () => {
    let followed = false;
    server.use(
      http.post("https://elsewhere.example.test/steal", () => {
        followed = true;
        return HttpResponse.json({});
      }),
    );
    const statuses: number[] = [];
    const env = scenario(server, {
      preset: {
        exchange: async ({ fetch, tokenUrl }) => {
          const response = await fetch(tokenUrl, { method: "POST", body: "secret=1" });
          statuses.push(response.status);
          throw new TokenRequestError(ErrorCode.TokenRequestRedirected, "redirected", {
            method: "POST",
            url: tokenUrl,
            status: response.status,
            attempts: 1,
            retryable: false,
          });
        },
      },
    });
    server.use(
      http.post(
        TOKEN_URL,
        () =>
          new HttpResponse(null, {
            status: 307,
            headers: { location: "https://elsewhere.example.test/steal" },
          }),
      ),
    );
    await rejection(env.make().GET("/things"));
    expect(statuses).toEqual([307]);
    expect(followed).toBe(false);
  });
});
