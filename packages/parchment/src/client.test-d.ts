import { describe, expectTypeOf, it } from "vitest";
import type { components } from "./generated/openapi.js";
import {
  createParchmentClient,
  type ParchmentClientOptions,
  type ParchmentScope,
  type Prescription,
} from "./index.js";

declare const options: ParchmentClientOptions;
const client = createParchmentClient(options);
const organization_id = "org";
const user_id = "usr";

describe("createParchmentClient types", () => {
  it("infers response types", async () => {
    const { data } = await client.GET(
      "/v1/organizations/{organization_id}/users/{user_id}/patients/{patient_id}/prescriptions",
      { params: { path: { organization_id, user_id, patient_id: "pat" } } },
    );
    expectTypeOf(data?.data?.prescriptions).toEqualTypeOf<Prescription[] | undefined>();

    const created = await client.POST("/v1/organizations/{organization_id}/users/{user_id}/patients", {
      params: { path: { organization_id, user_id } },
      body: {
        given_name: "A",
        family_name: "B",
        date_of_birth: "2000-01-01",
        sex: "F",
        partner_patient_id: "P1",
      },
    });
    expectTypeOf(created.data?.data?.parchment_patient_id).toEqualTypeOf<string | undefined>();
    expectTypeOf(created.error?.error.title).toEqualTypeOf<string | undefined>();
  });

  it("rejects a wrong path", () => {
    // @ts-expect-error: no such path
    client.GET("/v1/organizations/{organization_id}/patients", { params: { path: { organization_id } } });
  });

  it("rejects a missing required parameter", () => {
    client.GET("/v1/organizations/{organization_id}/users/{user_id}", {
      // @ts-expect-error: user_id is required
      params: { path: { organization_id } },
    });
  });

  it("rejects a wrong body field", () => {
    client.PUT("/v1/organizations/{organization_id}/users/{user_id}/patients/{patient_id}", {
      params: { path: { organization_id, user_id, patient_id: "pat" } },
      // @ts-expect-error: family_name is a string
      body: { family_name: 42 },
    });
    client.POST("/v1/organizations/{organization_id}/users/{user_id}/patients", {
      params: { path: { organization_id, user_id } },
      body: {
        given_name: "A",
        family_name: "B",
        date_of_birth: "2000-01-01",
        // @ts-expect-error: sex is "M" | "F" | "N" | "I"
        sex: "X",
        partner_patient_id: "P",
      },
    });
    client.POST("/v1/organizations/{organization_id}/users/{user_id}/patients", {
      params: { path: { organization_id, user_id } },
      body: {
        given_name: "A",
        // @ts-expect-error: misspelt family_name (an unknown field; the required one is missing)
        familyName: "B",
        date_of_birth: "2000-01-01",
        sex: "F",
        partner_patient_id: "P",
      },
    });
  });

  it("never asks the caller for x-organization-secret", () => {
    client.GET("/v1/organizations/{organization_id}/validate", { params: { path: { organization_id } } });
  });

  it("types scope as the documented scope names", () => {
    expectTypeOf<ParchmentScope>().toEqualTypeOf<components["schemas"]["TokenRequest"]["scope"][number]>();
    // @ts-expect-error: not a documented scope
    createParchmentClient({ ...options, scope: ["remove:patient"] });
    // @ts-expect-error: scope is required
    createParchmentClient({ ...options, scope: undefined });
    // @ts-expect-error: sandbox or production only
    createParchmentClient({ ...options, environment: "dev" });
  });
});
