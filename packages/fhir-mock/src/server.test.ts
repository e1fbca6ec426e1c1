import { describe, expect, it } from "vitest";
import { handleFhirRequest } from "./http.js";
import { applyJsonPatch } from "./patch.js";
import { FhirMockServer } from "./server.js";
import { validateFhirResource } from "./validate.js";

const BASE = "https://fhir.example.test/r4";

function setup() {
  const server = new FhirMockServer({ baseUrl: BASE, clock: { now: () => Date.UTC(2026, 0, 2) } });
  server.store.put({ resourceType: "Patient", id: "p1", name: [{ family: "Chalmers", given: ["Peter"] }] });
  server.store.put({ resourceType: "Patient", id: "p2", name: [{ family: "Smith" }], gender: "female" });
  for (const n of [1, 2, 3, 4, 5]) {
    server.store.put({
      resourceType: "Observation",
      id: `o${n}`,
      status: "final",
      code: { text: "weight" },
      subject: { reference: "Patient/p1" },
      valueQuantity: { value: 70 + n, unit: "kg" },
    });
  }
  const call = (path: string, init: RequestInit = {}) =>
    handleFhirRequest(server, new Request(`${BASE}/${path}`, init));
  const json = async (path: string, init: RequestInit = {}) => {
    const response = await call(path, init);
    return { status: response.status, headers: response.headers, body: await response.json() };
  };
  const write = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    json(path, {
      method,
      headers: { "content-type": "application/fhir+json", ...headers },
      body: JSON.stringify(body),
    });
  return { server, call, json, write };
}

