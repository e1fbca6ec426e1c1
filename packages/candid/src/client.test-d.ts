import { describe, expectTypeOf, test } from "vitest";
import {
  type CandidClient,
  type CandidError,
  createCandidClient,
  type EligibilityCheckMetadata,
  type Encounter,
  type EncounterPage,
  type Payer,
} from "./index.js";

const candid: CandidClient = createCandidClient({ clientId: "id", clientSecret: "secret" });

describe("response types are inferred", () => {
  test("data and error of core operations", async () => {
    const one = await candid.GET("/encounters/v4/{encounter_id}", {
      params: { path: { encounter_id: "x" } },
    });
    expectTypeOf(one.data).toEqualTypeOf<Encounter | undefined>();
    expectTypeOf(one.error).toEqualTypeOf<CandidError | undefined>();
    const list = await candid.GET("/encounters/v4", { params: { query: { limit: 10 } } });
    expectTypeOf(list.data).toEqualTypeOf<EncounterPage | undefined>();
    const payer = await candid.GET("/payers/v3/{payer_uuid}", { params: { path: { payer_uuid: "x" } } });
    expectTypeOf(payer.data).toEqualTypeOf<Payer | undefined>();
  });

  test("the pre-encounter operation", async () => {
    const check = await candid.POST("/pre-encounter/coverages/v1/{coverage_id}/eligibility", {
      params: { path: { coverage_id: "x" } },
      body: { service_code: "30", date_of_service: "2026-01-15", npi: "1942788757" },
    });
    expectTypeOf(check.data).toEqualTypeOf<EligibilityCheckMetadata | undefined>();
  });
});

describe("mistakes fail to compile", () => {
  test("a wrong path", () => {
    // @ts-expect-error paths are written without /api (the base URL ends in /api)
    candid.GET("/api/encounters/v4");
    // @ts-expect-error there is no v3 of encounters
    candid.GET("/encounters/v3");
  });

  test("a missing required parameter", () => {
    // @ts-expect-error the path parameter encounter_id is required
    candid.GET("/encounters/v4/{encounter_id}", {});
    // @ts-expect-error the body is required
    candid.POST("/pre-encounter/coverages/v1/{coverage_id}/eligibility", {
      params: { path: { coverage_id: "x" } },
    });
  });

  test("a wrong body field", () => {
    candid.POST("/pre-encounter/coverages/v1/{coverage_id}/eligibility", {
      params: { path: { coverage_id: "x" } },
      // @ts-expect-error Candid's wire names are snake_case: serviceCode is not service_code
      body: { serviceCode: "30", date_of_service: "2026-01-15", npi: "1942788757" },
    });
    candid.POST("/charge_captures/v1", {
      // @ts-expect-error billable_status is "BILLABLE" | "NOT_BILLABLE"
      body: { external_id: "x", data: { billable_status: "MAYBE" } },
    });
  });

  test("options", () => {
    // @ts-expect-error environment is production, staging or sandbox
    createCandidClient({ clientId: "id", clientSecret: "secret", environment: "prod" });
    // @ts-expect-error clientSecret is required
    createCandidClient({ clientId: "id" });
  });
});
