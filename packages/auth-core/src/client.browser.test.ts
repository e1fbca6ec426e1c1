import { afterEach, expect, it, vi } from "vitest";
import { type AuthClientOptions, createAuthClient } from "./client.js";
import type { AuthConfigError } from "./errors/auth-config-error.js";

// docs/contract.md, behaviour 8: a client holding a secret refuses to start in a browser-like runtime, whether
// the secret is a client secret or travels in headers (Parchment's x-partner-secret).
const base: AuthClientOptions = {
  preset: { vendor: "Example", encoding: "json", clientAuthentication: "none" },
  credentials: { grant: "client_credentials" },
  baseUrl: "https://api.example.test",
  tokenUrl: "https://api.example.test/token",
};

function inBrowser<T>(run: () => T): T {
  vi.stubGlobal("window", {});
  vi.stubGlobal("document", {});
  vi.stubGlobal("process", { versions: {} });
  try {
    return run();
  } finally {
    vi.unstubAllGlobals();
  }
}

afterEach(() => vi.unstubAllGlobals());

it.each([
  ["a client secret", { ...base, credentials: { grant: "client_credentials", clientSecret: "s" } }],
  [
    "a secret token-request header",
    {
      ...base,
      credentials: { grant: "client_credentials", headers: { "x-s": "s" }, secretHeaders: ["x-s"] },
    },
  ],
  ["a secret API header", { ...base, apiHeaders: { "x-s": "s" }, secretApiHeaders: ["x-s"] }],
] as Array<[string, AuthClientOptions]>)("refuses %s in a browser unless allowed", (_what, options) => {
  expect(() => inBrowser(() => createAuthClient(options))).toThrowError(
    expect.objectContaining({ option: "dangerouslyAllowBrowser" }) as AuthConfigError,
  );
  expect(() =>
    inBrowser(() => createAuthClient({ ...options, dangerouslyAllowBrowser: true })),
  ).not.toThrow();
  expect(() => createAuthClient(options)).not.toThrow();
});

it("starts in a browser when it holds no secret", () => {
  expect(() => inBrowser(() => createAuthClient(base))).not.toThrow();
});
