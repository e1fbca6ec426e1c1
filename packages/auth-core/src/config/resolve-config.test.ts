import { describe, expect, it } from "vitest";
import type { AuthClientOptions } from "../client-options.js";
import { basicCredential } from "../token/token-request.js";
import { resolveConfig } from "./resolve-config.js";

const options: AuthClientOptions = {
  preset: { vendor: "Acme", encoding: "form", clientAuthentication: "basic" },
  credentials: { grant: "client_credentials", clientId: "id", clientSecret: "s3cret-value", scope: ["read"] },
  baseUrl: "https://api.acme.test/v1/",
  tokenUrl: "https://auth.acme.test/token",
  apiHeaders: { ProjectId: "p-1" },
  routes: { "/pre": "https://pre.acme.test/v1" },
};

describe("resolveConfig", () => {
  it("returns a frozen configuration, defaults applied, without freezing the caller's objects", () => {
    const config = resolveConfig(options);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.credentials)).toBe(true);
    expect(Object.isFrozen(config.credentials.scope)).toBe(true);
    expect(Object.isFrozen(config.apiHeaders)).toBe(true);
    expect(Object.isFrozen(config.settings)).toBe(true);
    expect(Object.isFrozen(options.credentials)).toBe(false);
    expect(config.baseUrl).toBe("https://api.acme.test/v1");
    expect(config.settings.timeoutMs).toBe(30_000);
    expect(config.settings.maxRetries).toBe(2);
    expect(config.apiOrigins).toEqual(["https://api.acme.test", "https://pre.acme.test"]);
    expect(config.routes).toEqual([{ from: "https://api.acme.test/v1/pre", to: "https://pre.acme.test/v1" }]);
  });

  it("lists every secret to scrub, the HTTP Basic credential as it travels included", () => {
    expect(resolveConfig(options).secrets).toEqual(["s3cret-value", basicCredential("id", "s3cret-value")]);
  });

  it("reports a header's bad value under the user option the caller says it came from", () => {
    const bad = { ...options, apiHeaders: { ProjectId: "p\n1" } };
    expect(() => resolveConfig(bad, { apiHeaders: { ProjectId: "projectId" } })).toThrow(
      "Acme: option projectId (sent as the ProjectId header) contains characters a header cannot carry (a stray newline?).",
    );
    expect(() => resolveConfig(bad)).toThrow("Acme: option apiHeaders.ProjectId contains characters");
  });
});
