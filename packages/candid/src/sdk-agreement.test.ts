// The official SDK (`candidhealth` 1.33.0, a test-only dependency) and this package, side by side against
// the mock: the mock accepts what the SDK sends, and for the same logical call both send the same
// method, URL, query and JSON body.
import * as candidhealth from "candidhealth";
import * as wire from "candidhealth/serialization/index.js";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CANDID_HOSTS, createCandidClient } from "./index.js";
import { recordingFetch, type SentRequest as Sent } from "./test-support/recording-fetch.js";
import {
  createCandidMock,
  exampleChargeCaptureCreate,
  exampleCoverageCreate,
  exampleEncounterCreate,
  examplePatientCreate,
} from "./testing/index.js";

// The SDK's Production environment is this package's production hosts.
const { candidApi: CORE, preEncounter: PRE } = CANDID_HOSTS.production;

const mock = createCandidMock();
const server = setupServer(...mock.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());

const sdkSent: Sent[] = [];
const oursSent: Sent[] = [];
/** Records API requests into `log`, token requests left out. */
const apiRequestsInto = (log: Sent[]) =>
  recordingFetch((sent) => {
    if (!sent.path.endsWith("/auth/v2/token")) log.push(sent);
  });
const sdk = new candidhealth.CandidApiClient({
  ...mock.credentials,
  environment: candidhealth.CandidApiEnvironment.Production,
  fetch: apiRequestsInto(sdkSent),
  maxRetries: 0,
});
const ours = createCandidClient({ ...mock.credentials, fetch: apiRequestsInto(oursSent) });

/** The SDK's camelCase request from a wire (snake_case) body, through the SDK's own serializer. */
function parse<T>(schema: { parseOrThrow(raw: unknown): T }, body: unknown): T {
  return schema.parseOrThrow(body);
}

/**
 * Runs one logical call both ways: both must succeed and send the same request (method, origin, path,
 * query and body), which it returns for the call's own checks.
 */
async function sameRequest(
  viaSdk: () => PromiseLike<{ ok: boolean; error?: unknown }>,
  viaOurs: () => Promise<{ response: Response; error?: unknown }>,
): Promise<Sent> {
  const sdkResult = await viaSdk();
  expect(sdkResult.ok, JSON.stringify(sdkResult.error)).toBe(true);
  const ourResult = await viaOurs();
  expect(ourResult.response.ok, JSON.stringify(ourResult.error)).toBe(true);
  const [sdkRequest, ourRequest] = [sdkSent.at(-1)!, oursSent.at(-1)!];
  expect(ourRequest).toEqual(sdkRequest);
  return sdkRequest;
}

