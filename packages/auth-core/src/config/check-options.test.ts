import { describe, expect, it } from "vitest";
import { type AuthClientOptions, createAuthClient } from "../client.js";
import { AuthConfigError, isAuthConfigError } from "../errors/auth-config-error.js";
import { ErrorCode } from "../errors/codes.js";

// AuthConfigError names the option at fault, for every bad option, when the client is
// created, never at the first call. Messages never contain the value.
const good: AuthClientOptions = {
  preset: { vendor: "Example", encoding: "form", clientAuthentication: "basic" },
  credentials: { grant: "client_credentials", clientId: "id", clientSecret: "secret-value-1" },
  baseUrl: "https://api.example.test/v1",
  tokenUrl: "https://auth.example.test/token",
};
const preset = (patch: Record<string, unknown>) => ({ ...good, preset: { ...good.preset, ...patch } });
const credentials = (patch: Record<string, unknown>) => ({
  ...good,
  credentials: { ...good.credentials, ...patch },
});

const cases: Array<[string, unknown]> = [
  ["options", null],
  ["preset", { ...good, preset: undefined }],
  ["preset.vendor", preset({ vendor: "" })],
  ["preset.encoding", preset({ encoding: "xml" })],
  ["preset.clientAuthentication", preset({ clientAuthentication: "mtls" })],
  ["preset.scopeEncoding", preset({ scopeEncoding: "csv" })],
  ["preset.requestFields.clientId", preset({ requestFields: { clientId: "" } })],
  ["preset.staticFields.audience", preset({ staticFields: { audience: 1 } })],
  ["preset.response.dataPath", preset({ response: { dataPath: "" } })],
  ["preset.response.fields.accessToken", preset({ response: { fields: { accessToken: 5 } } })],
  ["preset.errorBody.messagePaths", preset({ errorBody: { messagePaths: "message" } })],
  ["preset.requestIdHeaders", preset({ requestIdHeaders: "x-request-id" })],
  ["preset.maxLifetimeSeconds", preset({ maxLifetimeSeconds: 0 })],
  ["preset.maxLifetimeSeconds", preset({ maxLifetimeSeconds: Number.NaN })],
  ["preset.exchange", preset({ exchange: "fn" })],
  ["credentials", { ...good, credentials: "id:secret" }],
  ["credentials.grant", credentials({ grant: "implicit" })],
  ["credentials.clientId", credentials({ clientId: "" })],
  ["credentials.clientId", credentials({ clientId: undefined })],
  ["credentials.clientSecret", credentials({ clientSecret: "abc\n" })],
  ["credentials.clientSecret", credentials({ clientSecret: "abc\ud800" })],
  ["credentials.username", credentials({ grant: "password", password: "p" })],
  ["credentials.password", credentials({ grant: "password", username: "u" })],
  ["credentials.scope", credentials({ scope: "read write" })],
  ["credentials.scope[1]", credentials({ scope: ["read", "has space"] })],
  ["credentials.headers.x-bad", credentials({ headers: { "x-bad": "line\r\nbreak" } })],
  ["credentials.headers.bad name", credentials({ headers: { "bad name": "v" } })],
  ["credentials.secretHeaders", credentials({ secretHeaders: "x-secret" })],
  ["baseUrl", { ...good, baseUrl: "not a url" }],
  ["tokenUrl", { ...good, tokenUrl: undefined }],
  ["siblingBaseUrls[0]", { ...good, siblingBaseUrls: ["http://pre.example.test"] }],
  ["routes./pre", { ...good, routes: { "/pre": "ftp://x" } }],
  ["routes.pre", { ...good, routes: { pre: "https://pre.example.test" } }],
  ["timeoutMs", { ...good, timeoutMs: -1 }],
  ["timeoutMs", { ...good, timeoutMs: 2 ** 31 }],
  ["timeoutMs", { ...good, timeoutMs: "30s" }],
  ["maxRetries", { ...good, maxRetries: 1.5 }],
  ["maxRetries", { ...good, maxRetries: 11 }],
  ["fetch", { ...good, fetch: "fetch" }],
  ["tokenStore", { ...good, tokenStore: {} }],
  ["tokenStore", { ...good, tokenStore: { get() {}, set() {}, delete() {}, lock: true } }],
  ["onEvent", { ...good, onEvent: "log" }],
  ["allowInsecureHttp", { ...good, allowInsecureHttp: "yes" }],
  ["dangerouslyAllowBrowser", { ...good, dangerouslyAllowBrowser: 1 }],
  ["headers", { ...good, headers: "x: y" }],
  ["headers.x-y", { ...good, headers: { "x-y": "a\nb" } }],
  ["clock", { ...good, clock: { now: Date.now } }],
  ["retryBudget", { ...good, retryBudget: {} }],
  ["apiHeaders.ProjectId", { ...good, apiHeaders: { ProjectId: 7 } }],
  ["secretApiHeaders", { ...good, secretApiHeaders: "x" }],
  ["unauthorizedHint", { ...good, unauthorizedHint: "line\nbreak" }],
];

describe("createAuthClient option checks", () => {
  it.each(cases)("names %s", (option, options) => {
    let error: unknown;
    try {
      createAuthClient(options as AuthClientOptions);
    } catch (caught) {
      error = caught;
    }
    expect(isAuthConfigError(error)).toBe(true);
    expect(error).toBeInstanceOf(AuthConfigError);
    expect((error as AuthConfigError).option).toBe(option);
    expect((error as AuthConfigError).code).toBe(ErrorCode.AuthConfig);
    expect((error as Error).message).toMatch(/option/);
    expect((error as Error).message).not.toContain("secret-value-1");
  });

  it("accepts good options and every optional one at its edge", () => {
    expect(() => createAuthClient(good)).not.toThrow();
    expect(() =>
      createAuthClient({ ...good, timeoutMs: 0, maxRetries: 0, allowInsecureHttp: false, headers: {} }),
    ).not.toThrow();
    expect(() => createAuthClient({ ...good, timeoutMs: 2_147_483_647, maxRetries: 10 })).not.toThrow();
  });
});
