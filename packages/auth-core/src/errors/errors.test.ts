import { inspect } from "node:util";
import { describe, expect, it, vi } from "vitest";
import type * as ours from "./index.js";
import {
  AbortError,
  AuthConfigError,
  CaduceusError,
  ErrorCode,
  InterruptedCallError,
  isAbortError,
  isAuthConfigError,
  isCaduceusError,
  isTimeoutError,
  isTokenRequestError,
  isTokenResponseError,
  NetworkError,
  RequestError,
  TimeoutError,
  TokenRequestError,
  TokenResponseError,
} from "./index.js";

// Errors: a CaduceusError base with a stable code, retryable, is…Error guards and
// instanceof that work across duplicate installs; literal names; safe JSON and inspect output.
const samples = () => ({
  request: new TokenRequestError(
    ErrorCode.TokenRequestFailed,
    "Acme token endpoint POST https://a.test/t answered 400.",
    {
      method: "POST",
      url: "https://a.test/t",
      status: 400,
      oauthError: "invalid_client",
      attempts: 1,
      retryable: false,
    },
  ),
  response: new TokenResponseError("Acme token endpoint POST https://a.test/t answered 200 but no token.", {
    method: "POST",
    url: "https://a.test/t",
    status: 200,
    field: "access_token",
  }),
  config: new AuthConfigError("tokenUrl", "Acme: option tokenUrl is required."),
  timeout: new TimeoutError("Acme GET https://a.test/x did not finish within timeoutMs (5 ms).", 5),
  abort: new AbortError("Acme GET https://a.test/x was aborted by the caller's signal.", new Error("why")),
});

describe("error classes", () => {
  it("have literal names, stable codes and retryable flags", () => {
    const { request, response, config, timeout, abort } = samples();
    expect([request, response, config, timeout, abort].map((e) => [e.name, e.code, e.retryable])).toEqual([
      ["TokenRequestError", "CADUCEUS_TOKEN_REQUEST_FAILED", false],
      ["TokenResponseError", "CADUCEUS_TOKEN_RESPONSE_INVALID", false],
      ["AuthConfigError", "CADUCEUS_AUTH_CONFIG", false],
      ["TimeoutError", "CADUCEUS_TIMEOUT", true],
      ["AbortError", "CADUCEUS_ABORTED", false],
    ]);
    expect(Object.values(ErrorCode).every((code) => code.startsWith("CADUCEUS_"))).toBe(true);
  });

  it("extend CaduceusError and Error, and each guard accepts only its kind", () => {
    const all = Object.values(samples());
    for (const error of all) {
      expect(error).toBeInstanceOf(Error);
      expect(error).toBeInstanceOf(CaduceusError);
      expect(isCaduceusError(error)).toBe(true);
    }
    const guards = [
      isTokenRequestError,
      isTokenResponseError,
      isAuthConfigError,
      isTimeoutError,
      isAbortError,
    ];
    for (const [i, error] of all.entries()) {
      for (const [j, guard] of guards.entries()) expect(guard(error)).toBe(i === j);
    }
    for (const value of [new Error("x"), null, undefined, "TokenRequestError", { code: ErrorCode.Timeout }]) {
      expect(isCaduceusError(value)).toBe(false);
    }
  });

  it("instanceof works across two copies of the package", async () => {
    // A second, separately evaluated copy of every error module, as a second install would load.
    vi.resetModules();
    const other = (await import("./index.js")) as typeof ours;
    expect(other.TokenRequestError).not.toBe(TokenRequestError);
    const foreign = new other.TimeoutError("x", 1);
    expect(foreign).toBeInstanceOf(TimeoutError);
    expect(foreign).toBeInstanceOf(CaduceusError);
    expect(foreign).not.toBeInstanceOf(TokenRequestError);
    expect(isTimeoutError(foreign)).toBe(true);
    expect(samples().config).toBeInstanceOf(other.AuthConfigError);
    expect(other.isAuthConfigError(samples().config)).toBe(true);
  });

  it("RequestError and InterruptedCallError group their kinds, from any copy, and no other", async () => {
    const network = new NetworkError("Acme GET https://a.test/x failed.", {
      method: "GET",
      url: "https://a.test/x",
      attempts: 3,
    });
    const { request, response, config, timeout, abort } = samples();
    for (const error of [network, request, response]) {
      expect(error).toBeInstanceOf(RequestError);
      expect(error).not.toBeInstanceOf(InterruptedCallError);
    }
    expect([network.method, network.url, response.method, response.url]).toEqual([
      "GET",
      "https://a.test/x",
      "POST",
      "https://a.test/t",
    ]);
    for (const error of [timeout, abort]) {
      expect(error).toBeInstanceOf(InterruptedCallError);
      expect(error).not.toBeInstanceOf(RequestError);
    }
    expect(config).not.toBeInstanceOf(RequestError);
    expect(config).not.toBeInstanceOf(InterruptedCallError);
    // A subclass still accepts only its own kind, though its base accepts several.
    expect(request).not.toBeInstanceOf(NetworkError);
    expect(timeout).not.toBeInstanceOf(AbortError);
    vi.resetModules();
    const other = (await import("./index.js")) as typeof ours;
    expect(new other.NetworkError("x", { method: "GET", url: "u", attempts: 1 })).toBeInstanceOf(
      RequestError,
    );
    expect(new other.AbortError("x")).toBeInstanceOf(InterruptedCallError);
  });

  it("instanceof works for any class carrying the registered brand", () => {
    const BRAND = Symbol.for("@caduceus/auth-core/error");
    const KIND = Symbol.for("@caduceus/auth-core/error-kind");
    const lookalike = Object.assign(new Error("from an older copy"), {
      [BRAND]: true,
      [KIND]: "TokenResponseError",
    });
    expect(lookalike).toBeInstanceOf(TokenResponseError);
    expect(lookalike).not.toBeInstanceOf(TokenRequestError);
    expect(isCaduceusError(lookalike)).toBe(true);
  });

  it("serialise to plain JSON, print usefully, and keep the cause", () => {
    const { request, abort } = samples();
    expect(JSON.parse(JSON.stringify(request))).toMatchObject({
      name: "TokenRequestError",
      code: "CADUCEUS_TOKEN_REQUEST_FAILED",
      message: request.message,
      status: 400,
      oauthError: "invalid_client",
      retryable: false,
    });
    expect(String(request)).toBe(`TokenRequestError: ${request.message}`);
    expect(inspect(request)).toContain("oauthError: 'invalid_client'");
    expect(JSON.parse(JSON.stringify(abort)).cause).toEqual({ name: "Error", message: "why" });
  });
});
