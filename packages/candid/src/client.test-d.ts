import type { PaginatedPath } from "@caduceus/auth-core";
import type { Client } from "openapi-fetch";
import { describe, expectTypeOf, test } from "vitest";
import {
  type CANDID_PAGINATION,
  type CandidClient,
  type CandidErrorName,
  type CandidErrorOf,
  type components,
  createCandidClient,
  type Encounter,
  type EncounterPage,
  type Event,
  type Payer,
  type PreEncounterPatient,
  paginate,
  type paths,
  type RequestValidationError,
} from "./index.js";

const candid: CandidClient = createCandidClient({ clientId: "id", clientSecret: "secret" });

describe("response types are inferred", () => {
  test("core operations", async () => {
    const one = await candid.GET("/api/encounters/v4/{encounter_id}", {
      params: { path: { encounter_id: "x" } },
    });
    expectTypeOf(one.data).branded.toEqualTypeOf<Encounter | undefined>();
    const list = await candid.GET("/api/encounters/v4", { params: { query: { limit: 10 } } });
    expectTypeOf(list.data).branded.toEqualTypeOf<EncounterPage | undefined>();
    expectTypeOf<EncounterPage["next_page_token"]>().toEqualTypeOf<string | null | undefined>();
    const payer = await candid.GET("/api/payers/v3/{payer_uuid}", { params: { path: { payer_uuid: "x" } } });
    expectTypeOf(payer.data).branded.toEqualTypeOf<Payer | undefined>();
  });

  test("pre-encounter operations", async () => {
    const patient = await candid.GET("/patients/v1/{id}", { params: { path: { id: "x" } } });
    expectTypeOf(patient.data).branded.toEqualTypeOf<PreEncounterPatient | undefined>();
  });
});

describe("untyped properties", () => {
  test("a property typed unknown may be absent, as Candid's SDK reads it (`payload?: unknown`)", () => {
    expectTypeOf<Omit<Event, "payload">>().toExtend<Event>();
  });
});

describe("query parameters", () => {
  test("a repeated parameter takes one value or a list, as Candid's SDK takes T | T[]", () => {
    type Query = NonNullable<paths["/api/fee-schedules/v3/payer-threshold"]["get"]["parameters"]["query"]>;
    expectTypeOf<string>().toExtend<Query["payer_uuids"]>();
    expectTypeOf<string[]>().toExtend<Query["payer_uuids"]>();
    expectTypeOf<number>().not.toExtend<Query["payer_uuids"]>();
  });
});

describe("errors are a union discriminated by errorName, per operation", () => {
  test("checking errorName narrows content", async () => {
    const { error } = await candid.POST("/api/encounters/v4", { body: {} as never });
    if (error?.errorName === "EncounterExternalIdUniquenessError") {
      expectTypeOf(error.content.external_id).toEqualTypeOf<string | null | undefined>();
    }
    if (error?.errorName === "HttpRequestValidationsError") {
      expectTypeOf(error.content).branded.toEqualTypeOf<RequestValidationError[]>();
    }
    expectTypeOf(error).toEqualTypeOf<CandidErrorOf<"/api/encounters/v4", "post"> | undefined>();
  });

  test("only the operation's own errors", () => {
    type Names = CandidErrorName<"/api/encounters/v4", "post">;
    expectTypeOf<"EncounterExternalIdUniquenessError">().toExtend<Names>();
    expectTypeOf<"HttpRequestValidationsError">().toExtend<Names>();
    // The pre-encounter host answers its own errors, not the core host's.
    type PatientErrors = CandidErrorName<"/patients/v1/{id}", "get">;
    expectTypeOf<"EncounterExternalIdUniquenessError">().not.toExtend<PatientErrors>();
  });
});

describe("pagination", () => {
  test("every listing that takes a page_token is accepted by paginate", () => {
    type Listing = {
      [Path in keyof paths]: paths[Path] extends { get: { parameters: { query?: infer Query } } }
        ? [NonNullable<Query>] extends [never]
          ? never
          : "page_token" extends keyof NonNullable<Query>
            ? Path
            : never
        : never;
    }[keyof paths];
    expectTypeOf<Exclude<Listing, PaginatedPath<paths, typeof CANDID_PAGINATION>>>().toEqualTypeOf<never>();
    expectTypeOf<Listing>().not.toEqualTypeOf<never>();
  });

  test("a listing whose items are not called items", async () => {
    const rates = paginate(candid, "/api/fee-schedules/v3", { params: { query: {} } });
    for await (const rate of rates)
      expectTypeOf(rate).branded.toEqualTypeOf<components["schemas"]["feeSchedules.v3.Rate"]>();
  });

  test("items, pages and page errors are typed", async () => {
    const listing = paginate(candid, "/api/events/v1/", { params: { query: { event_types: ["a", "b"] } } });
    for await (const event of listing) expectTypeOf(event).branded.toEqualTypeOf<Event>();
    for await (const page of listing.pages()) expectTypeOf(page.items).branded.toEqualTypeOf<Event[]>();
    const caught: unknown = undefined;
    if (listing.isError(caught)) {
      expectTypeOf(caught.error).toEqualTypeOf<CandidErrorOf<"/api/events/v1/", "get">>();
    }
    // @ts-expect-error a single record, not a listing
    paginate(candid, "/api/encounters/v4/{encounter_id}", { params: { path: { encounter_id: "x" } } });
  });
});

describe("mistakes fail to compile", () => {
  test("the old summary's paths", () => {
    // @ts-expect-error core paths start with /api since the client's base URL is the host
    candid.GET("/encounters/v4");
    // @ts-expect-error insurance adjudications are /api/insurance-adjudications/v1/{id}
    candid.GET("/insurance_adjudications/v1/{id}", { params: { path: { id: "x" } } });
    // @ts-expect-error the events scan has a trailing slash
    candid.GET("/api/events/v1");
  });

  test("a wrong path is reported on the path, not as a missing init", () => {
    candid.GET(
      // @ts-expect-error payers are /api/payers/v3/{payer_uuid}
      "/api/payer/v3/{payer_uuid}",
    );
  });

  test("a missing required parameter", () => {
    // @ts-expect-error the path parameter encounter_id is required
    candid.GET("/api/encounters/v4/{encounter_id}", {});
  });

  test("a wrong body field", () => {
    candid.POST("/api/charge_captures/v1", {
      // @ts-expect-error charge captures take charge_external_id, not external_id
      body: { external_id: "x", data: {} },
    });
  });

  test("the client is openapi-fetch's Client<paths>, for helpers typed with it", () => {
    expectTypeOf(candid).toMatchTypeOf<Client<paths>>();
    async function payerName(client: Client<paths>, payer_uuid: string) {
      const { data } = await client.GET("/api/payers/v4/{payer_uuid}", { params: { path: { payer_uuid } } });
      return data?.payer_name;
    }
    expectTypeOf(payerName(candid, "p")).resolves.toEqualTypeOf<string | undefined>();
  });

  test("options", () => {
    // @ts-expect-error environment is one of Candid's SDK environments
    createCandidClient({ clientId: "id", clientSecret: "secret", environment: "prod" });
    // @ts-expect-error clientSecret is required
    createCandidClient({ clientId: "id" });
    createCandidClient({ clientId: "id", clientSecret: "s", environment: "candidStaging" });
    createCandidClient({ clientId: "id", clientSecret: "s", preEncounterBaseUrl: "http://127.0.0.1:4000" });
  });
});
