import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { ErrorCode } from "../errors/codes.js";
import { TokenRequestError } from "../errors/token-request-error.js";
import { TokenResponseError } from "../errors/token-response-error.js";
import { Redactor } from "../redact.js";
import { useMsw } from "../test-support/msw.js";
import { rejection, scenario, TOKEN_URL } from "../test-support/scenario.js";
import type { TokenPreset } from "./preset.js";
import { interpretTokenResponse, type TokenHttpResponse } from "./token-response.js";

// Parsing is strict and tolerant, and reads the envelope shapes vendors use.
const server = useMsw();

const standard: TokenPreset = { vendor: "Acme", encoding: "form", clientAuthentication: "basic" };
const parchment: TokenPreset = {
  vendor: "Parchment",
  encoding: "json",
  clientAuthentication: "none",
  response: {
    successPath: "success",
    dataPath: "data",
    fields: { accessToken: "accessToken", expiresIn: "expiresIn", tokenType: "tokenType", scope: "scope" },
  },
  errorBody: { codePaths: ["error.type"], messagePaths: ["error.title", "error.detail", "message"] },
};

function answer(body: unknown, init: Partial<TokenHttpResponse> = {}): TokenHttpResponse {
  return {
    method: "POST",
    url: "https://auth.acme.test/token?key=query-secret",
    status: 200,
    headers: new Headers({ "content-type": "application/json" }),
    bodyText: typeof body === "string" ? body : JSON.stringify(body),
    receivedAt: Date.UTC(2026, 0, 1),
    attempts: 1,
    ...init,
  };
}

const parse = (body: unknown, init?: Partial<TokenHttpResponse>, preset = standard) =>
  interpretTokenResponse(preset, answer(body, init), new Redactor(["the-client-secret"]));