describe("FhirMockServer over HTTP", () => {
  it("reads with an ETag, answers 304 to If-None-Match naming it, and 404 for an unknown id or type", async () => {
    const { call, json } = setup();
    const read = await json("Patient/p1");
    expect(read.status).toBe(200);
    expect(read.headers.get("etag")).toBe('W/"1"');
    expect(read.headers.get("content-type")).toBe("application/fhir+json");
    expect((await call("Patient/p1", { headers: { "if-none-match": 'W/"1"' } })).status).toBe(304);
    expect((await call("Patient/p1", { headers: { "if-none-match": 'W/"2"' } })).status).toBe(200);
    expect((await json("Patient/nobody")).body.issue[0].code).toBe("not-found");
    const unknownType = await json("Spaceship/1");
    expect(unknownType.status).toBe(404);
    expect(unknownType.body.issue[0].diagnostics).toContain("Spaceship");
  });

  it("serves every FHIR R4 resource type by default", async () => {
    const { write } = setup();
    const device = await write("POST", "Device", { resourceType: "Device", status: "active" });
    expect(device.status).toBe(201);
    const task = await write("POST", "Task", { resourceType: "Task", status: "draft", intent: "order" });
    expect(task.status).toBe(201);
  });

  it("searches by GET and POST with FHIR R4 semantics, and pages with working next links", async () => {
    const { json, call } = setup();
    const page1 = await json("Observation?subject=Patient/p1&_count=2&_sort=-value-quantity");
    expect(page1.body.total).toBe(5);
    expect(page1.body.entry.map((e: { resource: { id: string } }) => e.resource.id)).toEqual(["o5", "o4"]);
    const next = page1.body.link.find((l: { relation: string }) => l.relation === "next").url as string;
    const page2 = await (await handleFhirRequest(setup().server, new Request(next))).json();
    expect(page2.entry.map((e: { resource: { id: string } }) => e.resource.id)).toEqual(["o3", "o2"]);
    const byPost = await call("Patient/_search", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "family=smi",
    });
    expect((await byPost.json()).entry.map((e: { resource: { id: string } }) => e.resource.id)).toEqual([
      "p2",
    ]);
    expect((await json("Observation?_id=o1,o3&subject=p1")).body.total).toBe(2);
    const totalOnly = await json("Observation?_count=0");
    expect(totalOnly.body.total).toBe(5);
    expect(totalOnly.body.link.map((l: { relation: string }) => l.relation)).toEqual(["self"]);
  });

  it("compares quantities by value, precision and unit (value-quantity), as FHIR R4's search defines", async () => {
    const { server } = setup();
    const ids = (query: string) => {
      const result = server.search("Observation", new URL(`${BASE}/Observation?${query}`));
      if (!result.ok) throw new Error(result.error.outcome.issue[0]?.diagnostics);
      return (result.value.entry ?? []).map((entry) => entry.resource.id);
    };
    // The weights are 71 to 75 kg (unit only, no system).
    expect(ids("value-quantity=gt74")).toEqual(["o5"]);
    expect(ids("value-quantity=le72")).toEqual(["o1", "o2"]);
    expect(ids("value-quantity=73")).toEqual(["o3"]);
    expect(ids("value-quantity=73.0")).toEqual(["o3"]);
    expect(ids("value-quantity=72.6")).toEqual([]);
    expect(ids("value-quantity=ne73")).toEqual(["o1", "o2", "o4", "o5"]);
    expect(ids("value-quantity=ap75")).toEqual(["o1", "o2", "o3", "o4", "o5"]);
    expect(ids("value-quantity=75||kg")).toEqual(["o5"]);
    expect(ids("value-quantity=75||g")).toEqual([]);
    expect(ids("value-quantity=75|http://unitsofmeasure.org|kg")).toEqual([]);
    expect(ids("value-quantity=72,74")).toEqual(["o2", "o4"]);
    const bad = server.search("Observation", new URL(`${BASE}/Observation?value-quantity=heavy`));
    expect(bad.ok ? 200 : bad.error.status).toBe(400);
  });

  it("refuses a search parameter or modifier it does not implement, instead of ignoring it", async () => {
    const { json } = setup();
    const unknown = await json("Patient?favourite-colour=blue");
    expect(unknown.status).toBe(400);
    expect(unknown.body.issue[0]).toMatchObject({ code: "not-supported" });
    expect(unknown.body.issue[0].diagnostics).toContain("favourite-colour");
    const modifier = await json("Patient?gender:not=male");
    expect(modifier.status).toBe(400);
    expect(modifier.body.issue[0].diagnostics).toContain(":not");
    expect((await json("Patient?_count=many")).status).toBe(400);
  });

  it("creates, updates, patches and deletes with versions, history, vread and Location", async () => {
    const { json, write, call } = setup();
    const created = await write("POST", "Patient", {
      resourceType: "Patient",
      id: "ignored",
      gender: "female",
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(id).not.toBe("ignored");
    expect(created.headers.get("location")).toBe(`${BASE}/Patient/${id}/_history/1`);
    const updated = await write("PUT", `Patient/${id}`, { resourceType: "Patient", id, gender: "other" });
    expect(updated.body.meta.versionId).toBe("2");
    const patched = await json(`Patient/${id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json-patch+json" },
      body: JSON.stringify([{ op: "add", path: "/birthDate", value: "1970-01-01" }]),
    });
    expect(patched.body).toMatchObject({
      birthDate: "1970-01-01",
      gender: "other",
      meta: { versionId: "3" },
    });
    expect((await json(`Patient/${id}/_history/1`)).body.gender).toBe("female");
    const history = await json(`Patient/${id}/_history`);
    expect(history.body.type).toBe("history");
    expect(
      history.body.entry.map((e: { resource: { meta: { versionId: string } } }) => e.resource.meta.versionId),
    ).toEqual(["3", "2", "1"]);
    expect((await call(`Patient/${id}`, { method: "DELETE" })).status).toBe(204);
    expect((await json(`Patient/${id}`)).status).toBe(410);
    expect((await json(`Patient/${id}/_history/3`)).status).toBe(200);
  });

  it("answers 412 when If-Match does not name the current version, and applies the write when it does", async () => {
    const { write, call } = setup();
    const body = { resourceType: "Patient", id: "p2", gender: "male" };
    const stale = await write("PUT", "Patient/p2", body, { "if-match": 'W/"7"' });
    expect(stale.status).toBe(412);
    expect(stale.body.issue[0].code).toBe("conflict");
    expect((await write("PUT", "Patient/p2", body, { "if-match": 'W/"1"' })).status).toBe(200);
    expect((await call("Patient/p2", { method: "DELETE", headers: { "if-match": 'W/"1"' } })).status).toBe(
      412,
    );
    expect((await call("Patient/p2", { method: "DELETE", headers: { "if-match": 'W/"2"' } })).status).toBe(
      204,
    );
  });

  it("validates writes against HL7's R4 definitions and names the element", async () => {
    const { write } = setup();
    const bad = await write("POST", "Observation", {
      resourceType: "Observation",
      status: "done",
      code: { text: "x" },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.issue)).toContain("Observation.status");
    const unknownElement = await write("POST", "Patient", { resourceType: "Patient", colour: "blue" });
    expect(unknownElement.status).toBe(400);
    expect(JSON.stringify(unknownElement.body.issue)).toContain("colour");
    const wrongType = await write("POST", "Patient", { resourceType: "Observation" });
    expect(wrongType.status).toBe(400);
    const mismatch = await write("PUT", "Patient/p1", { resourceType: "Patient", id: "p9" });
    expect(mismatch.status).toBe(400);
  });

  it("answers 415 for a body that is not JSON, 406 for a format other than JSON, 405 for a method FHIR lacks", async () => {
    const { call } = setup();
    const xmlBody: RequestInit = {
      method: "POST",
      headers: { "content-type": "application/fhir+xml" },
      body: "<x/>",
    };
    const cases: Array<[path: string, init: RequestInit, status: number]> = [
      ["Patient", xmlBody, 415],
      ["Patient?_format=xml", {}, 406],
      ["Patient/p1", { method: "POST" }, 405],
      ["Patient/p1/_history/1/extra", {}, 404],
      ["Patient/_history", {}, 404],
      ["Patient/%E0%A4%A", {}, 400],
      ["Patient/$validate", { method: "POST" }, 404],
    ];
    for (const [path, init, status] of cases) expect((await call(path, init)).status, path).toBe(status);
  });

  it("restricts the types served and the interactions offered when told to", async () => {
    const server = new FhirMockServer({ baseUrl: BASE, resourceTypes: ["Patient"] });
    const get = (path: string) =>
      handleFhirRequest(server, new Request(`${BASE}/${path}`), {
        supports: (_type, interaction) => interaction !== "history",
      });
    expect((await get("Patient")).status).toBe(200);
    expect((await get("Observation")).status).toBe(404);
    expect((await get("Patient/x/_history")).status).toBe(405);
  });

  it("answers GET metadata with a valid CapabilityStatement of what it serves, without the gate", async () => {
    const { server } = setup();
    const gate = () => new Response(null, { status: 401 });
    const supports = (_type: string, interaction: string) => interaction !== "history";
    const response = await handleFhirRequest(server, new Request(`${BASE}/metadata`), { gate, supports });
    expect(response.status).toBe(200);
    const statement = await response.json();
    expect(validateFhirResource(statement)).toEqual([]);
    const patient = statement.rest[0].resource.find((r: { type: string }) => r.type === "Patient");
    const codes = patient.interaction.map((i: { code: string }) => i.code);
    expect(codes).toContain("search-type");
    expect(codes).not.toContain("history-instance");
    expect(patient.searchParam.map((p: { name: string }) => p.name)).toContain("family");
    expect(patient.operation[0].name).toBe("everything");
    expect(statement.rest[0].resource.length).toBeGreaterThan(140);
    expect((await handleFhirRequest(server, new Request(`${BASE}/Patient/p1`), { gate })).status).toBe(401);
  });

  it("returns $everything for a patient: the patient and what refers to them", async () => {
    const { json } = setup();
    const everything = await json("Patient/p1/$everything");
    expect(everything.body.total).toBe(6);
  });
});

describe("applyJsonPatch (RFC 6902)", () => {
  it("applies every operation in order, into nested paths and arrays", () => {
    const doc = { name: [{ given: ["A"] }], a: 1 };
    const result = applyJsonPatch(doc, [
      { op: "add", path: "/name/0/given/-", value: "B" },
      { op: "copy", from: "/a", path: "/b" },
      { op: "move", from: "/a", path: "/c" },
      { op: "test", path: "/c", value: 1 },
      { op: "remove", path: "/b" },
    ]);
    expect(result).toEqual({ ok: true, value: { name: [{ given: ["A", "B"] }], c: 1 } });
    expect(doc).toEqual({ name: [{ given: ["A"] }], a: 1 });
  });

  it("fails as a whole on a missing path or a failed test", () => {
    expect(applyJsonPatch({ a: 1 }, [{ op: "replace", path: "/b", value: 2 }])).toMatchObject({
      ok: false,
      reason: "invalid",
    });
    expect(applyJsonPatch({ a: 1 }, [{ op: "test", path: "/a", value: 2 }])).toMatchObject({
      ok: false,
      reason: "test",
    });
    expect(applyJsonPatch({ a: 1 }, { op: "add" })).toMatchObject({ ok: false, reason: "invalid" });
  });
});
