import { describe, expect, it } from "vitest";
import description from "../generated/openapi.json" with { type: "json" };
import { createCandidApi } from "./candid-api.js";
import { type OpenApiDocument, resolveRef } from "./description.js";
import {
  exampleChargeCaptureCreate,
  exampleCoverageCreate,
  exampleEncounterCreate,
  examplePatientCreate,
} from "./fixtures.js";
import { CANDID_RESOURCES } from "./resources.js";
import { sampleOf } from "./sample.js";

const document = description as unknown as OpenApiDocument;
const ORIGIN = "https://candid.mock.test";

function api() {
  return createCandidApi(document, { now: () => Date.parse("2026-02-01T00:00:00Z") });
}

/** A request for `operation` with every required parameter and body field filled from its schema. */
function requestFor(operation: ReturnType<typeof api>["operations"][number]) {
  let path = operation.template;
  const query = new URLSearchParams();
  for (const parameter of operation.parameters) {
    const value = sampleOf(document, parameter.schema);
    if (parameter.in === "path")
      path = path.replace(`{${parameter.name}}`, encodeURIComponent(String(value)));
    else if (parameter.in === "query" && parameter.required) {
      for (const item of Array.isArray(value) ? value : [value]) query.append(parameter.name, String(item));
    }
  }
  const requestBody = resolveRef(document, operation.operation.requestBody) as
    | { content?: Record<string, { schema?: unknown }> }
    | undefined;
  const jsonSchema = requestBody?.content?.["application/json"]?.schema;
  const init: RequestInit = { method: operation.method };
  if (jsonSchema !== undefined) {
    init.body = JSON.stringify(sampleOf(document, jsonSchema));
    init.headers = { "content-type": "application/json" };
  } else if (requestBody?.content) {
    const form = new FormData();
    form.set("file", new Blob(["x"]), "x.pdf");
    init.body = form;
  }
  const search = query.size > 0 ? `?${query}` : "";
  return { path, request: new Request(`${ORIGIN}${path}${search}`, init) };
}

const stateful = new Set(
  CANDID_RESOURCES.flatMap((rules) =>
    [rules.get, rules.update, rules.versionedUpdate, rules.deactivate].filter(Boolean),
  ),
);

describe("every operation of the description", () => {
  it("answers a request built from its schemas with a schema-valid 2xx (stateful reads of unknown ids: 404)", async () => {
    const candid = api();
    const failures: string[] = [];
    expect(candid.operations.length).toBeGreaterThan(250);
    for (const operation of candid.operations) {
      const { path, request } = requestFor(operation);
      const response = await candid.handle(request, operation.host, path);
      const key = `${operation.method} ${operation.template}`;
      if (stateful.has(key) && response.status === 404) continue;
      if (response.status >= 300) {
        failures.push(`${key}: ${response.status} ${await response.text()}`);
        continue;
      }
      const responses = (operation.operation.responses ?? {}) as Record<string, { content?: unknown }>;
      const code = Object.keys(responses).find((status) => /^2/.test(status))!;
      const content = resolveRef(document, responses[code])?.content as Record<string, unknown> | undefined;
      if (!content?.["application/json"]) continue;
      const validate = candid.validator.schema(
        `${operation.pointer}/responses/${code}/content/application~1json/schema`,
      );
      const body = await response.json();
      if (!validate(body)) failures.push(`${key}: ${JSON.stringify(validate.errors?.slice(0, 2))}`);
    }
    expect(failures).toEqual([]);
  });

  it("answers 404 to an operation the description does not have, on either host", async () => {
    const candid = api();
    const core = await candid.handle(
      new Request(`${ORIGIN}/api/encounters/v3`),
      "candidApi",
      "/api/encounters/v3",
    );
    expect(core.status).toBe(404);
    // A core path on the pre-encounter host, and the old summary's path.
    const crossed = await candid.handle(
      new Request(`${ORIGIN}/api/payers/v3`),
      "preEncounter",
      "/api/payers/v3",
    );
    expect(crossed.status).toBe(404);
    const old = await candid.handle(new Request(`${ORIGIN}/events/v1`), "candidApi", "/events/v1");
    expect(old.status).toBe(404);
  });
});

describe("examples", () => {
  it.each([
    ["POST /api/encounters/v4", exampleEncounterCreate()],
    ["POST /patients/v1", examplePatientCreate()],
    ["POST /coverages/v1", exampleCoverageCreate("00000000-0000-4000-8000-000000000001")],
    ["POST /api/charge_captures/v1", exampleChargeCaptureCreate()],
  ])("%s: the example body is valid against the description", (key, body) => {
    const candid = api();
    const operation = candid.operations.find((op) => `${op.method} ${op.template}` === key)!;
    const problems = candid.validator.validate(operation, {
      path: {},
      query: new URLSearchParams(),
      body,
      hasBody: true,
      mediaType: "application/json",
    });
    expect(problems).toEqual([]);
  });
});

