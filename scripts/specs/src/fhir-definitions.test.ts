import { beforeAll, describe, expect, it } from "vitest";
import {
  applyFhirDefinitions,
  type FhirDefinitionsConfig,
  fhirComponentSchemas,
  loadFhirSchema,
} from "./fhir-definitions.mjs";
import { fhirConfigOf, refs } from "./test-support.ts";

let fhir: FhirDefinitionsConfig;
let schema: Record<string, any>;
let components: Record<string, any>;
beforeAll(async () => {
  fhir = await fhirConfigOf("carecentric");
  schema = (await loadFhirSchema("carecentric", fhir)).schema;
  components = fhirComponentSchemas(
    "carecentric",
    schema,
    fhir as { resources: string[]; resourceUnion: string },
  );
});

describe("FHIR definitions to OpenAPI components", () => {
  it("keeps every element of each documented resource, choice elements in all their typed names", () => {
    for (const type of fhir.resources) {
      expect(Object.keys(components[type].properties)).toEqual(
        Object.keys(schema.definitions[type].properties),
      );
    }
    const observation = Object.keys(components.Observation.properties);
    for (const name of [
      "valueQuantity",
      "valueString",
      "valuePeriod",
      "effectiveDateTime",
      "effectivePeriod",
    ]) {
      expect(observation).toContain(name);
    }
    expect(Object.keys(components.Condition.properties)).toEqual(
      expect.arrayContaining(["onsetDateTime", "onsetAge", "onsetString", "_onsetDateTime", "evidence"]),
    );
    expect(components.Observation.required).toEqual(["code", "resourceType"]);
  });

  it("rewrites every $ref to a component that exists, and types Resource as the documented union", () => {
    const targets = refs(components);
    expect(targets.every((ref) => ref.startsWith("#/components/schemas/"))).toBe(true);
    for (const ref of targets) expect(components).toHaveProperty([ref.split("/").at(-1)!]);
    expect(components.Observation.properties.contained.items.$ref).toBe("#/components/schemas/AnyResource");
    expect(components.Bundle_Entry.properties.resource.$ref).toBe("#/components/schemas/AnyResource");
    expect(components.AnyResource.oneOf).toHaveLength(fhir.resources.length + 1);
  });

  it("prunes what the documented resources do not reach, and drops non-HL7 elements", () => {
    for (const unreachable of ["Practitioner", "Questionnaire", "ResourceList", "Project", "Bot"]) {
      expect(components).not.toHaveProperty([unreachable]);
    }
    expect(Object.keys(components).length).toBeLessThan(150);
    expect(Object.keys(components.Meta.properties)).not.toContain("project");
    expect(Object.keys(components.Reference.properties)).not.toContain("resource");
  });

  it("refuses an unknown resource, a version that is not the installed one, and hand-written duplicates", async () => {
    expect(() => fhirComponentSchemas("carecentric", schema, { ...fhir, resources: ["Patiant"] })).toThrow(
      /Patiant/,
    );
    await expect(loadFhirSchema("carecentric", { ...fhir, version: "0.0.1" })).rejects.toMatchObject({
      code: "PIN_MISMATCH",
    });
    const doc = { components: { schemas: { Patient: { type: "object" } } } };
    await expect(applyFhirDefinitions("carecentric", fhir, doc)).rejects.toMatchObject({
      code: "DESCRIPTION_INVALID",
    });
  });
});
