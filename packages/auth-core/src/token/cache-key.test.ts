import { describe, expect, it } from "vitest";
import { useMsw } from "../test-support/msw.js";
import { SECRET, scenario, TOKEN_URL } from "../test-support/scenario.js";
import { tokenCacheKey } from "./cache-key.js";
import type { TokenCredentials } from "./exchange.js";

// docs/contract.md, behaviour 1: the key covers every credential part, so a wrong secret, another tenant or
// another scope never receives someone else's token; no key contains a secret.
const server = useMsw();

const base: TokenCredentials = {
  grant: "client_credentials",
  clientId: "id",
  clientSecret: "secret-one",
  scope: ["b", "a"],
  headers: { "x-organization-id": "org-1", "x-partner-secret": "partner-secret-1" },
  secretHeaders: ["x-partner-secret"],
};
const key = (credentials: Partial<TokenCredentials>, url = TOKEN_URL) =>
  tokenCacheKey("Example Vendor", url, { ...base, ...credentials });

describe("tokenCacheKey", () => {
  it("is a hash under the vendor's slug, stable for the same identity", async () => {
    const value = await key({});
    expect(value).toMatch(/^caduceus:example-vendor:[0-9a-f]{64}$/);
    expect(await key({})).toBe(value);
  });

  it("ignores scope order and duplicates", async () => {
    expect(await key({ scope: ["a", "b", "a"] })).toBe(await key({}));
  });

  it("differs for every credential part", async () => {
    const reference = await key({});
    const variants = await Promise.all([
      key({}, "https://auth.example.test/other"),
      key({ grant: "password", username: "u", password: "p" }),
      key({ clientId: "id2" }),
      key({ clientSecret: "secret-two" }),
      key({ scope: ["a"] }),
      key({ headers: { ...base.headers, "x-organization-id": "org-2" } }),
      key({ headers: { ...base.headers, "x-partner-secret": "partner-secret-2" } }),
      key({ grant: "password", username: "u", password: "p2" }),
    ]);
    expect(new Set([reference, ...variants]).size).toBe(variants.length + 1);
  });

  it("contains no secret, password or secret header", async () => {
    const value = await key({ grant: "password", username: "u", password: "the-password" });
    for (const secret of ["secret-one", "the-password", "partner-secret-1"])
      expect(value).not.toContain(secret);
  });
});

describe("through clients sharing a store", () => {
  it("never hands a token to a client with a wrong secret, another tenant or another scope", async () => {
    const env = scenario(server);
    const clients = [
      env.make(),
      env.make({ credentials: { ...env.credentials, clientSecret: "wrong-secret" } }),
      env.make({ credentials: { ...env.credentials, headers: { "x-tenant": "other" } } }),
      env.make({ credentials: { ...env.credentials, scope: ["admin"] } }),
    ];
    for (const client of clients) await client.GET("/things");
    expect(env.tokenRequests).toHaveLength(4);
    expect(new Set(env.apiRequests.map((r) => r.headers.get("authorization"))).size).toBe(4);
  });

  it("shares between clients with the same credentials", async () => {
    const env = scenario(server);
    await env.make().GET("/things");
    await env.make().GET("/things");
    expect(env.tokenRequests).toHaveLength(1);
  });

  it("stores no secret: the stored value is the token and its times", async () => {
    const env = scenario(server);
    await env.make().GET("/things");
    const stored = await env.store.get(await tokenCacheKey("Example", TOKEN_URL, env.credentials));
    expect(Object.keys(stored ?? {}).sort()).toEqual(["accessToken", "expiresAt", "obtainedAt", "tokenType"]);
    expect(JSON.stringify(stored)).not.toContain(SECRET);
  });
});