describe("the official SDK and this package send the same requests, and the mock accepts both", () => {
  it("payers: search and read (core host)", async () => {
    const a = await sameRequest(
      () => sdk.payers.v3.getAll({ searchTerm: "aetna", limit: 2 }),
      () => ours.GET("/api/payers/v3", { params: { query: { search_term: "aetna", limit: 2 } } }),
    );
    expect(a).toMatchObject({ origin: CORE, path: "/api/payers/v3" });

    const uuid = mock.data.payers[0]!.payer_uuid as string;
    await sameRequest(
      () => sdk.payers.v3.get(uuid as never),
      () => ours.GET("/api/payers/v3/{payer_uuid}", { params: { path: { payer_uuid: uuid } } }),
    );
  });

  it("encounters: create a complete encounter, list by external_id, read", async () => {
    const body = exampleEncounterCreate("visit-sdk-0001");
    const viaSdk = await sdk.encounters.v4.create(parse(wire.encounters.v4.EncounterCreate, body));
    expect(viaSdk.ok, JSON.stringify(viaSdk.ok ? undefined : viaSdk.error)).toBe(true);
    const a = sdkSent.at(-1)!;
    // Our example, read and written back by the SDK's serializer, is byte for byte what we send.
    expect(a.body).toEqual(body);
    // Ours creates a second one (external ids are unique), the same body otherwise.
    const created = await ours.POST("/api/encounters/v4", {
      body: { ...body, external_id: "visit-ours-0001" },
    });
    expect(created.error).toBeUndefined();
    expect(oursSent.at(-1)).toEqual({ ...a, body: { ...body, external_id: "visit-ours-0001" } });

    await sameRequest(
      () => sdk.encounters.v4.getAll({ externalId: "visit-sdk-0001" as never, limit: 5 }),
      () =>
        ours.GET("/api/encounters/v4", { params: { query: { external_id: "visit-sdk-0001", limit: 5 } } }),
    );

    const id = created.data!.encounter_id;
    await sameRequest(
      () => sdk.encounters.v4.get(id as never),
      () => ours.GET("/api/encounters/v4/{encounter_id}", { params: { path: { encounter_id: id } } }),
    );
  });

  it("charge captures: Candid's fields, lower-case status", async () => {
    const body = exampleChargeCaptureCreate("charge-sdk-0001");
    const a = await sameRequest(
      () => sdk.chargeCapture.v1.create(parse(wire.chargeCapture.v1.CreateChargeCaptureRequest, body)),
      () =>
        ours.POST("/api/charge_captures/v1", { body: { ...body, charge_external_id: "charge-sdk-0001" } }),
    );
    expect(a.body).toMatchObject({ charge_external_id: "charge-sdk-0001", status: "planned" });
  });

  it("events: scan with event_types repeated, on the path with its trailing slash", async () => {
    const a = await sameRequest(
      () => sdk.events.v1.scan({ eventTypes: ["remit.received", "claim.updated"], limit: 10 }),
      () =>
        ours.GET("/api/events/v1/", {
          params: { query: { event_types: ["remit.received", "claim.updated"], limit: 10 } },
        }),
    );
    expect(a.path).toBe("/api/events/v1/");
    expect(a.query.filter(([name]) => name === "event_types")).toHaveLength(2);
  });

  it("pre-encounter: patient and coverage, on the pre-encounter host with the same token", async () => {
    const body = examplePatientCreate();
    const a = await sameRequest(
      () =>
        sdk.preEncounter.patients.v1.create({
          body: parse(wire.preEncounter.patients.v1.MutablePatient, body),
        }),
      () => ours.POST("/patients/v1", { body }),
    );
    expect(a).toMatchObject({ origin: PRE, path: "/patients/v1" });

    const patientId = mock.data.patients.at(-1)!.id as string;
    const coverage = exampleCoverageCreate(patientId);
    await sameRequest(
      () =>
        sdk.preEncounter.coverages.v1.create(parse(wire.preEncounter.coverages.v1.MutableCoverage, coverage)),
      () => ours.POST("/coverages/v1", { body: coverage }),
    );

    await sameRequest(
      () => sdk.preEncounter.patients.v1.get(patientId as never),
      () => ours.GET("/patients/v1/{id}", { params: { path: { id: patientId } } }),
    );
  });

  it("operations without state: insurance adjudications, tasks", async () => {
    const id = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
    const a = await sameRequest(
      () => sdk.insuranceAdjudications.v1.get(id as never),
      () =>
        ours.GET("/api/insurance-adjudications/v1/{insurance_adjudication_id}", {
          params: { path: { insurance_adjudication_id: id } },
        }),
    );
    expect(a.path).toBe(`/api/insurance-adjudications/v1/${id}`);

    await sameRequest(
      () => sdk.tasks.v3.getMulti({ limit: 3, status: "open" as never }),
      () => ours.GET("/api/tasks/v3", { params: { query: { limit: 3, status: "open" } } }),
    );
  });
  it("updates on both hosts: encounter PATCH, patient PUT at its version, task create", async () => {
    const encounterId = mock.data.encounters[0]!.encounter_id as string;
    const patch = { place_of_service_code: "11" as const, prior_authorization_number: "PA-0042" };
    const a = await sameRequest(
      () => sdk.encounters.v4.update(encounterId as never, parse(wire.encounters.v4.EncounterUpdate, patch)),
      () =>
        ours.PATCH("/api/encounters/v4/{encounter_id}", {
          params: { path: { encounter_id: encounterId } },
          body: patch,
        }),
    );
    expect(a).toMatchObject({ method: "PATCH", body: patch });

    // Each client updates at the version it read (the mock moves it on), with the same body.
    const patient = mock.data.patients.at(-1)!;
    const id = patient.id as string;
    const body = { ...examplePatientCreate(), email: "jordan.reyes@example.com" };
    const read = String(patient.version);
    const viaSdk = await sdk.preEncounter.patients.v1.update(
      id as never,
      read,
      parse(wire.preEncounter.patients.v1.MutablePatient, body),
    );
    expect(viaSdk.ok).toBe(true);
    const c = sdkSent.at(-1)!;
    const next = String(patient.version);
    expect(next).not.toBe(read);
    const viaOurs = await ours.PUT("/patients/v1/{id}/{version}", {
      params: { path: { id, version: next } },
      body,
    });
    expect(viaOurs.error).toBeUndefined();
    expect(oursSent.at(-1)).toEqual({ ...c, path: `/patients/v1/${id}/${next}` });
    expect(c.path).toBe(`/patients/v1/${id}/${read}`);
    expect(c).toMatchObject({ origin: PRE, method: "PUT", body });

    const task = {
      encounter_id: encounterId,
      task_type: "CUSTOMER_DATA_REQUEST" as const,
      description: "Need the referring provider's NPI",
      work_queue_id: "wq-0001",
    };
    await sameRequest(
      () => sdk.tasks.v3.create(parse(wire.tasks.v3.TaskCreateV3, task)),
      () => ours.POST("/api/tasks/v3", { body: task }),
    );
  });

  it("listings with filters: charge captures by patient, page by page", async () => {
    await sameRequest(
      () => sdk.chargeCapture.v1.getAll({ patientExternalId: "pt-000482", limit: 1 }),
      () =>
        ours.GET("/api/charge_captures/v1", {
          params: { query: { patient_external_id: "pt-000482", limit: 1 } },
        }),
    );
  });
});
