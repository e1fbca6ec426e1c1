import { describe, expect, it } from "vitest";
import { createXcuresClient } from "../index.js";
import { createXcuresMock } from "./index.js";

const PROJECTS = "/api/v1/patient-registry/subject";

describe("createXcuresMock tenants", () => {
  it("serves a second API key with its own project, and one tenant's faults to it only", async () => {
    const mock = createXcuresMock();
    const fetchFrom = ((input: RequestInfo | URL, init?: RequestInit) =>
      mock.respond(new Request(input, init))) as typeof fetch;
    const second = {
      clientId: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
      clientSecret: "second-key-secret",
      projectId: "0f8fad5b-d9cb-469f-a165-70867728950e",
    };
    mock.tenants.add("second", second);
    mock.controls.failTokenRequests(1, { status: 503 }, { tenant: "second" });
    const own = createXcuresClient({ ...mock.credentials, fetch: fetchFrom, maxRetries: 0 });
    const other = createXcuresClient({ ...second, fetch: fetchFrom, maxRetries: 1 });
    expect((await own.GET(PROJECTS)).response.status).toBe(200);
    expect((await other.GET(PROJECTS)).response.status).toBe(200);
    expect(mock.tokenRequests.map((record) => [record.tenant, JSON.parse(record.body).client_id])).toEqual([
      [undefined, mock.credentials.clientId],
      ["second", second.clientId],
      ["second", second.clientId],
    ]);
    // The second key's token reaches its own project, not a project it was not given.
    expect(mock.apiRequests.map((record) => [record.tenant, record.headers.projectid])).toEqual([
      [undefined, mock.credentials.projectId],
      ["second", second.projectId],
    ]);
    const wrongProject = createXcuresClient({ ...second, projectId: "not-a-project", fetch: fetchFrom });
    expect((await wrongProject.GET(PROJECTS)).response.status).toBe(401);
  });
});

describe("createXcuresMock respond", () => {
  it("answers as the msw handlers do: the token URL only to POST, the API behind the guard, the rest 404", async () => {
    const mock = createXcuresMock();
    const respond = (path: string, init?: RequestInit) =>
      mock.respond(new Request(new URL(path, mock.baseUrl), init));
    const token = await respond("/oauth/token?ignored=1", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        client_id: mock.credentials.clientId,
        client_secret: mock.credentials.clientSecret,
        grant_type: "client_credentials",
      }),
    });
    const { access_token } = (await token.json()) as { access_token: string };
    const auth = { authorization: `Bearer ${access_token}`, projectid: mock.credentials.projectId };
    expect((await respond("/oauth/token")).status).toBe(404);
    expect((await respond(PROJECTS, { headers: { projectid: mock.credentials.projectId } })).status).toBe(
      401,
    );
    expect((await respond(PROJECTS, { headers: auth })).status).toBe(200);
    const created = await respond("/api/v2/patient-registry/subject", {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({
        id: "7c9e6679-7425-40de-944b-e07fc1f90ae8",
        firstName: "Ada",
        lastName: "Lovelace",
      }),
    });
    expect(created.status).toBe(201);
    expect((await respond("/api/v1/unknown", { headers: auth })).status).toBe(404);
    expect((await respond("/elsewhere", { headers: auth })).status).toBe(404);
    expect(mock.tokenRequests).toHaveLength(1);
  });
});
