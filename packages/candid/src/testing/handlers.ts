import { type HttpHandler, HttpResponse, http } from "msw";
import { createOpenApiHttp } from "openapi-msw";
import type { components, paths } from "../generated/openapi.js";
import {
  EXAMPLE_COVERAGE_ID,
  exampleAdjudication,
  exampleEligibility,
  exampleEvents,
  examplePayers,
} from "./fixtures.js";

type Schemas = components["schemas"];

/** The mock's state. Mutate it to seed a test. */
export interface CandidMockData {
  /**
   * What `GET /payers/v3` searches (`search_term`: a case-insensitive substring of `payer_name`) and
   * `GET /payers/v3/{payer_uuid}` finds. Default the four {@link examplePayers}.
   */
  payers: Schemas["Payer"][];
  /** Encounters by `encounter_id`. Empty at start; `POST /encounters/v4` adds one, with its first claim. */
  encounters: Map<string, Schemas["Encounter"]>;
  /** Charge captures by `charge_capture_id`. Empty at start; `POST /charge_captures/v1` adds one. */
  chargeCaptures: Map<string, Schemas["ChargeCapture"]>;
  /**
   * The billing event feed, oldest first, that `GET /events/v1` pages through (filtered by
   * `event_types`). Starts with {@link exampleEvents}; each created encounter appends `encounter.created`.
   */
  events: Schemas["Event"][];
  /** 835 remittances by `insurance_adjudication_id`. Starts with {@link exampleAdjudication}. */
  adjudications: Map<string, Schemas["InsuranceAdjudication"]>;
  /** Coverage ids known to the pre-encounter service. */
  coverages: Set<string>;
}

/** A Candid error body `{errorName, content}` (Fern error union) with its status. */
export function candidError(status: number, errorName: string, content: unknown): Response {
  return HttpResponse.json({ errorName, content }, { status });
}

/**
 * Typed handlers (openapi-msw) for all 14 API operations of the description, with realistic data. They
 * run after the guards in `createCandidMock`, so the token is already checked. The pre-encounter check
 * is served twice: on the pre-encounter host (where the client routes it with the documented URLs) and
 * under `{baseUrl}/pre-encounter` (where it goes when the client is given a custom `baseUrl`).
 */
