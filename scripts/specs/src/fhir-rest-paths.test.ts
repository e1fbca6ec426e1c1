import { beforeAll, describe, expect, it } from "vitest";
import { checkDrift } from "./drift.mjs";
import { type FhirDefinitionsConfig, readPackageJson } from "./fhir-definitions.mjs";
import {
  applyFhirRestPaths,
  fhirResourceTypes,
  fhirRestPaths,
  PROFILES_FILE,
  SEARCH_PARAMETERS_FILE,
  SHARED_SEARCH_PARAMETERS,
  searchParametersByType,
} from "./fhir-rest-paths.mjs";
import { buildVendor } from "./pipeline.mjs";
import { fhirConfigOf } from "./test-support.ts";

let fhir: FhirDefinitionsConfig;
let profiles: Record<string, any>;
let searchParameters: Record<string, any>;
let types: string[];
beforeAll(async () => {
  fhir = await fhirConfigOf("smart-fhir");
  profiles = (await readPackageJson("smart-fhir", fhir, `dist/fhir/r4/${PROFILES_FILE}`)).json;
  searchParameters = (await readPackageJson("smart-fhir", fhir, `dist/fhir/r4/${SEARCH_PARAMETERS_FILE}`))
    .json;
  types = fhirResourceTypes("smart-fhir", profiles, "4.0.1");
});

/** The components the generated paths refer to, as the description defines them. */
const components = {
  parameters: Object.fromEntries(["id", "vid", ...SHARED_SEARCH_PARAMETERS].map((name) => [name, {}])),
  responses: { Bundle: {}, OperationOutcome: {} },
  schemas: { JsonPatch: {} },
};

describe("FHIR REST paths generated per resource type", () => {
  it("finds the 146 resource types of FHIR R4 4.0.1, not the package's later drafts or its own server's", () => {
    expect(types).toHaveLength(146);
    expect(types).toEqual(expect.arrayContaining(["Patient", "Observation", "Bundle", "VisionPrescription"]));
    for (const other of [
      "SubscriptionStatus",
      "Project",
      "Bot",
      "ExampleScenario_Instance",
      "DomainResource",
    ]) {
      expect(types).not.toContain(other);
    }
    expect(() => fhirResourceTypes("smart-fhir", profiles, "9.9.9")).toThrow(/no FHIR 9\.9\.9 resource type/);
  });

  it("generates search, create, read, update, patch, delete and vread for every type, typed with the resource", () => {
    const paths = fhirRestPaths(["Patient", "Observation"], searchParametersByType(searchParameters));
    expect(Object.keys(paths)).toEqual([
      "/Patient",
      "/Patient/{id}",
      "/Patient/{id}/_history/{vid}",
      "/Observation",
      "/Observation/{id}",
      "/Observation/{id}/_history/{vid}",
    ]);
    expect(paths["/Patient"].get.operationId).toBe("searchPatient");
    expect(paths["/Patient"].post.requestBody.content["application/fhir+json"].schema.$ref).toBe(
      "#/components/schemas/Patient",
    );
    expect(Object.keys(paths["/Observation/{id}"])).toEqual(["parameters", "get", "put", "patch", "delete"]);
    expect(
      paths["/Observation/{id}/_history/{vid}"].get.responses[200].content["application/fhir+json"],
    ).toEqual({
      schema: { $ref: "#/components/schemas/Observation" },
    });
  });

  it("gives each search the type's HL7 search parameters, with that type's line of a shared description", () => {
    const paths = fhirRestPaths(["Patient", "Observation"], searchParametersByType(searchParameters));
    const names = (path: string) =>
      paths[path].get.parameters.map(
        (parameter: { name?: string; $ref?: string }) => parameter.name ?? parameter.$ref?.split("/").at(-1),
      );
    expect(names("/Patient")).toEqual(
      expect.arrayContaining(["_id", "family", "birthdate", "general-practitioner"]),
    );
    expect(names("/Observation")).toEqual(
      expect.arrayContaining(["_count", "code", "patient", "value-quantity"]),
    );
    expect(names("/Patient")).not.toContain("value-quantity");
    expect(new Set(names("/Observation")).size).toBe(names("/Observation").length);
    const code = paths["/Observation"].get.parameters.find(
      (parameter: { name?: string }) => parameter.name === "code",
    );
    expect(code).toMatchObject({ in: "query", schema: { type: "string" } });
    expect(code.description).toMatch(/^token: /);
    expect(code.description).not.toMatch(/Multiple Resources|\]\(/);
  });

  it("adds the ResourceType enum, and refuses hand-written duplicates and missing shared components", () => {
    const doc = { paths: { "/metadata": { get: {} } }, components };
    const { doc: out, operations } = applyFhirRestPaths("smart-fhir", doc, { types, searchParameters });
    expect(operations).toBe(types.length * 7);
    expect(out.paths["/metadata"]).toEqual({ get: {} });
    expect(out.components.schemas.ResourceType.enum).toEqual(types);
    expect(doc.paths).toEqual({ "/metadata": { get: {} } });

    const written = { paths: { "/Patient/{id}": {} }, components };
    expect(() => applyFhirRestPaths("smart-fhir", written, { types, searchParameters })).toThrow(
      /\/Patient\/\{id\} are written by hand/,
    );
    const bare = { paths: {}, components: { ...components, schemas: {} } };
    expect(() => applyFhirRestPaths("smart-fhir", bare, { types, searchParameters })).toThrow(
      /components\.schemas\.JsonPatch/,
    );
  });

  it("builds smart-fhir with every R4 type: 1,031 operations, the shared paths on the ResourceType enum", async () => {
    const built = await buildVendor("smart-fhir");
    expect(built.operations).toBe(1031);
    expect(built.doc.components.schemas.AnyResource.oneOf).toHaveLength(146);
    expect(built.doc.paths["/{resourceType}/_search"].post.operationId).toBe("searchByPost");
    expect(built.header).toMatch(
      /REST paths of 146 resource types generated from dist\/fhir\/r4\/profiles-resources\.json/,
    );
    expect(built.types).toContain('"/VisionPrescription/{id}/_history/{vid}": {');
    const drift = await checkDrift("smart-fhir");
    expect(drift.summary).toMatch(/^smart-fhir: own description .*, valid, 1031 operations$/);
  }, 120_000);
});