describe("validation answers Candid's error shapes", () => {
  it("core host: 422 HttpRequestValidationsError naming each field (body and query)", async () => {
    const candid = api();
    const body = await candid.handle(
      new Request(`${ORIGIN}/api/charge_captures/v1`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ charge_external_id: "c-1", status: "PLANNED" }),
      }),
      "candidApi",
      "/api/charge_captures/v1",
    );
    expect(body.status).toBe(422);
    const error = await body.json();
    expect(error.errorName).toBe("HttpRequestValidationsError");
    expect(error.content.map((fault: { fieldName: string }) => fault.fieldName).sort()).toEqual([
      "data",
      "patient_external_id",
      "status",
    ]);

    const query = await candid.handle(
      new Request(`${ORIGIN}/api/encounters/v4?limit=ten`),
      "candidApi",
      "/api/encounters/v4",
    );
    expect(query.status).toBe(422);
    expect(await query.json()).toMatchObject({ content: [{ fieldName: "limit" }] });
  });

  it("pre-encounter host: 400 BadRequestError with a message and the faults", async () => {
    const candid = api();
    const { name: _name, ...nameless } = examplePatientCreate();
    const response = await candid.handle(
      new Request(`${ORIGIN}/patients/v1`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(nameless),
      }),
      "preEncounter",
      "/patients/v1",
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errorName: "BadRequestError",
      content: {
        message: "name is required.",
        data: [{ fieldName: "name", humanReadableMessage: "name is required." }],
      },
    });
  });
});

describe("state", () => {
  /** Sends a JSON request to the API part directly. */
  async function send(candid: ReturnType<typeof api>, method: string, path: string, body?: unknown) {
    const host = path.startsWith("/api/") ? "candidApi" : "preEncounter";
    const init: RequestInit =
      body === undefined
        ? { method }
        : { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
    const response = await candid.handle(new Request(`${ORIGIN}${path}`, init), host, path.split("?")[0]!);
    return { status: response.status, body: response.status === 204 ? undefined : await response.json() };
  }
  const bodyOf = (candid: ReturnType<typeof api>, key: string) => {
    const operation = candid.operations.find((op) => `${op.method} ${op.template}` === key)!;
    const requestBody = resolveRef(document, operation.operation.requestBody) as {
      content: Record<string, { schema: unknown }>;
    };
    return sampleOf(document, requestBody.content["application/json"]!.schema) as Record<string, unknown>;
  };

  it("appointments: create, read, update at the current version, refuse a stale one", async () => {
    const candid = api();
    const created = await send(candid, "POST", "/appointments/v1", {
      ...bodyOf(candid, "POST /appointments/v1"),
      patient_id: "p-1",
    });
    expect(created.status).toBe(200);
    const { id, version } = created.body;
    expect(version).toBe(1);
    expect((await send(candid, "GET", `/appointments/v1/${id}`)).body).toMatchObject({
      id,
      patient_id: "p-1",
    });
    const updated = await send(candid, "PUT", `/appointments/v1/${id}/1`, {
      ...bodyOf(candid, "PUT /appointments/v1/{id}/{version}"),
      patient_id: "p-2",
    });
    expect(updated.body).toMatchObject({ patient_id: "p-2", version: 2 });
    const stale = await send(
      candid,
      "PUT",
      `/appointments/v1/${id}/1`,
      bodyOf(candid, "PUT /appointments/v1/{id}/{version}"),
    );
    expect(stale.status).toBe(409);
    expect(candid.data.appointments).toHaveLength(1);
  });

  it("answers only the fields the answer declares: request-only fields are not echoed back", async () => {
    const candid = api();
    // A charge capture is created from `data` and answered with `charge_capture_data`; a task is created
    // with `work_queue_id`, which a Task does not have.
    const capture = await send(
      candid,
      "POST",
      "/api/charge_captures/v1",
      exampleChargeCaptureCreate("cc-echo"),
    );
    expect(capture.status).toBe(200);
    expect(capture.body).toMatchObject({ charge_external_id: "cc-echo", patient_external_id: "pt-000482" });
    expect(capture.body).not.toHaveProperty("data");
    const task = await send(candid, "POST", "/api/tasks/v3", {
      ...bodyOf(candid, "POST /api/tasks/v3"),
      description: "echo check",
      work_queue_id: "wq-1",
    });
    expect(task.body).toMatchObject({ description: "echo check" });
    expect(task.body).not.toHaveProperty("work_queue_id");
    const listed = await send(candid, "GET", "/api/tasks/v3");
    expect(listed.body.items[0]).not.toHaveProperty("work_queue_id");
  });

  it("tasks: create, list filtered by a field, update, and an event per creation", async () => {
    const candid = api();
    const base = bodyOf(candid, "POST /api/tasks/v3");
    await send(candid, "POST", "/api/tasks/v3", { ...base, encounter_id: "enc-1", description: "first" });
    await send(candid, "POST", "/api/tasks/v3", { ...base, encounter_id: "enc-2", description: "second" });
    const listed = await send(candid, "GET", "/api/tasks/v3?encounter_id=enc-2");
    expect(listed.body.items.map((task: { description: string }) => task.description)).toEqual(["second"]);
    const id = listed.body.items[0].task_id;
    const patched = await send(candid, "PATCH", `/api/tasks/v3/${id}`, { description: "second, edited" });
    expect(patched.body).toMatchObject({ task_id: id, description: "second, edited" });
    expect(candid.data.events.map((event) => event.event_type)).toEqual(["task.created", "task.created"]);
  });
});
