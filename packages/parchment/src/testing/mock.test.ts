import { createFakeClock } from "@caduceus/auth-core/testing";
import { useMsw } from "@caduceus/test-kit";
import { describe, expect, it } from "vitest";
import { createParchmentMock, type ParchmentMockOptions, parchmentError } from "./index.js";

// The mock on the wire, without the client: it must refuse what Parchment refuses, the way it does.
const server = useMsw();

function setup(options: ParchmentMockOptions = {}) {
  const clock = createFakeClock();
  const mock = createParchmentMock({ clock, ...options });
  server.use(...mock.handlers);
  const c = mock.credentials;
  const credentialHeaders: Record<string, string> = {
    "x-partner-id": c.partnerId,
    "x-partner-secret": c.partnerSecret,
    "x-organization-id": c.organizationId,
    "x-organization-secret": c.organizationSecret,
    "x-user-id": c.userId,
  };
  const token = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(mock.tokenUrl, {
      method: "POST",
      headers: { ...credentialHeaders, "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const accessToken = async (scope: string[] = ["read:users"]) => {
    const res = await token({ grantType: "client_credentials", scope });
    return ((await res.json()) as { data: { accessToken: string } }).data.accessToken;
  };
  const validate = (headers: Record<string, string>, org = c.organizationId) =>
    fetch(`${mock.baseUrl}/v1/organizations/${org}/validate`, { headers });
  return { clock, mock, credentialHeaders, token, accessToken, validate };
}

describe("token endpoint", () => {
  it("answers the documented envelope", async () => {
    const { token, mock } = setup({ tokenLifetimeSeconds: 3600 });
    const res = await token({ grantType: "client_credentials", scope: ["read:patient", "read:users"] });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      success: true,
      statusCode: 200,
      message: "Token generated successfully",
      data: { expiresIn: 3600, tokenType: "Bearer", scope: ["read:patient", "read:users"] },
      timestamp: "2026-01-01T00:00:00.000Z",
      meta: { apiVersion: "1.0" },
    });
    expect(body.data.accessToken.split(".")).toHaveLength(3);
    expect(body.requestId).toMatch(/^req_1767225600000_/);
    expect(mock.controls.stats.tokenRequests).toBe(1);
  });

  it("rejects snake_case OAuth fields with HTTP 400 and a 422 validation envelope", async () => {
    const { token } = setup();
    const res = await token({ grant_type: "client_credentials", scope: ["read:users"] });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body).toMatchObject({
      success: false,
      statusCode: 422,
      error: { type: "https://parchment.health/errors/validation-error", title: "Validation failed" },
    });
    expect(body.error.validation).toEqual([
      { field: "grantType", message: "Required", code: "VALIDATION_ERROR" },
    ]);
  });

  it("rejects a form-encoded body, a space-separated scope and an unknown scope", async () => {
    const { token } = setup();
    const form = await token("grantType=client_credentials&scope=read%3Ausers", {
      "content-type": "application/x-www-form-urlencoded",
    });
    expect(form.status).toBe(400);
    expect((await form.json()).error.type).toBe("https://parchment.health/errors/invalid-request");

    const spaced = await token({ grantType: "client_credentials", scope: "read:users read:user" });
    expect((await spaced.json()).error.validation[0].message).toBe("Expected array, received string");

    const unknown = await token({ grantType: "client_credentials", scope: ["remove:patient"] });
    expect((await unknown.json()).error.validation[0].message).toMatch(/received 'remove:patient'$/);
  });

  it.each(["x-partner-id", "x-partner-secret", "x-organization-id", "x-organization-secret", "x-user-id"])(
    "answers 401 without %s",
    async (name) => {
      const { mock, credentialHeaders } = setup();
      const headers: Record<string, string> = { ...credentialHeaders, "content-type": "application/json" };
      delete headers[name];
      const res = await fetch(mock.tokenUrl, {
        method: "POST",
        headers,
        body: JSON.stringify({ grantType: "client_credentials", scope: ["read:users"] }),
      });
      expect(res.status).toBe(401);
      expect((await res.json()).error.detail).toBe(`Missing required header: ${name}`);
    },
  );

  it("answers 401 to a wrong secret and to a user outside the organisation", async () => {
    const { token } = setup();
    const body = { grantType: "client_credentials", scope: ["read:users"] };
    const partner = await token(body, { "x-partner-secret": "nope" });
    expect((await partner.json()).error.detail).toBe("Invalid partner credentials provided.");
    const org = await token(body, { "x-organization-secret": "nope" });
    expect((await org.json()).error.detail).toBe("Invalid organization credentials provided.");
    const user = await token(body, { "x-user-id": "usr_elsewhere" });
    expect(user.status).toBe(401);
  });

  it("grants the requested scopes the organisation allows", async () => {
    const { token } = setup({ allowedScopes: ["read:users", "read:user"] });
    const res = await token({ grantType: "client_credentials", scope: ["read:users", "create:patient"] });
    expect((await res.json()).data.scope).toEqual(["read:users"]);
  });

  it("answers queued faults first (the 429/5xx switch)", async () => {
    const { mock, token } = setup();
    mock.controls.failTokenRequests(1, {
      status: 429,
      headers: { "retry-after": "2" },
      body: parchmentError(429, "rate-limit", "Too many requests", "Slow down"),
    });
    const limited = await token({ grantType: "client_credentials", scope: ["read:users"] });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("2");
    const next = await token({ grantType: "client_credentials", scope: ["read:users"] });
    expect(next.status).toBe(200);
  });
});

