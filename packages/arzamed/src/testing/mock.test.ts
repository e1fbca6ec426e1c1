import { createFakeClock } from "@caduceus/auth-core/testing";
import { useMsw } from "@caduceus/test-kit";
import { describe, expect, it } from "vitest";
import { ARZAMED_READ_SCOPE } from "../preset.js";
import { type ArzamedMockOptions, createArzamedMock } from "./index.js";

// The mock on the wire, without the client: it must refuse what a standard OAuth server refuses.
const server = useMsw();

const form = "application/x-www-form-urlencoded";
const basicOf = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

function setup(options: ArzamedMockOptions = {}) {
  const clock = createFakeClock();
  const mock = createArzamedMock({ clock, ...options });
  server.use(...mock.handlers);
  const { clientId, clientSecret, tokenUrl } = mock.credentials;
  const token = (body: string, headers: Record<string, string> = {}) =>
    fetch(tokenUrl, {
      method: "POST",
      headers: { authorization: basicOf(clientId, clientSecret), "content-type": form, ...headers },
      body,
    });
  const good = `grant_type=client_credentials&scope=${encodeURIComponent(ARZAMED_READ_SCOPE)}`;
  const doctors = (authorization?: string) =>
    fetch(`${mock.baseUrl}/equipe/doctors`, { headers: authorization ? { authorization } : {} });
  const bearer = async () =>
    `Bearer ${((await (await token(good)).json()) as { access_token: string }).access_token}`;
  return { clock, mock, token, good, doctors, bearer };
}

describe("token endpoint", () => {
  it("answers a standard OAuth token", async () => {
    const { token, good } = setup();
    const res = await token(good);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = await res.json();
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
    expect(body.access_token.split(".")).toHaveLength(3);
  });

  it.each([
    [
      "a JSON body",
      JSON.stringify({ grant_type: "client_credentials" }),
      { "content-type": "application/json" },
      400,
      "invalid_request",
    ],
    [
      "the secret in the body",
      `grant_type=client_credentials&scope=x&client_secret=s`,
      {},
      400,
      "invalid_request",
    ],
    ["no grant_type", `scope=${encodeURIComponent(ARZAMED_READ_SCOPE)}`, {}, 400, "invalid_request"],
    [
      "another grant",
      `grant_type=password&scope=${encodeURIComponent(ARZAMED_READ_SCOPE)}`,
      {},
      400,
      "unsupported_grant_type",
    ],
    ["no scope", "grant_type=client_credentials", {}, 400, "invalid_request"],
    ["an unknown scope", "grant_type=client_credentials&scope=admin", {}, 400, "invalid_scope"],
    [
      "no Basic credentials",
      "grant_type=client_credentials&scope=x",
      { authorization: "" },
      401,
      "invalid_client",
    ],
  ])("refuses %s", async (_what, body, headers, status, error) => {
    const { token } = setup();
    const res = await token(body, headers as Record<string, string>);
    expect(res.status).toBe(status);
    expect((await res.json()).error).toBe(error);
  });

  it("refuses a secret sent raw instead of form-encoded (RFC 6749 §2.3.1)", async () => {
    const clientSecret = "p@ss:w%rd ü";
    const { mock, token, good } = setup({ credentials: { clientSecret } });
    const raw = await token(good, { authorization: basicOf(mock.credentials.clientId, clientSecret) });
    expect(raw.status).toBe(401);
    expect(raw.headers.get("www-authenticate")).toBe('Basic realm="arzamed"');
    const encoded = new URLSearchParams({ s: clientSecret }).toString().slice(2);
    const ok = await token(good, { authorization: basicOf(mock.credentials.clientId, encoded) });
    expect(ok.status).toBe(200);
  });

  it("serves a custom token URL and answers queued faults first", async () => {
    const tokenUrl = "https://login.clinic-7.example/oauth2/token";
    const { mock, token, good } = setup({ tokenUrl });
    expect(mock.credentials.tokenUrl).toBe(tokenUrl);
    mock.controls.failTokenRequests(1, { status: 429, headers: { "retry-after": "1" } });
    expect((await token(good)).status).toBe(429);
    expect((await token(good)).status).toBe(200);
    expect(mock.tokenRequests.map((r) => r.url)).toEqual([tokenUrl, tokenUrl]);
  });
});

describe("API", () => {
  it("answers 401 with no body without a token, and after expiry", async () => {
    const { mock, clock, doctors, bearer } = setup({ tokenLifetimeSeconds: 60 });
    const none = await doctors();
    expect(none.status).toBe(401);
    expect(await none.text()).toBe("");
    const authorization = await bearer();
    expect((await doctors(authorization)).status).toBe(200);
    await clock.advance(60_000);
    expect((await doctors(authorization)).status).toBe(401);
    expect(mock.controls.stats.unauthorized).toBe(2);
  });

  it("answers 403 with no body once the key is revoked, and 404 to undocumented paths", async () => {
    const { mock, doctors, bearer } = setup();
    const authorization = await bearer();
    mock.revokeKey("demo");
    const revoked = await doctors(authorization);
    expect(revoked.status).toBe(403);
    expect(await revoked.text()).toBe("");
    expect((await fetch(`${mock.baseUrl}/appointments/slots`, { headers: { authorization } })).status).toBe(
      404,
    );
  });
});

describe("tenants", () => {
  it("serves a mock tenant as one more clinic at the mock's token URL", async () => {
    const { mock, token, good } = setup();
    mock.tenants.add("north", { clientId: "north-client", clientSecret: "north-secret" });
    const res = await token(good, { authorization: basicOf("north-client", "north-secret") });
    expect(res.status).toBe(200);
    const { access_token } = (await res.json()) as { access_token: string };
    const doctors = await fetch(`${mock.baseUrl}/equipe/doctors`, {
      headers: { authorization: `Bearer ${access_token}` },
    });
    expect(await doctors.json()).toEqual([{ name: "Dr North", profileImage: null }]);
    expect((await token(good, { authorization: basicOf("north-client", "wrong") })).status).toBe(401);
    expect(mock.tokenRequests.map((record) => record.tenant)).toEqual(["north", "north"]);
  });
});
