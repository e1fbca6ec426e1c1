import { importJWK, type JWK, SignJWT } from "jose";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSmartFhirMock } from "./index.js";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** The mock with its handlers installed, and `api(path, init)` calling its FHIR endpoint with a valid token. */
async function setup() {
  const mock = await createSmartFhirMock();
  server.use(...mock.handlers);
  const token = mock.issuer.issue(mock.credentials.clientId);
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${mock.baseUrl}/${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
    });
  const ids = async (path: string) => {
    const bundle = await (await api(path)).json();
    return (bundle.entry ?? []).map((entry: { resource: { id: string } }) => entry.resource.id);
  };
  return { mock, api, ids };
}

describe("the SMART kit's FHIR endpoint (@caduceus/fhir-mock)", () => {
  it("applies every search parameter it is given, as CareCentric's does, instead of ignoring it", async () => {
    const { ids } = await setup();
    expect(await ids("Observation?patient=example&status=final")).toEqual(["example-bp"]);
    // A store that ignored `status` or `code:text` would still answer example-bp here.
    expect(await ids("Observation?patient=example&status=preliminary")).toEqual([]);
    expect(await ids("Observation?code:text=blood")).toEqual(["example-bp"]);
    expect(await ids("Observation?code:text=glucose")).toEqual([]);
    expect(await ids("Patient?family=chalm")).toEqual(["example"]);
  });

  it("refuses a parameter, modifier or value it does not implement with 400 naming it", async () => {
    const { api } = await setup();
    for (const [query, named] of [
      ["Patient?favourite-colour=blue", "favourite-colour"],
      ["Observation?code:below=1234", ":below"],
      ["Observation?subject.name=peter", "subject.name"],
      ["Patient?_summary=true", "_summary"],
      ["Observation?date=yesterday", "yesterday"],
    ]) {
      const response = await api(query!);
      expect(response.status, query).toBe(400);
      const outcome = await response.json();
      expect(outcome.resourceType).toBe("OperationOutcome");
      expect(outcome.issue[0].diagnostics, query).toContain(named);
    }
  });

  it("pages with _count and next links that work", async () => {
    const { mock, api } = await setup();
    for (const n of [1, 2, 3]) {
      mock.store.put({
        resourceType: "Observation",
        id: `extra-${n}`,
        status: "final",
        code: { text: "weight" },
      });
    }
    const first = await (await api("Observation?_count=3&_sort=_id")).json();
    expect(first.total).toBe(4);
    expect(first.entry).toHaveLength(3);
    const next = first.link.find((link: { relation: string }) => link.relation === "next").url as string;
    const second = await (await api(next.slice(mock.baseUrl.length + 1))).json();
    expect(second.entry.map((entry: { resource: { id: string } }) => entry.resource.id)).toEqual(["extra-3"]);
  });

  it("serves every FHIR R4 resource type and validates writes against HL7's definitions", async () => {
    const { api } = await setup();
    const post = (type: string, body: unknown) =>
      api(type, {
        method: "POST",
        headers: { "content-type": "application/fhir+json" },
        body: JSON.stringify(body),
      });
    expect((await post("Device", { resourceType: "Device", status: "active" })).status).toBe(201);
    expect((await post("ResearchStudy", { resourceType: "ResearchStudy", status: "active" })).status).toBe(
      201,
    );
    const invalid = await post("Observation", {
      resourceType: "Observation",
      status: "done",
      code: { text: "x" },
    });
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(await invalid.json())).toContain("Observation.status");
    expect((await api("Spaceship/1")).status).toBe(404);
  });

  it("answers conditional requests: 304 for a known version, 412 for a stale If-Match", async () => {
    const { api } = await setup();
    const read = await api("Patient/example");
    const etag = read.headers.get("etag")!;
    expect(etag).toBe('W/"1"');
    expect((await api("Patient/example", { headers: { "if-none-match": etag } })).status).toBe(304);
    const put = (ifMatch: string) =>
      api("Patient/example", {
        method: "PUT",
        headers: { "content-type": "application/fhir+json", "if-match": ifMatch },
        body: JSON.stringify({ resourceType: "Patient", id: "example", gender: "male" }),
      });
    expect((await put('W/"9"')).status).toBe(412);
    expect((await put(etag)).status).toBe(200);
  });

  it("still refuses a call without a valid token, and routes $export before the FHIR API", async () => {
    const { mock, api } = await setup();
    expect((await fetch(`${mock.baseUrl}/Patient/example`)).status).toBe(401);
    const metadata = await (await fetch(`${mock.baseUrl}/metadata`)).json();
    expect(metadata.resourceType).toBe("CapabilityStatement");
    expect(metadata.rest[0].resource.map((r: { type: string }) => r.type)).toContain("ResearchStudy");
    const kickOff = await api("Patient/$export", { headers: { prefer: "respond-async" } });
    expect(kickOff.status).toBe(202);
    expect((await api("Patient/$export")).status).toBe(400);
  });
});

describe("the SMART kit's respond (no msw)", () => {
  it("grants a signed assertion once, refuses its replay, and guards the FHIR endpoint with the token", async () => {
    const mock = await createSmartFhirMock();
    const key = await importJWK(mock.credentials.privateKey as JWK, "ES384");
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: "ES384", kid: mock.credentials.keyId })
      .setIssuer(mock.credentials.clientId)
      .setSubject(mock.credentials.clientId)
      .setAudience(mock.tokenUrl)
      .setIssuedAt()
      .setExpirationTime("4m")
      .setJti("jti-1")
      .sign(key);
    const tokenRequest = () =>
      mock.respond(
        new Request(mock.tokenUrl, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            grant_type: "client_credentials",
            client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            client_assertion: assertion,
            scope: mock.credentials.scope,
          }),
        }),
      );
    const granted = await tokenRequest();
    expect(granted.status).toBe(200);
    const { access_token, expires_in, scope } = await granted.json();
    expect({ expires_in, scope }).toEqual({ expires_in: 300, scope: "system/*.rs" });
    const replay = await tokenRequest();
    expect(replay.status).toBe(401);
    expect((await replay.json()).error_description).toContain("jti was already used");
    expect(mock.tokenRequests.map((request) => request.fields.client_assertion)).toEqual([
      assertion,
      assertion,
    ]);

    const read = (token?: string) =>
      mock.respond(
        new Request(`${mock.baseUrl}/Patient/example`, {
          headers: token ? { authorization: `Bearer ${token}` } : {},
        }),
      );
    expect((await read(access_token)).status).toBe(200);
    expect((await read()).status).toBe(401);
    expect(mock.controls.stats).toMatchObject({ tokenRequests: 2, apiRequests: 2, unauthorized: 1 });
    expect(mock.apiRequests[0]?.subject).toBe(mock.credentials.clientId);
    const config = await mock.respond(new Request(`${mock.baseUrl}/.well-known/smart-configuration`));
    expect((await config.json()).token_endpoint).toBe(mock.tokenUrl);
    expect(mock.discoveryRequests).toHaveLength(1);
    expect((await mock.respond(new Request("https://elsewhere.test/"))).status).toBe(404);
    mock.reset();
    expect([mock.tokenRequests, mock.apiRequests, mock.discoveryRequests]).toEqual([[], [], []]);
  });
});