describe("API", () => {
  it('answers 401 "Missing x-organization-secret" without the header, even with a valid token', async () => {
    const { mock, accessToken, validate } = setup();
    const res = await validate({ authorization: `Bearer ${await accessToken()}` });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      success: false,
      statusCode: 401,
      error: { title: "Unauthorized", detail: "Missing x-organization-secret" },
    });
    expect(mock.controls.stats.unauthorized).toBe(1);
  });

  it("answers 401 once the token has expired on the clock", async () => {
    const { mock, clock, accessToken, validate } = setup({ tokenLifetimeSeconds: 60 });
    const headers = {
      authorization: `Bearer ${await accessToken()}`,
      "x-organization-secret": mock.credentials.organizationSecret,
    };
    expect((await validate(headers)).status).toBe(200);
    await clock.advance(60_000);
    const expired = await validate(headers);
    expect(expired.status).toBe(401);
    expect((await expired.json()).error.detail).toBe("Token has expired");
  });

  it("answers 403 for another organisation's path and 404 for an unknown route", async () => {
    const { mock, accessToken, validate } = setup();
    const headers = {
      authorization: `Bearer ${await accessToken()}`,
      "x-organization-secret": mock.credentials.organizationSecret,
    };
    expect((await validate(headers, "00000000-0000-4000-8000-000000000000")).status).toBe(403);
    const res = await fetch(`${mock.baseUrl}/v1/patients`, { headers });
    expect(res.status).toBe(404);
    expect((await res.json()).success).toBe(false);
  });
});

describe("tenants", () => {
  it("serves a second organisation's credentials, and checks its own secret on API calls", async () => {
    const { mock } = setup();
    const second = {
      partnerId: mock.credentials.partnerId,
      partnerSecret: mock.credentials.partnerSecret,
      organizationId: "org_second",
      organizationSecret: "second-org-secret",
      userId: "usr_second",
    };
    mock.tenants.add("second", second);
    const res = await fetch(mock.tokenUrl, {
      method: "POST",
      headers: {
        "x-partner-id": second.partnerId,
        "x-partner-secret": second.partnerSecret,
        "x-organization-id": second.organizationId,
        "x-organization-secret": second.organizationSecret,
        "x-user-id": second.userId,
        "content-type": "application/json",
      },
      body: JSON.stringify({ grantType: "client_credentials", scope: ["read:users"] }),
    });
    expect(res.status).toBe(200);
    const { accessToken } = ((await res.json()) as { data: { accessToken: string } }).data;
    const validate = (secret: string) =>
      fetch(`${mock.baseUrl}/v1/organizations/${second.organizationId}/validate`, {
        headers: { authorization: `Bearer ${accessToken}`, "x-organization-secret": secret },
      });
    expect((await validate(mock.credentials.organizationSecret)).status).toBe(401);
    expect(mock.tokenRequests.map((record) => record.tenant)).toEqual(["second"]);
    expect((await validate(second.organizationSecret)).status).not.toBe(401);
    expect(mock.apiRequests.at(-1)?.tenant).toBe("second");
  });
});
