import {
  describeVendorClient,
  expectReuseThenRefresh,
  expectTokenRequest,
  itRejectsOptions,
} from "@caduceus/test-kit";
import { describe, expect, it } from "vitest";
import { createXcuresClient, ErrorCode, HINT_HEADER, XCURES_TOKEN_URL } from "./index.js";
import { createXcuresMock } from "./testing/index.js";

const { setup } = describeVendorClient({
  vendor: "xCures",
  createMock: createXcuresMock,
  createClient: createXcuresClient,
  read: (client) => client.GET("/api/v1/patient-registry/subject"),
  write: (client) =>
    client.POST("/api/v1/patient-registry/subject", {
      body: [{ id: "6e7f8091-a2b3-4c4d-9e5f-6a7b8c9d0e1f", firstName: "Ivo", lastName: "Ruiz" }],
    }),
  wrongCredentials: { clientSecret: "definitely-not-the-secret-9f8e7d" },
  wrongCredentialsError: {
    status: 401,
    code: ErrorCode.TokenRequestFailed,
    message: expect.stringContaining("Invalid client credentials"),
  },
});

const DAVID = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const SUBJECTS = "/api/v1/patient-registry/subject";

describe("token exchange", () => {
  it("posts JSON {client_id, client_secret, grant_type} to /oauth/token, without ProjectId", async () => {
    const { mock, client } = setup();
    const { data } = await client().GET("/api/v1/patient-registry/project");
    expect(data?.[0]?.name).toBe("Oncology Registry");

    const sent = expectTokenRequest(mock, {
      url: XCURES_TOKEN_URL,
      contentType: "application/json",
      fields: {
        client_id: mock.credentials.clientId,
        client_secret: mock.credentials.clientSecret,
        grant_type: "client_credentials",
      },
    });
    expect(sent.headers).not.toHaveProperty("projectid");
  });

  it("mock: refuses anything but the documented JSON body, as NestJS validation does", async () => {
    const { mock } = setup();
    const form = await fetch(mock.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...mock.credentials, grant_type: "client_credentials" }),
    });
    expect(form.status).toBe(400);
    expect(await form.json()).toEqual({
      statusCode: 400,
      error: "Bad Request",
      message: [
        "client_id must be a UUID",
        "client_secret should not be empty",
        "grant_type must be one of the following values: client_credentials",
      ],
    });
    const noGrant = await fetch(mock.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        client_id: mock.credentials.clientId,
        client_secret: mock.credentials.clientSecret,
      }),
    });
    expect(noGrant.status).toBe(400);
  });

  it("sends the token and ProjectId on every API call", async () => {
    const { mock, client } = setup();
    await client().GET(SUBJECTS);
    const call = mock.apiRequests[0]!;
    expect(call.headers.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    expect(call.headers.projectid).toBe(mock.credentials.projectId);
  });
});