export function createCandidApiHandlers(
  baseUrl: string,
  preEncounterUrl: string,
): {
  /** One handler per operation; they check no token, so put the mock's guards before them. */
  handlers: HttpHandler[];
  /** The live state the handlers read and write, seeded with the example fixtures. */
  data: CandidMockData;
} {
  const adjudication = exampleAdjudication();
  const data: CandidMockData = {
    payers: examplePayers(),
    encounters: new Map(),
    chargeCaptures: new Map(),
    events: exampleEvents(),
    adjudications: new Map([[adjudication.insurance_adjudication_id!, adjudication]]),
    coverages: new Set([EXAMPLE_COVERAGE_ID]),
  };
  const api = createOpenApiHttp<paths>({ baseUrl });
  let serial = 0;
  const nextId = () => `9c0d${(++serial).toString(16).padStart(4, "0")}-6b1e-4a2f-9c3d-4e5f6a7b8c9d`;
  const at = () => new Date(Date.UTC(2026, 0, 6) + serial * 60_000).toISOString();
  const notFound = (id: string) => candidError(404, "EntityNotFoundError", { id });

  const checkEligibility = (
    coverageId: string,
    body: Partial<Schemas["PreEncounterCheckEligibilityRequest"]>,
  ) => {
    if (!data.coverages.has(coverageId)) return notFound(coverageId);
    const missing = (["service_code", "date_of_service", "npi"] as const).filter((name) => !body[name]);
    if (missing.length > 0) return validationError(missing);
    const metadata: Schemas["EligibilityCheckMetadata"] = {
      check_id: nextId(),
      service_code: body.service_code!,
      status: "COMPLETED",
      initiated_by: "api-client",
      initiated_at: at(),
    };
    return HttpResponse.json(metadata);
  };

  const handlers = [
    api.get("/encounters/v4", ({ query, response }) => {
      const patient = query.get("patient_external_id");
      const items = [...data.encounters.values()].filter(
        (e) => !patient || e.patient?.external_id === patient,
      );
      return response(200).json(page(items, query.get("limit"), query.get("page_token")));
    }),

    api.post("/encounters/v4", async ({ request, response }) => {
      const body = await request.json();
      const required = [
        "external_id",
        "billable_status",
        "responsible_party",
        "place_of_service_code",
        "patient",
        "billing_provider",
        "diagnoses",
      ] as const;
      const missing = required.filter((name) => body[name] === undefined);
      if (missing.length > 0) return response.untyped(validationError(missing));
      const encounter: Schemas["Encounter"] = {
        encounter_id: nextId(),
        external_id: body.external_id,
        date_of_service: body.date_of_service,
        patient: body.patient,
        billing_provider: body.billing_provider,
        diagnoses: body.diagnoses,
        service_lines: (body.service_lines ?? []).map((line) => ({ ...line, service_line_id: nextId() })),
        claims: [{ claim_id: nextId(), status: "biller_received", clearinghouse_claim_id: null }],
        status: "biller_received",
        created_at: at(),
      };
      data.encounters.set(encounter.encounter_id!, encounter);
      data.events.push({
        event_id: nextId(),
        event_type: "encounter.created",
        resource_id: encounter.encounter_id,
        created_at: encounter.created_at,
        data: { external_id: encounter.external_id },
      });
      return response(200).json(encounter);
    }),

    api.get("/encounters/v4/{encounter_id}", ({ params, response }) => {
      const encounter = data.encounters.get(params.encounter_id);
      return encounter ? response(200).json(encounter) : response(404).json(errorBody(params.encounter_id));
    }),

    api.post("/eligibility/v2", async ({ request, response }) => {
      const body = await request.json();
      if (!body.payer_id || !body.subscriber) {
        return response.untyped(validationError(["payer_id", "subscriber"].filter((n) => !(n in body))));
      }
      return response(200).json({ ...exampleEligibility(), eligibility_check_id: nextId() });
    }),

    api.get("/charge_captures/v1", ({ query, response }) =>
      response(200).json(
        page([...data.chargeCaptures.values()], query.get("limit"), query.get("page_token")),
      ),
    ),

    api.post("/charge_captures/v1", async ({ request, response }) => {
      const body = await request.json();
      if (!body.external_id || !body.data) {
        return response.untyped(validationError(["external_id", "data"].filter((n) => !(n in body))));
      }
      const capture: Schemas["ChargeCapture"] = {
        charge_capture_id: nextId(),
        external_id: body.external_id,
        status: body.status ?? "PLANNED",
        data: body.data,
      };
      data.chargeCaptures.set(capture.charge_capture_id!, capture);
      return response(200).json(capture);
    }),

    api.get("/charge_captures/v1/{charge_capture_id}", ({ params, response }) => {
      const capture = data.chargeCaptures.get(params.charge_capture_id);
      return capture ? response(200).json(capture) : response.untyped(notFound(params.charge_capture_id));
    }),

    api.get("/payers/v3", ({ query, response }) => {
      const term = query.get("search_term")?.toLowerCase();
      const items = data.payers.filter((p) => !term || p.payer_name?.toLowerCase().includes(term));
      return response(200).json(page(items, query.get("limit"), query.get("page_token")));
    }),

    api.get("/payers/v3/{payer_uuid}", ({ params, response }) => {
      const payer = data.payers.find((p) => p.payer_uuid === params.payer_uuid);
      return payer ? response(200).json(payer) : response.untyped(notFound(params.payer_uuid));
    }),

    api.get("/fee-schedules/v3/service-line/{service_line_id}/match", ({ params, response }) => {
      const known = [...data.encounters.values()].some((e) =>
        e.service_lines?.some((line) => line.service_line_id === params.service_line_id),
      );
      return response(200).json(
        known
          ? { rate_id: "f00dfeed-1a2b-4c3d-8e4f-5a6b7c8d9e0f", rate_cents: 15200, matched: true }
          : { matched: false },
      );
    }),

    api.get("/insurance_adjudications/v1/{insurance_adjudication_id}", ({ params, response }) => {
      const found = data.adjudications.get(params.insurance_adjudication_id);
      return found ? response(200).json(found) : response.untyped(notFound(params.insurance_adjudication_id));
    }),

    api.get("/events/v1", ({ query, response }) => {
      const types = query.get("event_types")?.split(",");
      const items = data.events.filter((e) => !types || types.includes(e.event_type ?? ""));
      return response(200).json(page(items, query.get("limit"), query.get("page_token")));
    }),

    api.get("/events/v1/{event_id}", ({ params, response }) => {
      const event = data.events.find((e) => e.event_id === params.event_id);
      return event ? response(200).json(event) : response.untyped(notFound(params.event_id));
    }),

    api.post("/pre-encounter/coverages/v1/{coverage_id}/eligibility", async ({ request, params, response }) =>
      response.untyped(checkEligibility(params.coverage_id, await request.json())),
    ),

    // The same operation where the client really sends it: the pre-encounter host, without the prefix.
    http.post(`${preEncounterUrl}/coverages/v1/:coverage_id/eligibility`, async ({ request, params }) =>
      checkEligibility(
        String(params.coverage_id),
        (await request.json()) as Schemas["PreEncounterCheckEligibilityRequest"],
      ),
    ),
  ];
  return { handlers, data };
}

/** Candid's 422 for a body that misses fields: `content` is a list of `{fieldName, humanReadableMessage}`. */
function validationError(fields: readonly string[]): Response {
  return candidError(
    422,
    "HttpRequestValidationsError",
    fields.map((fieldName) => ({ fieldName, humanReadableMessage: `${fieldName} is required` })),
  );
}

function errorBody(id: string): Schemas["CandidError"] {
  return { errorName: "EntityNotFoundError", content: { id } };
}

/** Cursor pagination: `page_token` is the offset of the next page, opaque to clients. */
function page<T>(all: T[], limit: number | string | null, token: string | null) {
  const size = Math.min(100, Math.max(1, Number(limit ?? 100)));
  const offset = token ? Number(safeAtob(token).replace(/^offset:/, "")) || 0 : 0;
  const next = offset + size < all.length ? btoa(`offset:${offset + size}`) : null;
  return { items: all.slice(offset, offset + size), page_token: next };
}

function safeAtob(text: string): string {
  try {
    return atob(text);
  } catch {
    return "";
  }
}
