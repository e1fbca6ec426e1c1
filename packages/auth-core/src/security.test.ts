import { afterEach, describe, expect, it, vi } from "vitest";
import { type AuthClientOptions, createAuthClient } from "./client.js";
import { AuthConfigError } from "./errors/auth-config-error.js";
import { isBrowserLike, isLoopbackHost } from "./security.js";

// docs/contract.md, behaviour 8: http:// refused unless loopback or allowInsecureHttp; secrets refused in a
// browser-like runtime unless dangerouslyAllowBrowser; jsdom inside Node is not a browser.
const options: AuthClientOptions = {
  preset: { vendor: "Example", encoding: "form", clientAuthentication: "basic" },
  credentials: { grant: "client_credentials", clientId: "id", clientSecret: "s3cret" },
  baseUrl: "https://api.example.test",
  tokenUrl: "https://auth.example.test/token",
};

function thrown(run: () => unknown): AuthConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof AuthConfigError) return error;
    throw error;
  }
  throw new Error("expected an AuthConfigError");
}

afterEach(() => vi.unstubAllGlobals());

describe("http://", () => {
  it.each(["baseUrl", "tokenUrl"] as const)("is refused for %s when the host is not loopback", (option) => {
    const error = thrown(() => createAuthClient({ ...options, [option]: "http://api.example.test" }));
    expect(error.option).toBe(option);
    expect(error.message).toContain("allowInsecureHttp");
  });

  it("is allowed with allowInsecureHttp", () => {
    expect(() =>
      createAuthClient({ ...options, baseUrl: "http://api.example.test", allowInsecureHttp: true }),
    ).not.toThrow();
  });

  it.each([
    "http://localhost:8080",
    "http://app.localhost",
    "http://127.0.0.1:3000",
    "http://127.8.9.10",
    "http://[::1]:8080",
    "http://[::ffff:127.0.0.1]",
  ])("is allowed to loopback %s", (url) => {
    expect(() => createAuthClient({ ...options, baseUrl: url, tokenUrl: `${url}/token` })).not.toThrow();
  });

  it("loopback is decided on the parsed host, not the text", () => {
    expect(isLoopbackHost("127.0.0.1.example.test")).toBe(false);
    expect(isLoopbackHost("localhost.example.test")).toBe(false);
    expect(isLoopbackHost("[::2]")).toBe(false);
  });

  it("refuses URLs with credentials, other schemes and non-URLs", () => {
    expect(
      thrown(() => createAuthClient({ ...options, tokenUrl: "https://u:p@auth.example.test/t" })).option,
    ).toBe("tokenUrl");
    expect(thrown(() => createAuthClient({ ...options, baseUrl: "ftp://api.example.test" })).option).toBe(
      "baseUrl",
    );
    expect(thrown(() => createAuthClient({ ...options, baseUrl: "/relative" })).option).toBe("baseUrl");
    expect(thrown(() => createAuthClient({ ...options, baseUrl: "" })).option).toBe("baseUrl");
  });
});

describe("browser guard", () => {
  /** Simulates a browser: window and document, and no process.versions.node. Restored after. */
  function inBrowser<T>(run: () => T): T {
    vi.stubGlobal("window", {});
    vi.stubGlobal("document", {});
    vi.stubGlobal("process", { ...process, versions: {} });
    try {
      return run();
    } finally {
      vi.unstubAllGlobals();
    }
  }

  it("detects a window with a document outside Node", () => {
    expect(inBrowser(isBrowserLike)).toBe(true);
    expect(isBrowserLike()).toBe(false);
    expect(typeof process.versions.node).toBe("string"); // restored
  });

  it("counts jsdom inside Node (window and document, and process.versions.node) as not a browser", () => {
    vi.stubGlobal("window", {});
    vi.stubGlobal("document", {});
    expect(isBrowserLike()).toBe(false);
    expect(() => createAuthClient(options)).not.toThrow();
  });

  it("detects a web worker global", () => {
    class WorkerGlobalScope {}
    vi.stubGlobal("WorkerGlobalScope", WorkerGlobalScope);
    vi.stubGlobal("process", undefined);
    const prototype = Object.getPrototypeOf(globalThis);
    Object.setPrototypeOf(globalThis, WorkerGlobalScope.prototype);
    try {
      expect(isBrowserLike()).toBe(true);
    } finally {
      Object.setPrototypeOf(globalThis, prototype);
      vi.unstubAllGlobals();
    }
  });

  it("refuses a client secret or password in a browser unless dangerouslyAllowBrowser", () => {
    const error = inBrowser(() => thrown(() => createAuthClient(options)));
    expect(error.option).toBe("dangerouslyAllowBrowser");
    const withPassword: AuthClientOptions = {
      ...options,
      preset: { ...options.preset, clientAuthentication: "none" },
      credentials: { grant: "password", username: "u", password: "pw" },
    };
    expect(inBrowser(() => thrown(() => createAuthClient(withPassword))).option).toBe(
      "dangerouslyAllowBrowser",
    );
    expect(() =>
      inBrowser(() => createAuthClient({ ...options, dangerouslyAllowBrowser: true })),
    ).not.toThrow();
  });
});