describe("operations", () => {
  it("lists subjects with typed query parameters and pagination", async () => {
    const { client } = setup();
    const { data, error } = await client().GET(SUBJECTS, {
      params: { query: { lastName: "Mann", pageSize: 10 } },
    });
    expect(error).toBeUndefined();
    expect(data).toMatchObject({ pageNumber: 1, pageSize: 10, totalCount: 1 });
    expect(data?.results[0]).toMatchObject({ id: DAVID, firstName: "David", identifier: "ABCD12" });
  });

  it("reads one subject by id, and answers 404 for an unknown one", async () => {
    const xcures = setup().client();
    const found = await xcures.GET(`${SUBJECTS}/{id}`, { params: { path: { id: DAVID } } });
    expect(found.data?.birthDate).toBe("1961-03-14");
    const missing = await xcures.GET(`${SUBJECTS}/{id}`, {
      params: { path: { id: "00000000-0000-4000-8000-000000000000" } },
    });
    expect(missing.response.status).toBe(404);
    expect(missing.data).toBeUndefined();
  });

  it("creates subjects in a batch (v1, request body) and updates one", async () => {
    const { client, mock } = setup();
    const xcures = client();
    const id = "5d6e7f80-9a1b-4c2d-8e3f-4a5b6c7d8e9f";
    const created = await xcures.POST(SUBJECTS, {
      body: {
        subjects: [{ id, firstName: "Ana", lastName: "Lima", birthDate: "1980-04-01", gender: "F" }],
        options: { initiateEhrQueries: false },
      },
    });
    expect(created.response.status).toBe(201);
    expect(created.data?.[0]).toMatchObject({ id, firstName: "Ana" });
    expect(created.data?.[0]?.identifier).toMatch(/^[A-Z0-9]{6}$/);
    expect(mock.data.subjects.get(mock.credentials.projectId)?.has(id)).toBe(true);

    const updated = await xcures.PUT(`${SUBJECTS}/{id}`, {
      params: { path: { id } },
      body: { firstName: "Ana", lastName: "Lima-Souza" },
    });
    expect(updated.data).toMatchObject({ id, lastName: "Lima-Souza" });
  });

  it("starts an EHR query for a subject and reads it back", async () => {
    const xcures = setup().client();
    const created = await xcures.POST("/api/v1/patient-registry/query", { body: { subjectId: DAVID } });
    expect(created.data).toMatchObject({ subjectId: DAVID, fhirStatus: "initiated" });
    const read = await xcures.GET("/api/v1/patient-registry/query/{id}", {
      params: { path: { id: created.data!.id } },
    });
    expect(read.data?.ccdaStatus).toBe("initiated");
  });

  it("pages a subject's FHIR Patient resources", async () => {
    const xcures = setup().client();
    const { data, response } = await xcures.GET("/api/v1/patient-registry/fhir/patient", {
      params: { query: { subjectId: DAVID, pageNumber: 1, pageSize: 50 } },
    });
    expect(response.headers.get("content-type")).toBe("application/json+fhir");
    expect(data?.resourceType).toBe("Bundle");
    expect(data?.entry?.[0]?.resource).toMatchObject({ resourceType: "Patient", id: DAVID });
  });

  it("surfaces v2 errors as ProblemDetails {status, title, detail}", async () => {
    const xcures = setup().client();
    const conflict = await xcures.POST("/api/v2/patient-registry/subject", {
      body: { id: DAVID, firstName: "David", lastName: "Mann" },
    });
    expect(conflict.response.status).toBe(409);
    expect(conflict.error).toEqual({
      status: 409,
      title: "Conflict",
      detail: `A subject with id ${DAVID} already exists in this project`,
    });
    const created = await xcures.POST("/api/v2/patient-registry/subject", {
      body: { id: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", firstName: "Lea", lastName: "Park" },
    });
    expect(created.response.status).toBe(201);
    expect(created.data?.lastName).toBe("Park");
  });
});

describe("token reuse and lifetime", () => {
  it("shares one token between clients of the same API key, whatever their project", async () => {
    const { client, mock } = setup();
    const second = mock.data.projects[1]!.id;
    await client().GET(SUBJECTS);
    await client().GET(SUBJECTS);
    await client({ projectId: second }).GET(SUBJECTS);
    expect(mock.controls.stats.tokenRequests).toBe(1);
    expect(mock.apiRequests.map((r) => r.headers.projectid)).toEqual([
      mock.credentials.projectId,
      mock.credentials.projectId,
      second,
    ]);
  });

  it("takes the lifetime from the JWT exp (no expires_in) and refreshes when it ends", async () => {
    const { client, mock, clock, events } = setup({ tokenLifetimeSeconds: 600 });
    const xcures = client();
    // Past exp (600 s) the old token would answer 401: it is replaced before that.
    const { data } = await expectReuseThenRefresh({ mock, clock }, () => xcures.GET(SUBJECTS), {
      reusedAfterMs: 300_000,
      refreshedAfterMs: 301_000,
    });
    expect(data?.totalCount).toBe(3);
    const obtained = events.find((e) => e.type === "token.obtained");
    expect(obtained).toMatchObject({ lifetimeSource: "jwt", lifetimeMs: 600_000 });
  });
});

describe("ProjectId", () => {
  it("lets one call override ProjectId through headers", async () => {
    const { client, mock } = setup();
    const other = mock.data.projects[1]!.id;
    const { data } = await client().GET(SUBJECTS, { headers: { ProjectId: other } });
    expect(data?.totalCount).toBe(0); // the second project has no subjects yet
    expect(mock.apiRequests[0]!.headers.projectid).toBe(other);
  });

  it("replays once on 401 for a wrong ProjectId, then returns the 401 with a hint", async () => {
    const { client, mock } = setup();
    const foreign = "11111111-2222-4333-8444-555555555555";
    const { response, error } = await client().GET(SUBJECTS, { headers: { ProjectId: foreign } });
    expect(response.status).toBe(401);
    expect(error).toMatchObject({ statusCode: 401, message: "Invalid API key or ProjectId" });
    const hint = response.headers.get(HINT_HEADER);
    expect(hint).toContain("ProjectId");
    expect(hint).toContain("GET /api/v1/patient-registry/project");
    expect(mock.controls.stats.tokenRequests).toBe(2); // the replay fetched a fresh token first
    expect(mock.controls.stats.unauthorized).toBe(2);
  });

  it("does not need a reachable ProjectId to list the projects", async () => {
    const { client } = setup();
    const { data } = await client({ projectId: "11111111-2222-4333-8444-555555555555" }).GET(
      "/api/v1/patient-registry/project",
    );
    expect(data?.map((p) => p.name)).toEqual(["Oncology Registry", "Rare Disease Natural History"]);
  });
});

describe("options", () => {
  itRejectsOptions({
    create: createXcuresClient,
    valid: { clientId: "id", clientSecret: "secret", projectId: "project" },
    required: ["clientId", "projectId"],
    invalid: [
      ["an empty clientSecret", { clientSecret: "" }, "clientSecret"],
      ["a blank projectId", { projectId: "  " }, "projectId"],
      ["a numeric projectId", { projectId: 42 }, "projectId"],
      ["a misspelt projectId", { projectID: "typo" }, "projectID"],
      ["a plain-http baseUrl", { baseUrl: "http://xcures.example.com" }, "baseUrl"],
    ],
  });

  it("points at production by default", async () => {
    const { mock, client } = setup();
    await client().GET(SUBJECTS);
    expect(mock.apiRequests[0]!.url).toBe(`https://partner.xcures.com${SUBJECTS}`);
  });

  it("talks to a mock served elsewhere when given baseUrl and tokenUrl", async () => {
    const { mock, client } = setup({ baseUrl: "http://localhost:4010" });
    const { data } = await client({ baseUrl: mock.baseUrl, tokenUrl: mock.tokenUrl }).GET(SUBJECTS);
    expect(data?.totalCount).toBe(3);
    expect(mock.tokenRequests[0]!.url).toBe("http://localhost:4010/oauth/token");
  });
});
