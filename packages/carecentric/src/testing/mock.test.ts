import { createFakeClock } from "@caduceus/auth-core/testing";
import { useMsw } from "@caduceus/test-kit";
import { describe, expect, it } from "vitest";
import { type CareCentricMockOptions, createCareCentricMock, NHS_NUMBER_SYSTEM } from "./index.js";

// The mock itself, spoken to with plain fetch: it must refuse what CareCentric refuses.
const server = useMsw();

function setup(options: CareCentricMockOptions = {}) {
  const clock = createFakeClock();
  const mock = createCareCentricMock({ clock, ...options });
  server.use(...mock.handlers);
  const { clientId, clientSecret, username, password } = mock.expected;
  const userForm = {
    grant_type: "password",
    client_id: clientId,
    client_secret: clientSecret,
    username,
    password,
  };
  const systemForm = { grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret };
  const postForm = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(fields),
    });
  const token = async () => {
    const res = await postForm(mock.tokenUrls.password, userForm);
    return ((await res.json()) as { access_token: string }).access_token;
  };
  const api = async (path: string, init: RequestInit = {}, accessToken?: string) => {
    const headers = new Headers(init.headers);
    headers.set("ocp-apim-subscription-key", mock.expected.subscriptionKey!);
    headers.set("authorization", `Bearer ${accessToken ?? (await token())}`);
    return fetch(`${mock.baseUrl}${path}`, { ...init, headers });
  };
  return { clock, mock, userForm, systemForm, postForm, token, api };
}

describe("token endpoints", () => {
  it("answer the documented shapes: expires_in for the password grant, none for the system", async () => {
    const { mock, userForm, systemForm, postForm } = setup();
    const user = await postForm(mock.tokenUrls.password, userForm);
    expect(user.headers.get("cache-control")).toBe("no-store");
    const userBody = await user.json();
    expect(Object.keys(userBody).sort()).toEqual(["access_token", "expires_in", "token_type"]);
    expect(userBody).toMatchObject({ expires_in: 172800, token_type: "Bearer" });

    const system = await (await postForm(mock.tokenUrls.clientCredentials, systemForm)).json();
    expect(system).toEqual({ token_type: "Bearer", access_token: expect.any(String), refresh_token: null });
  });

  it("refuse a JSON body, credentials in HTTP Basic, and a grant served by the other endpoint", async () => {
    const { mock, userForm, systemForm, postForm } = setup();
    const json = await fetch(mock.tokenUrls.password, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(userForm),
    });
    expect([json.status, (await json.json()).error]).toEqual([400, "invalid_request"]);

    const { client_id, client_secret, ...withoutClient } = systemForm;
    const basic = await postForm(mock.tokenUrls.clientCredentials, withoutClient, {
      authorization: `Basic ${btoa(`${client_id}:${client_secret}`)}`,
    });
    expect([basic.status, (await basic.json()).error]).toEqual([400, "invalid_client"]);

    const crossed = await postForm(mock.tokenUrls.clientCredentials, userForm);
    expect((await crossed.json()).error).toBe("unsupported_grant_type");
    const crossedBack = await postForm(mock.tokenUrls.password, systemForm);
    expect((await crossedBack.json()).error).toBe("unsupported_grant_type");
  });

  it("refuse a wrong password and an unknown scope the OAuth way", async () => {
    const { mock, userForm, postForm } = setup();
    const wrong = await postForm(mock.tokenUrls.password, { ...userForm, password: "nope" });
    expect(await wrong.json()).toEqual({
      error: "invalid_grant",
      error_description: "invalid_username_or_password",
    });
    const scope = await postForm(mock.tokenUrls.password, { ...userForm, scope: "openid admin" });
    expect(await scope.json()).toEqual({ error: "invalid_scope" });
    expect(mock.stats.tokenRequests).toBe(2);
  });

  it("answer queued faults first (429/5xx switch)", async () => {
    const { mock, systemForm, postForm } = setup();
    mock.failTokenRequests(1, { status: 429, headers: { "retry-after": "2" } });
    expect((await postForm(mock.tokenUrls.clientCredentials, systemForm)).status).toBe(429);
    expect((await postForm(mock.tokenUrls.clientCredentials, systemForm)).status).toBe(200);
  });
});

describe("gateway and token checks", () => {
  it("the gateway wants the subscription key first, in its own JSON", async () => {
    const { mock, token } = setup();
    const res = await fetch(`${mock.baseUrl}/Patient`, {
      headers: { authorization: `Bearer ${await token()}` },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      statusCode: 401,
      message: expect.stringContaining("missing subscription key"),
    });
  });

  it("a missing or expired token is a 401 OperationOutcome with a Bearer challenge", async () => {
    const { mock, clock, api, token } = setup({ tokenLifetimeSeconds: 60 });
    const none = await fetch(`${mock.baseUrl}/Patient`, {
      headers: { "ocp-apim-subscription-key": mock.expected.subscriptionKey! },
    });
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="CareCentric"');
    expect(none.headers.get("content-type")).toBe("application/fhir+json");

    const accessToken = await token();
    expect((await api("/Patient", {}, accessToken)).status).toBe(200);
    await clock.advance(60_000);
    const expired = await api("/Patient", {}, accessToken);
    expect(expired.status).toBe(401);
    expect(expired.headers.get("www-authenticate")).toContain('error="invalid_token"');
    expect(await expired.json()).toMatchObject({
      resourceType: "OperationOutcome",
      issue: [{ code: "login" }],
    });
  });
});

