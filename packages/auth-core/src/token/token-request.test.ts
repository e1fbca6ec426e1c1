import { describe, expect, it } from "vitest";
import { createAuthClient } from "../client.js";
import { useMsw } from "../test-support/msw.js";
import { API_BASE, SECRET, scenario } from "../test-support/scenario.js";
import { basicCredential, buildTokenRequest } from "./token-request.js";

// Token exchange, described as data: what goes on the wire for each preset shape.
const server = useMsw();

/** Decodes an RFC 6749 §2.3.1 Basic credential back to id and secret. */
function decodeBasic(header: string | undefined): [string, string] {
  const decoded = new TextDecoder().decode(
    Uint8Array.from(atob((header ?? "").replace(/^Basic /, "")), (c) => c.charCodeAt(0)),
  );
  const colon = decoded.indexOf(":");
  const formDecode = (part: string) => new URLSearchParams(`v=${part}`).get("v") ?? "";
  return [formDecode(decoded.slice(0, colon)), formDecode(decoded.slice(colon + 1))];
}

describe("client authentication", () => {
  it("sends HTTP Basic with id and secret form-encoded first (RFC 6749 §2.3.1), a form body, POST", async () => {
    const clientId = "id:with colon+plus";
    const clientSecret = "p@ss:wörd %41 +&=\"'🔑";
    const env = scenario(server, { credentials: { clientId, clientSecret, scope: ["read", "write"] } });
    await env.make().GET("/things");
    const [sent] = env.tokenRequests;
    expect(sent?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(sent?.headers.accept).toBe("application/json");
    expect(sent?.headers.authorization).toBe(`Basic ${basicCredential(clientId, clientSecret)}`);
    expect(decodeBasic(sent?.headers.authorization)).toEqual([clientId, clientSecret]);
    // The raw pair would be ambiguous: the colon inside the id must arrive encoded.
    expect(atob(sent!.headers.authorization!.slice(6))).toContain("id%3Awith+colon%2Bplus:");
    expect(sent?.text).toBe("grant_type=client_credentials&scope=read+write");
    expect(sent?.form.get("client_secret")).toBeNull();
  });

  it("puts client_id and client_secret in a JSON body for clientAuthentication body", async () => {
    const env = scenario(server, {
      preset: { encoding: "json", clientAuthentication: "body" },
      credentials: { scope: ["a", "b"] },
    });
    await env.make().GET("/things");
    const [sent] = env.tokenRequests;
    expect(sent?.headers["content-type"]).toBe("application/json");
    expect(sent?.headers.authorization).toBeUndefined();
    expect(sent?.json).toStrictEqual({
      grant_type: "client_credentials",
      client_id: "client-id",
      client_secret: SECRET,
      scope: "a b",
    });
  });

  it("sends credential headers on the token request only, never on API calls (Parchment)", async () => {
    const env = scenario(server, {
      preset: {
        encoding: "json",
        clientAuthentication: "none",
        requestFields: { grantType: "grantType" },
        scopeEncoding: "array",
      },
      credentials: {
        clientId: undefined,
        clientSecret: undefined,
        scope: ["read:patient", "create:patient"],
        headers: { "x-partner-id": "p1", "x-partner-secret": "partner-secret-1" },
        secretHeaders: ["x-partner-secret"],
      },
    });
    await env.make().GET("/things");
    const [sent] = env.tokenRequests;
    expect(sent?.headers).toMatchObject({ "x-partner-id": "p1", "x-partner-secret": "partner-secret-1" });
    expect(sent?.json).toStrictEqual({
      grantType: "client_credentials",
      scope: ["read:patient", "create:patient"],
    });
    const [call] = env.apiRequests;
    expect(call?.headers.get("x-partner-secret")).toBeNull();
    expect(call?.headers.get("x-partner-id")).toBeNull();
  });
});

describe("fields", () => {
  it("renames fields and leaves out those mapped to null (Candid sends no grant_type)", async () => {
    const env = scenario(server, {
      preset: {
        encoding: "json",
        clientAuthentication: "body",
        requestFields: { grantType: null, clientId: "clientId", clientSecret: "clientSecret" },
      },
    });
    await env.make().GET("/things");
    expect(env.tokenRequests[0]?.json).toStrictEqual({ clientId: "client-id", clientSecret: SECRET });
  });

  it("sends scope as one space-delimited string by default, in the order given", async () => {
    const env = scenario(server, { preset: { encoding: "json" }, credentials: { scope: ["b", "a"] } });
    await env.make().GET("/things");
    expect(env.tokenRequests[0]?.json).toMatchObject({ scope: "b a" });
  });

  it("sends scope as a JSON array with scopeEncoding array", async () => {
    const env = scenario(server, {
      preset: { encoding: "json", scopeEncoding: "array" },
      credentials: { scope: ["b", "a"] },
    });
    await env.make().GET("/things");
    expect(env.tokenRequests[0]?.json).toMatchObject({ scope: ["b", "a"] });
  });

  it("joins an array scope with spaces in a form body, where arrays cannot be expressed", () => {
    const request = buildTokenRequest(
      { vendor: "Acme", encoding: "form", clientAuthentication: "basic", scopeEncoding: "array" },
      { grant: "client_credentials", clientId: "id", clientSecret: "s", scope: ["x", "y"] },
      "https://auth.acme.test/token",
    );
    expect(request.body).toBe("grant_type=client_credentials&scope=x+y");
  });

  it("adds static fields verbatim", async () => {
    const env = scenario(server, { preset: { staticFields: { audience: "https://api.example.test" } } });
    await env.make().GET("/things");
    expect(env.tokenRequests[0]?.form.get("audience")).toBe("https://api.example.test");
  });

  it("regression: static fields never override computed ones (a refresh still says grant_type=refresh_token)", () => {
    const preset = {
      vendor: "Acme",
      encoding: "form" as const,
      clientAuthentication: "basic" as const,
      staticFields: { grant_type: "client_credentials", audience: "api" },
    };
    const credentials = { grant: "client_credentials" as const, clientId: "id", clientSecret: "s" };
    const refresh = buildTokenRequest(preset, credentials, "https://t.test/token", "rt-1");
    expect(new URLSearchParams(refresh.body).get("grant_type")).toBe("refresh_token");
    expect(new URLSearchParams(refresh.body).get("audience")).toBe("api");
  });
});

describe("grants", () => {
  it("sends the resource-owner password grant with username and password (RFC 6749 §4.3)", async () => {
    const env = scenario(server, {
      preset: { clientAuthentication: "body" },
      credentials: { grant: "password", username: "dr who", password: "tardis:pw&1", scope: ["openid"] },
    });
    await env.make().GET("/things");
    const form = env.tokenRequests[0]!.form;
    expect(Object.fromEntries(form)).toStrictEqual({
      grant_type: "password",
      client_id: "client-id",
      client_secret: SECRET,
      username: "dr who",
      password: "tardis:pw&1",
      scope: "openid",
    });
  });

  it("never sends the token request to the API origin or with API headers", async () => {
    const env = scenario(server, {});
    await env.make({ apiHeaders: { ProjectId: "p-1" } }).GET("/things");
    expect(env.tokenRequests[0]?.headers.projectid).toBeUndefined();
    expect(env.apiRequests[0]?.url).toBe(`${API_BASE}/things`);
    expect(env.apiRequests[0]?.headers.get("projectid")).toBe("p-1");
  });
});

describe("HTTP Basic encodings", () => {
  const preset = { vendor: "Acme", encoding: "form", clientAuthentication: "basic" } as const;
  const credentials = { grant: "client_credentials", clientId: "id", clientSecret: "a+b/c=" } as const;
  const decoded = (request: { headers: Record<string, string> }) =>
    Buffer.from(request.headers.authorization?.replace(/^Basic /, "") ?? "", "base64").toString("utf8");

  it("form-encodes id and secret by default (RFC 6749 §2.3.1)", () => {
    expect(decoded(buildTokenRequest(preset, credentials, "https://t/token"))).toBe("id:a%2Bb%2Fc%3D");
  });

  it('sends them as they are with basicEncoding "plain" (RFC 7617), for servers that never form-decode', () => {
    const plain = { ...preset, basicEncoding: "plain" } as const;
    expect(decoded(buildTokenRequest(plain, credentials, "https://t/token"))).toBe("id:a+b/c=");
    expect(basicCredential("id", "a:b c", "plain")).toBe(Buffer.from("id:a:b c").toString("base64"));
  });

  it("refuses an unknown encoding, and a client id with a colon under plain Basic, naming the option", () => {
    const base = { credentials, baseUrl: "https://api.acme.test", tokenUrl: "https://auth.acme.test/token" };
    expect(() =>
      createAuthClient({ ...base, preset: { ...preset, basicEncoding: "latin1" as never } }),
    ).toThrow(expect.objectContaining({ option: "preset.basicEncoding" }));
    expect(() =>
      createAuthClient({
        ...base,
        preset: { ...preset, basicEncoding: "plain" },
        credentials: { ...credentials, clientId: "tenant:id" },
      }),
    ).toThrow(expect.objectContaining({ option: "credentials.clientId" }));
  });
});
