import { describe, expect, it } from "vitest";
import { createAuthClient } from "../client.js";
import type { TokenPreset } from "../preset.js";
import { createMockChassis } from "./mock-chassis.js";
import { bearerGuardRules, presetTokenRules } from "./preset-rules.js";

const BASE_URL = "https://api.acme.test/v1";
const TOKEN_URL = "https://auth.acme.test/token";
const SECRET = "acme:secret%";
let serial = 0;

/** A mock made of the chassis configured by `mockPreset`, and a real client made from `clientPreset`. */
function pair(mockPreset: TokenPreset, clientPreset: TokenPreset = mockPreset, clientSecret = SECRET) {
  // A client id per pair: tokens are shared per credential identity across the process.
  const credentials = { clientId: `acme-${++serial}`, clientSecret: SECRET };
  const chassis = createMockChassis({ issuer: "acme-mock" });
  const token = chassis.tokenEndpoint(
    presetTokenRules({
      preset: mockPreset,
      credentials,
      issue: chassis.issuer.issue,
      lifetimeSeconds: () => chassis.issuer.lifetimeSeconds,
    }),
  );
  const guard = chassis.apiGuard(bearerGuardRules);
  const mock = chassis.mock({
    credentials,
    baseUrl: BASE_URL,
    tokenUrl: TOKEN_URL,
    respond: async (request) =>
      request.url === TOKEN_URL ? token(request) : ((await guard(request)) ?? Response.json({ ok: true })),
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