function failure(body: unknown, init?: Partial<TokenHttpResponse>, preset = standard): Error {
  try {
    parse(body, init, preset);
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a failure");
}

describe("standard answers (RFC 6749 §5.1)", () => {
  it("reads access_token, token_type in any case, expires_in, scope and refresh_token", () => {
    expect(
      parse({
        access_token: "abc",
        token_type: "bEaReR",
        expires_in: 3600,
        scope: "a b",
        refresh_token: "r1",
      }),
    ).toStrictEqual({
      accessToken: "abc",
      tokenType: "Bearer",
      expiresInSeconds: 3600,
      scope: ["a", "b"],
      refreshToken: "r1",
    });
  });

  it("accepts a missing, null or empty token_type as Bearer", () => {
    for (const token_type of [undefined, null, ""]) {
      expect(parse({ access_token: "abc", token_type }).tokenType).toBe("Bearer");
    }
  });

  it("reads scope as a string or an array", () => {
    expect(parse({ access_token: "a", scope: ["x", "y"] }).scope).toEqual(["x", "y"]);
    expect(parse({ access_token: "a", scope: "x  y" }).scope).toEqual(["x", "y"]);
  });

  it("reads expires_in as a number or a numeric string", () => {
    for (const [value, seconds] of [
      [3600, 3600],
      ["3600", 3600],
      [" 3600 ", 3600],
      ["3.6e3", 3600],
      ["+60", 60],
      [59.5, 59.5],
    ] as const) {
      expect(parse({ access_token: "a", expires_in: value }).expiresInSeconds).toBe(seconds);
    }
  });

  it("counts 0, negative, NaN, infinite, empty and absurd expires_in as not reported", () => {
    for (const value of [0, -5, "-5", "NaN", "nan", "Infinity", "", 1e12, "1e12", 10 * 365 * 86400 + 1]) {
      expect(parse({ access_token: "a", expires_in: value })).not.toHaveProperty("expiresInSeconds");
    }
  });

  it("refuses an expires_in of another kind, naming the field", () => {
    for (const value of [true, {}, [], "soon", "1h"]) {
      const error = failure({ access_token: "a", expires_in: value });
      expect(error).toBeInstanceOf(TokenResponseError);
      expect((error as TokenResponseError).field).toBe("expires_in");
    }
  });

  it("ignores a refresh_token that could not be sent", () => {
    expect(parse({ access_token: "a", refresh_token: "bad token" })).not.toHaveProperty("refreshToken");
    expect(parse({ access_token: "a", refresh_token: 7 })).not.toHaveProperty("refreshToken");
  });
});

describe("unusable 2xx answers are TokenResponseError", () => {
  it.each([
    ["no token", { token_type: "Bearer" }, "access_token"],
    ["an empty token", { access_token: "" }, "access_token"],
    ["a token that is not a string", { access_token: 42 }, "access_token"],
    ["a token with a control character", { access_token: "ab\ncd" }, "access_token"],
    ["a token with a space", { access_token: "ab cd" }, "access_token"],
    ["a token a header cannot carry", { access_token: "ab€" }, "access_token"],
    ["another token type", { access_token: "a", token_type: "DPoP" }, "token_type"],
  ])("%s", (_what, body, field) => {
    const error = failure(body);
    expect(error).toBeInstanceOf(TokenResponseError);
    expect((error as TokenResponseError).field).toBe(field);
    expect((error as TokenResponseError).code).toBe(ErrorCode.TokenResponseInvalid);
    expect(error.message).toContain("POST https://auth.acme.test/token");
    expect(error.message).not.toContain("query-secret");
  });

  it("HTML (by content type or by body), invalid JSON, a JSON value that is not an object", () => {
    expect(failure("<html>login</html>", { headers: new Headers() }).message).toContain("HTML");
    expect(failure("{}", { headers: new Headers({ "content-type": "text/html" }) }).message).toContain(
      "HTML",
    );
    expect(failure("{not json").message).toContain("not valid JSON");
    expect(failure("").message).toContain("not valid JSON");
    expect(failure("[1]").message).toContain("not a JSON object");
    expect(failure('"token"').message).toContain("not a JSON object");
  });
});

describe("envelopes (Parchment)", () => {
  it("reads the token inside the envelope with renamed fields", () => {
    const grant = parse(
      {
        success: true,
        statusCode: 200,
        data: { accessToken: "jwt", expiresIn: "3600", tokenType: "Bearer", scope: ["read:patient"] },
      },
      undefined,
      parchment,
    );
    expect(grant).toStrictEqual({
      accessToken: "jwt",
      tokenType: "Bearer",
      expiresInSeconds: 3600,
      scope: ["read:patient"],
    });
  });

  it("treats success:false inside HTTP 200 as a TokenRequestError with the vendor's message and status", () => {
    const error = failure(
      {
        success: false,
        statusCode: 401,
        error: {
          type: "https://parchment.health/errors/unauthorized",
          title: "Unauthorized",
          detail: "Bad partner",
        },
        requestId: "req-9",
      },
      undefined,
      parchment,
    ) as TokenRequestError;
    expect(error).toBeInstanceOf(TokenRequestError);
    expect(error.status).toBe(401);
    expect(error.oauthError).toBe("https://parchment.health/errors/unauthorized");
    expect(error.errorDescription).toBe("Unauthorized: Bad partner");
    expect(error.requestId).toBe("req-9");
    expect(error.retryable).toBe(false);
    expect(error.message).toContain("success is not true");
  });

  it("a missing success flag is not success", () => {
    expect(failure({ data: { accessToken: "jwt" } }, undefined, parchment)).toBeInstanceOf(TokenRequestError);
  });

  it("names the data path when it is not an object", () => {
    const error = failure({ success: true, data: "x" }, undefined, parchment) as TokenResponseError;
    expect(error.field).toBe("data");
    expect(failure({ success: true, data: {} }, undefined, parchment)).toHaveProperty(
      "field",
      "data.accessToken",
    );
  });
});

describe("error answers are TokenRequestError", () => {
  it("carries status, OAuth error, description, uri and the vendor's request id header", () => {
    const error = failure(
      {
        error: "invalid_client",
        error_description: "Client authentication failed",
        error_uri: "https://d/e",
      },
      { status: 401, headers: new Headers({ "x-request-id": "abc-123" }) },
    ) as TokenRequestError;
    expect(error).toMatchObject({
      status: 401,
      oauthError: "invalid_client",
      errorDescription: "Client authentication failed",
      errorUri: "https://d/e",
      requestId: "abc-123",
      retryable: false,
      code: ErrorCode.TokenRequestFailed,
    });
    expect(error.message).toBe(
      "Acme token endpoint POST https://auth.acme.test/token answered 401: invalid_client: Client authentication failed (request id abc-123).",
    );
  });

  it("reads only allowlisted fields, cut, and scrubs the secret a vendor echoes", () => {
    const error = failure(
      {
        error: "invalid_client",
        message: `bad secret the-client-secret ${"x".repeat(1000)}`,
        client_secret: "the-client-secret",
        echo: { password: "hunter2-password" },
      },
      { status: 400 },
    ) as TokenRequestError;
    const text = JSON.stringify(error) + error.message + String(error.errorDescription);
    expect(text).not.toContain("the-client-secret");
    expect(text).not.toContain("hunter2-password");
    expect(error.errorDescription?.length).toBeLessThanOrEqual(300);
  });

  it("marks 408, 429 and 5xx retryable, other statuses not; 429 has its own code", () => {
    for (const status of [408, 429, 500, 502, 503, 599]) {
      expect((failure({}, { status }) as TokenRequestError).retryable).toBe(true);
    }
    for (const status of [400, 401, 403, 404, 422]) {
      expect((failure({}, { status }) as TokenRequestError).retryable).toBe(false);
    }
    expect((failure({}, { status: 429 }) as TokenRequestError).code).toBe(ErrorCode.TokenRequestRateLimited);
  });

  it("reads Retry-After into retryAfterMs", () => {
    const error = failure(
      {},
      { status: 429, headers: new Headers({ "retry-after": "7" }) },
    ) as TokenRequestError;
    expect(error.retryAfterMs).toBe(7000);
  });

  it("treats a redirect as an error naming the tokenUrl option", () => {
    const error = failure("", { status: 302, headers: new Headers({ location: "https://elsewhere.test/" }) });
    expect(error).toMatchObject({ code: ErrorCode.TokenRequestRedirected, status: 302, retryable: false });
    expect(error.message).toContain("tokenUrl");
  });
});

describe("through the client", () => {
  it("refuses an answer over 1 MiB without keeping it", async () => {
    const env = scenario(server, { client: { maxRetries: 0 } });
    server.use(
      http.post(TOKEN_URL, () =>
        HttpResponse.json({ access_token: "a", padding: "x".repeat(1024 * 1024) }, { status: 200 }),
      ),
    );
    const error = await rejection(env.make().GET("/things"));
    expect(error).toBeInstanceOf(TokenResponseError);
    expect((error as Error).message).toContain("over 1 MiB");
  });

  it("rejects the call with the parse error of an unusable answer", async () => {
    const env = scenario(server, { client: { maxRetries: 0 } });
    env.answers.push({ status: 200, body: { token_type: "Bearer" } });
    const error = await rejection(env.make().GET("/things"));
    expect(error).toBeInstanceOf(TokenResponseError);
    expect(env.apiRequests).toHaveLength(0);
  });
});
