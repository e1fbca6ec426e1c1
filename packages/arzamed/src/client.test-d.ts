import { describe, expectTypeOf, it } from "vitest";
import { type ArzamedClientOptions, createArzamedClient, type Doctor } from "./index.js";

declare const options: ArzamedClientOptions;
const client = createArzamedClient(options);

// Arzamed documents one operation (GET /equipe/doctors, no parameters, no body), so "a missing
// required parameter" is shown on the factory's options and "a wrong body field" as a body or query
// the operation does not take.
describe("createArzamedClient types", () => {
  it("infers the doctors array", async () => {
    const { data, error } = await client.GET("/equipe/doctors");
    expectTypeOf(data).toEqualTypeOf<Doctor[] | undefined>();
    expectTypeOf<Doctor>().toEqualTypeOf<{ name: string; profileImage: string | null }>();
    // Errors are status-only (no documented body): check `response.ok` / `response.status`.
    expectTypeOf(error).toEqualTypeOf<undefined>();
  });

  it("rejects a wrong path", () => {
    // @ts-expect-error: appointment slots are not documented
    client.GET("/equipe/appointment-slots");
    // @ts-expect-error: the base URL already ends in /api/v1
    client.GET("/api/v1/equipe/doctors");
  });

  it("rejects a wrong method, a query and a body the operation does not take", () => {
    // @ts-expect-error: read-only
    client.POST("/equipe/doctors", { body: { name: "x" } });
    // @ts-expect-error: no query parameters
    client.GET("/equipe/doctors", { params: { query: { page: 2 } } });
  });

  it("requires the per-clinic tokenUrl and the key", () => {
    // @ts-expect-error: tokenUrl is required
    createArzamedClient({ clientId: "id", clientSecret: "s" });
    // @ts-expect-error: clientSecret is required
    createArzamedClient({ clientId: "id", tokenUrl: "https://auth.example/token" });
    // @ts-expect-error: production or uat only
    createArzamedClient({ ...options, environment: "sandbox" });
    createArzamedClient({ ...options, scope: "https://api.nextgen.arzamed.com/read" });
    createArzamedClient({ ...options, scope: ["https://api.nextgen.arzamed.com/read"] });
  });
});
