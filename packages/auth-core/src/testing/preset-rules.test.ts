import { describe, expect, it } from "vitest";
import { createAuthClient } from "../client.js";
import type { TokenPreset } from "../token/preset.js";
import { createPresetMock } from "./preset-rules.js";

const BASE_URL = "https://api.acme.test/v1";
const TOKEN_URL = "https://auth.acme.test/token";
const SECRET = "acme:secret%";
let serial = 0;

/** A mock made of the chassis configured by `mockPreset`, and a real client made from `clientPreset`. */
function pair(mockPreset: TokenPreset, clientPreset: TokenPreset = mockPreset, clientSecret = SECRET) {
  // A client id per pair: tokens are shared per credential identity across the process.
  const credentials = { clientId: `acme-${++serial}`, clientSecret: SECRET };
  const mock = createPresetMock({
    preset: mockPreset,
    credentials,
    baseUrl: BASE_URL,
    tokenUrl: TOKEN_URL,
    issuer: "acme-mock",
    api: () => Response.json({ ok: true }),
  });
  const client = createAuthClient<never>({
    preset: clientPreset,
    credentials: { grant: "client_credentials", clientId: credentials.clientId, clientSecret },
    baseUrl: BASE_URL,
    tokenUrl: TOKEN_URL,
    maxRetries: 0,
    fetch: (input, init) => mock.respond(new Request(input, init)),
  });
  return { mock, credentials, get: () => client.GET("/things" as never) };
}

describe("presetTokenRules", () => {
  const presets: Record<string, TokenPreset> = {
    "JSON, id and secret in the body": { vendor: "Acme", encoding: "json", clientAuthentication: "body" },
    "form, HTTP Basic": { vendor: "Acme", encoding: "form", clientAuthentication: "basic" },
    "renamed fields, no grant_type, an envelope": {
      vendor: "Acme",
      encoding: "json",
      clientAuthentication: "body",
      requestFields: { clientId: "clientId", clientSecret: "clientSecret", grantType: null },
      response: { successPath: "ok", dataPath: "data", fields: { accessToken: "jwt", expiresIn: "ttl" } },
    },
  };
  for (const [name, preset] of Object.entries(presets)) {
    it(`accepts exactly what the client sends for ${name}`, async () => {
      const { mock, credentials, get } = pair(preset);
      const { response } = await get();
      expect(response.status).toBe(200);
      expect(mock.tokenRequests[0]?.encoding).toBe(preset.encoding);
      expect(mock.apiRequests[0]?.subject).toBe(credentials.clientId);
    });
  }

  it("refuses a client whose preset differs, and a wrong secret", async () => {
    const form = presets["form, HTTP Basic"]!;
    const json = presets["JSON, id and secret in the body"]!;
    const mismatched = pair(form, json);
    await expect(mismatched.get()).rejects.toMatchObject({ status: 400 });
    const wrong = pair(form, form, "not-the-secret");
    await expect(wrong.get()).rejects.toMatchObject({ status: 401 });
    expect(wrong.mock.tokenRequests[0]?.basic?.clientSecret).toBe("not-the-secret");
  });
});

describe("createPresetMock", () => {
  it("guards every path under its base URL, answers {} by default and 404 elsewhere", async () => {
    const credentials = { clientId: "guarded", clientSecret: SECRET };
    const mock = createPresetMock({
      preset: { vendor: "Acme", encoding: "form", clientAuthentication: "basic" },
      credentials,
      baseUrl: `${BASE_URL}/`,
      tokenUrl: TOKEN_URL,
    });
    expect(mock.baseUrl).toBe(BASE_URL);
    expect((await mock.respond(new Request(`${BASE_URL}/anything`))).status).toBe(401);
    const bearer = `Bearer ${mock.issuer.issue(credentials.clientId)}`;
    const answer = await mock.respond(
      new Request(`${BASE_URL}/anything`, { headers: { authorization: bearer } }),
    );
    expect([answer.status, await answer.json()]).toEqual([200, {}]);
    expect((await mock.respond(new Request("https://api.acme.test/v2/other"))).status).toBe(404);
    expect(mock.controls.stats).toMatchObject({ apiRequests: 2, unauthorized: 1 });
  });
});
