import type { components } from "../generated/openapi.js";

type Schemas = components["schemas"];

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

/** A coverage stored in the pre-encounter service, for the eligibility check. */
export const EXAMPLE_COVERAGE_ID = "5b0d1c2e-3f4a-4b5c-8d6e-7f8091a2b3c4";

/** Example payers (real payer names and CPIDs, made-up uuids). */
export function examplePayers(): Schemas["Payer"][] {
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

const address: Schemas["Address"] = {
  address1: "1200 N State St",
  city: "Chicago",
  state: "IL",
  zip_code: "60610",
};

/** A complete, valid encounter to create (a telehealth follow-up visit). */
export function exampleEncounterCreate(externalId = "visit-2026-0001"): Schemas["EncounterCreate"] {
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
      address,
    },
    billing_provider: {
      organization_name: "Lakeshore Family Medicine",
      npi: "1942788757",
      tax_id: "364912345",
      address,
    },
    rendering_provider: { first_name: "Priya", last_name: "Natarajan", npi: "1518293746" },
    diagnoses: [
      { code_type: "ABK", code: "E119" },
      { code_type: "ABF", code: "I10" },
    ],
    service_lines: [
      { procedure_code: "99214", quantity: "1", charge_amount_cents: 18500, diagnosis_pointers: [0, 1] },
    ],
  };
}

/** The insurance adjudication (835 ERA) the mock knows. */
export function exampleAdjudication(): Schemas["InsuranceAdjudication"] {
  return {
    insurance_adjudication_id: "e7f8a9b0-1c2d-4e3f-8a4b-5c6d7e8f9a0b",
    payer: examplePayers()[0]!,
    claims: [
      {
        claim_id: "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f",
        paid_amount_cents: 12840,
        adjustments: [
          { group_code: "CO", reason_code: "45", amount_cents: 4160 },
          { group_code: "PR", reason_code: "3", amount_cents: 1500 },
        ],
      },
    ],
    check_number: "EFT0098123",
    paid_date: "2026-02-03",
  };
}

/** Events already in the mock's feed. */
export function exampleEvents(): Schemas["Event"][] {
  return [
    {
      event_id: "0e1f2a3b-4c5d-4e6f-8a7b-8c9d0e1f2a3b",
      event_type: "claim.updated",
      resource_id: "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f",
      created_at: "2026-01-20T16:04:11Z",
      data: { status: "submitted_to_payer" },
    },
    {
      event_id: "1f2a3b4c-5d6e-4f7a-8b8c-9d0e1f2a3b4c",
      event_type: "remit.received",
      resource_id: "e7f8a9b0-1c2d-4e3f-8a4b-5c6d7e8f9a0b",
      created_at: "2026-02-03T09:30:00Z",
      data: { paid_amount_cents: 12840 },
    },
  ];
}

/** What a real-time eligibility check (270/271) answers for an active plan. */
export function exampleEligibility(): Schemas["EligibilityCheckResponse"] {
  return {
    active_coverage: true,
    benefits: [
      { name: "Office visit copay", coverage_level: "individual", amount_cents: 2500 },
      { name: "Deductible remaining", coverage_level: "individual", amount_cents: 85000 },
      { name: "Out-of-pocket remaining", coverage_level: "family", amount_cents: 412000 },
    ],
    raw_271: {
      transactionSetIdentifierCode: "271",
      planStatus: [{ statusCode: "1", status: "Active Coverage" }],
    },
  };
}
