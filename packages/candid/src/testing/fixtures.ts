import type { components, paths } from "../generated/openapi.js";

type Schemas = components["schemas"];
/** The JSON body of `POST path`, as the description types it. */
type PostBody<Path extends keyof paths> = paths[Path] extends {
  post: { requestBody?: { content: { "application/json": infer Body } } };
}
  ? Body
  : never;

/**
 * Fake credentials the mock expects by default (not real Candid values).
 * `createCandidClient({ ...CANDID_MOCK_CREDENTIALS })` talks to the mock.
 */
export const CANDID_MOCK_CREDENTIALS = {
  /** Compared exactly with the token request's `client_id` (401 `UnauthorizedError` otherwise). */
  clientId: "cand_mock_client_7Hq2LxP9",
  /** Compared exactly with the token request's `client_secret` (401 `UnauthorizedError` otherwise). */
  clientSecret: "candid-mock-secret-do-not-use-in-production",
} as const;

/** Example payers the mock starts with (real payer names and CPIDs, made-up uuids). */
export function examplePayers(): Schemas["payers.v3.Payer"][] {
  return [
    { payer_uuid: "a1b2c3d4-0001-4000-8000-000000000001", payer_id: "60054", payer_name: "Aetna" },
    { payer_uuid: "a1b2c3d4-0002-4000-8000-000000000002", payer_id: "87726", payer_name: "UnitedHealthcare" },
    { payer_uuid: "a1b2c3d4-0003-4000-8000-000000000003", payer_id: "62308", payer_name: "Cigna" },
    {
      payer_uuid: "a1b2c3d4-0004-4000-8000-000000000004",
      payer_id: "00621",
      payer_name: "Blue Cross Blue Shield of Illinois",
    },
  ];
}

/** Example events the mock starts with, oldest first (the scan answers newest first). */
export function exampleEvents(): Schemas["events.v1.Event"][] {
  const event = (id: string, at: string, eventType: string, payload: unknown) => ({
    id,
    created_at: at,
    timestamp: at,
    event_type: eventType,
    schema_version: "1",
    payload,
  });
  return [
    event("e0000000-0001-4000-8000-000000000001", "2026-01-06T09:00:00.000Z", "claim.updated", {
      status: "coded",
    }),
    event("e0000000-0002-4000-8000-000000000002", "2026-01-20T16:30:00.000Z", "remit.received", {
      paid_cents: 9250,
    }),
  ];
}

/**
 * A complete, valid encounter to create (a telehealth follow-up visit): every field Candid requires,
 * the billing provider's ZIP+4, and a service line with its `units`.
 */
export function exampleEncounterCreate(externalId = "visit-2026-0001"): PostBody<"/api/encounters/v4"> {
  return {
    external_id: externalId,
    patient_authorized_release: true,
    benefits_assigned_to_provider: true,
    provider_accepts_assignment: true,
    billable_status: "BILLABLE",
    responsible_party: "INSURANCE_PAY",
    date_of_service: "2026-01-05",
    place_of_service_code: "02",
    patient: {
      external_id: "pt-000482",
      first_name: "Jordan",
      last_name: "Reyes",
      date_of_birth: "1988-07-19",
      gender: "female",
      address: { address1: "1200 N State St", city: "Chicago", state: "IL", zip_code: "60610" },
    },
    billing_provider: {
      organization_name: "Lakeshore Family Medicine",
      npi: "1942788757",
      tax_id: "364912345",
      address: {
        address1: "400 W Superior St",
        city: "Chicago",
        state: "IL",
        zip_code: "60654",
        zip_plus_four_code: "4417",
      },
    },
    rendering_provider: { npi: "1518026236", first_name: "Avery", last_name: "Chen" },
    diagnoses: [{ code: "E119", code_type: "ABK" }],
    service_lines: [
      {
        procedure_code: "99213",
        quantity: "1",
        units: "UN",
        charge_amount_cents: 15000,
        diagnosis_pointers: [0],
      },
    ],
  };
}

/** A valid pre-encounter patient to create (`POST /patients/v1` on the pre-encounter host). */
export function examplePatientCreate(): PostBody<"/patients/v1"> {
  const address = {
    use: "HOME" as const,
    line: ["1200 N State St"],
    city: "Chicago",
    state: "IL",
    postal_code: "60610",
    country: "US",
  };
  return {
    name: { family: "Reyes", given: ["Jordan"], use: "USUAL" },
    other_names: [],
    birth_date: "1988-07-19",
    biological_sex: "FEMALE",
    primary_address: address,
    other_addresses: [],
    other_telecoms: [],
    contacts: [],
    general_practitioners: [],
    filing_order: { coverages: [] },
  };
}

/** A valid coverage to create for a patient (`POST /coverages/v1` on the pre-encounter host). */
export function exampleCoverageCreate(patientId: string): PostBody<"/coverages/v1"> {
  return {
    status: "ACTIVE",
    subscriber: { name: { family: "Reyes", given: ["Jordan"], use: "USUAL" }, biological_sex: "FEMALE" },
    relationship: "SELF",
    patient: patientId,
    insurance_plan: { member_id: "W123456789", payer_id: "60054", payer_name: "Aetna" },
    verified: true,
  };
}

/** A valid charge capture to create (`POST /api/charge_captures/v1`): its data is a partial encounter. */
export function exampleChargeCaptureCreate(
  chargeExternalId = "charge-2026-0001",
): PostBody<"/api/charge_captures/v1"> {
  return {
    charge_external_id: chargeExternalId,
    patient_external_id: "pt-000482",
    status: "planned",
    // The description types `data` as an encounter with every field optional.
    data: {
      date_of_service: "2026-01-05",
      place_of_service_code: "02",
    } as PostBody<"/api/charge_captures/v1">["data"],
  };
}