describe("FHIR server", () => {
  it("answers _summary=count with a total and no entries, and honours _count", async () => {
    const { api, mock } = setup();
    const patient = mock.patients.oliverHughes.id;
    const counted = await (await api(`/Condition?patient=${patient}&_summary=count`)).json();
    expect(counted).toMatchObject({ resourceType: "Bundle", type: "searchset", total: 2 });
    expect(counted.entry).toBeUndefined();
    const paged = await (await api(`/Condition?patient=Patient/${patient}&_count=1`)).json();
    expect([paged.total, paged.entry.length]).toEqual([2, 1]);
    expect(paged.entry[0].fullUrl).toMatch(new RegExp(`^${mock.baseUrl}/Condition/`));
  });

  it("searches patients by name modifiers and by NHS number", async () => {
    const { api } = setup();
    const contains = await (await api("/Patient?family:contains=ugh")).json();
    expect(contains.entry.map((e: { resource: { id: string } }) => e.resource.id)).toHaveLength(1);
    const exact = await (await api("/Patient?family:exact=hughes")).json();
    expect(exact.total).toBe(0);
    const byNhs = await (
      await api(`/Patient?identifier=${encodeURIComponent(`${NHS_NUMBER_SYSTEM}|9449306753`)}`)
    ).json();
    expect(byNhs.entry[0].resource.name[0].family).toBe("Hughes");
  });

  it("refuses XML bodies and formats, and changes to records not created through the API", async () => {
    const { api, mock } = setup();
    const xml = await api("/Flag", {
      method: "POST",
      headers: { "content-type": "application/fhir+xml" },
      body: "<Flag/>",
    });
    expect(xml.status).toBe(415);
    expect((await api("/Patient?_format=xml")).status).toBe(406);
    const seeded = mock.data.Flag[0]!;
    const put = await api(`/Flag/${seeded.id}`, {
      method: "PUT",
      headers: { "content-type": "application/fhir+json" },
      body: JSON.stringify({ ...seeded, status: "inactive" }),
    });
    expect(put.status).toBe(403);
    expect((await api(`/Flag/${seeded.id}`, { method: "DELETE" })).status).toBe(403);
  });

  it("answers 405 to an interaction Graphnet does not document, after the token check", async () => {
    const { api, mock } = setup();
    const id = mock.patients.janeSmith.id;
    const history = await api(`/Patient/${id}/_history`);
    expect(history.status).toBe(405);
    expect((await history.json()).issue[0]).toMatchObject({ code: "not-supported" });
    const patch = await api(`/Patient/${id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json-patch+json" },
      body: JSON.stringify([{ op: "replace", path: "/gender", value: "other" }]),
    });
    expect(patch.status).toBe(405);
    const createPatient = await api("/Patient", {
      method: "POST",
      headers: { "content-type": "application/fhir+json" },
      body: JSON.stringify({ resourceType: "Patient" }),
    });
    expect(createPatient.status).toBe(405);
  });

  it("checks writes: resource type, required elements, id in the URL", async () => {
    const { api, mock } = setup();
    const post = (body: unknown) =>
      api("/QuestionnaireResponse", {
        method: "POST",
        headers: { "content-type": "application/fhir+json" },
        body: JSON.stringify(body),
      });
    expect((await post({ resourceType: "Observation" })).status).toBe(400);
    const missing = await post({ resourceType: "QuestionnaireResponse", status: "completed" });
    expect((await missing.json()).issue[0]).toMatchObject({ code: "required" });
    const subject = { reference: `Patient/${mock.patients.janeSmith.id}` };
    const created = await post({ resourceType: "QuestionnaireResponse", status: "completed", subject });
    expect(created.status).toBe(201);
    const body = await created.json();
    const mismatched = await api(`/QuestionnaireResponse/${body.id}`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...body, id: "another" }),
    });
    expect(mismatched.status).toBe(400);
  });
});

describe("tenants", () => {
  it("serves a second client and user with their own subscription key", async () => {
    const { mock } = setup();
    const second = {
      clientId: "second-client",
      clientSecret: "second-secret",
      username: "second.user",
      password: "second-password",
      subscriptionKey: "second-subscription-key",
    };
    mock.tenants.add("second", second);
    const res = await fetch(mock.tokenUrls.password, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "password",
        client_id: second.clientId,
        client_secret: second.clientSecret,
        username: second.username,
        password: second.password,
      }),
    });
    expect(res.status).toBe(200);
    const { access_token } = (await res.json()) as { access_token: string };
    const patients = (key: string) =>
      fetch(`${mock.baseUrl}/Patient`, {
        headers: { authorization: `Bearer ${access_token}`, "ocp-apim-subscription-key": key },
      });
    expect((await patients(second.subscriptionKey)).status).toBe(200);
    expect((await patients("not-a-key")).status).toBe(401);
    expect(mock.apiRequests.map((record) => record.tenant)).toEqual(["second", undefined]);
  });
});
