// @ts-check
import { SpecPipelineError } from "./errors.mjs";

/**
 * The per-resource half of a generic FHIR RESTful description, generated from HL7's data instead of
 * being written by hand (FHIR R4 "RESTful API", https://hl7.org/fhir/R4/http.html). Enabled by
 * `"restPaths": true` in source.json's fhir block; the description itself then keeps only what is not
 * per resource (capabilities, search by POST, history, `$everything`, Bulk Data `$export`), written
 * against the generated `ResourceType` schema.
 *
 * For every resource type it generates:
 * - `GET /{Type}` search (the resource's HL7 search parameters plus the description's shared ones),
 *   `POST /{Type}` create;
 * - `GET`/`PUT`/`PATCH`/`DELETE /{Type}/{id}` read, update, patch (JSON Patch), delete;
 * - `GET /{Type}/{id}/_history/{vid}` vread.
 * That is 7 operations per type, each typed with the resource itself.
 */

/** Where the R4 resource list and search parameters are, next to the JSON Schema in the same package. */
export const PROFILES_FILE = "profiles-resources.json";
export const SEARCH_PARAMETERS_FILE = "search-parameters.json";

/**
 * Parameters every search takes; the description defines them under components/parameters (their
 * meaning is the same for every type, so one definition is shared instead of 146 copies).
 */
export const SHARED_SEARCH_PARAMETERS = [
  "_id",
  "_lastUpdated",
  "_tag",
  "_profile",
  "_security",
  "_count",
  "_sort",
  "_include",
  "_revinclude",
  "_elements",
  "_summary",
];

/** Schemas and parameters the generated paths refer to, which the description must define. */
const REQUIRED = {
  parameters: ["id", "vid", ...SHARED_SEARCH_PARAMETERS],
  responses: ["Bundle", "OperationOutcome"],
  schemas: ["JsonPatch"],
};

/**
 * The resource types of a FHIR release: HL7's StructureDefinitions of kind `resource` that are not
 * abstract and belong to that release (the package also carries drafts of later releases and its own
 * server's resources, which are left out).
 *
 * @param {string} vendor
 * @param {Record<string, any>} profiles a Bundle of StructureDefinitions (profiles-resources.json)
 * @param {string} fhirVersion e.g. "4.0.1"
 * @returns {string[]} sorted type names
 * @throws {SpecPipelineError} DESCRIPTION_INVALID when the bundle holds none
 */
export function fhirResourceTypes(vendor, profiles, fhirVersion) {
  const types = (profiles.entry ?? [])
    .map((/** @type {any} */ entry) => entry.resource)
    .filter(
      (/** @type {any} */ r) =>
        r?.resourceType === "StructureDefinition" &&
        r.kind === "resource" &&
        r.abstract === false &&
        r.derivation === "specialization" &&
        r.fhirVersion === fhirVersion &&
        String(r.url).startsWith("http://hl7.org/fhir/StructureDefinition/"),
    )
    .map((/** @type {any} */ r) => String(r.type));
  if (types.length === 0) {
    throw new SpecPipelineError(
      vendor,
      "DESCRIPTION_INVALID",
      `${PROFILES_FILE} defines no FHIR ${fhirVersion} resource type`,
    );
  }
  return [...new Set(types)].sort();
}

/**
 * Search parameters by resource type, from HL7's SearchParameter Bundle: the ones whose `base` names
 * the type (those based on Resource/DomainResource are the shared ones). Every value is sent as a
 * string (FHIR's token, date, reference, … syntaxes are all strings on the wire).
 *
 * @param {Record<string, any>} bundle search-parameters.json
 * @returns {Map<string, { code: string, type: string, description: string }[]>} sorted by code
 */
export function searchParametersByType(bundle) {
  /** @type {Map<string, Map<string, { code: string, type: string, description: string }>>} */
  const byType = new Map();
  for (const entry of bundle.entry ?? []) {
    const parameter = entry.resource;
    if (parameter?.resourceType !== "SearchParameter" || typeof parameter.code !== "string") continue;
    if (parameter.code.startsWith("_")) continue;
    for (const base of parameter.base ?? []) {
      const forType = byType.get(base) ?? new Map();
      byType.set(base, forType);
      if (forType.has(parameter.code)) continue;
      forType.set(parameter.code, {
        code: parameter.code,
        type: String(parameter.type),
        description: describeFor(base, String(parameter.description ?? "")),
      });
    }
  }
  return new Map(
    [...byType].map(([type, codes]) => [
      type,
      [...codes.values()].sort((a, b) => a.code.localeCompare(b.code)),
    ]),
  );
}

/**
 * HL7 shares one SearchParameter between types with a "Multiple Resources:" list of per-type lines;
 * keeps the line of `type`, without markdown links (they are relative to HL7's site).
 *
 * @param {string} type
 * @param {string} text
 */
function describeFor(type, text) {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  const own = lines.find((line) => line.startsWith(`* [${type}](`));
  const chosen = own ? own.replace(/^\* \[[^\]]+\]\([^)]*\):\s*/, "") : text.trim();
  return chosen.replace(/\[([^\]]+)\]\([^)]*\)/g, "$1").replace(/\s+/g, " ");
}

/**
 * @param {string} ref component name under `section`
 * @param {"parameters" | "responses" | "schemas"} section
 */
const ref = (section, ref) => ({ $ref: `#/components/${section}/${ref}` });

/** @param {string} type */
const resourceContent = (type) => ({
  "application/fhir+json": { schema: ref("schemas", type) },
});

/**
 * The generated paths for `types`, in type order.
 *
 * @param {string[]} types resource type names
 * @param {Map<string, { code: string, type: string, description: string }[]>} searchParameters
 * @returns {Record<string, any>} OpenAPI path items by path
 */
export function fhirRestPaths(types, searchParameters) {
  const outcome = ref("responses", "OperationOutcome");
  /** @type {Record<string, any>} */
  const paths = {};
  for (const type of types) {
    const own = (searchParameters.get(type) ?? []).filter(
      (parameter) => !SHARED_SEARCH_PARAMETERS.includes(parameter.code),
    );
    paths[`/${type}`] = {
      get: {
        operationId: `search${type}`,
        tags: [type],
        summary: `Search ${type} (GET)`,
        parameters: [
          ...SHARED_SEARCH_PARAMETERS.map((name) => ref("parameters", name)),
          ...own.map((parameter) => ({
            name: parameter.code,
            in: "query",
            description: `${parameter.type}: ${parameter.description}`,
            schema: { type: "string" },
          })),
        ],
        responses: { 200: ref("responses", "Bundle"), default: outcome },
      },
      post: {
        operationId: `create${type}`,
        tags: [type],
        summary: `Create a ${type}`,
        requestBody: { required: true, content: resourceContent(type) },
        responses: {
          201: { description: "Created; Location names the new version.", content: resourceContent(type) },
          default: outcome,
        },
      },
    };
    paths[`/${type}/{id}`] = {
      parameters: [ref("parameters", "id")],
      get: {
        operationId: `read${type}`,
        tags: [type],
        summary: `Read a ${type}`,
        responses: {
          200: { description: "The current version.", content: resourceContent(type) },
          default: outcome,
        },
      },
      put: {
        operationId: `update${type}`,
        tags: [type],
        summary: `Update (or create at this id) a ${type}`,
        requestBody: { required: true, content: resourceContent(type) },
        responses: {
          200: { description: "Updated.", content: resourceContent(type) },
          201: { description: "Created at this id.", content: resourceContent(type) },
          default: outcome,
        },
      },
      patch: {
        operationId: `patch${type}`,
        tags: [type],
        summary: `Patch a ${type} (JSON Patch)`,
        requestBody: {
          required: true,
          content: { "application/json-patch+json": { schema: ref("schemas", "JsonPatch") } },
        },
        responses: { 200: { description: "Patched.", content: resourceContent(type) }, default: outcome },
      },
      delete: {
        operationId: `delete${type}`,
        tags: [type],
        summary: `Delete a ${type}`,
        responses: {
          200: {
            description: "Deleted; the body, if any, is an OperationOutcome.",
            content: resourceContent("OperationOutcome"),
          },
          204: { description: "Deleted." },
          default: outcome,
        },
      },
    };
    paths[`/${type}/{id}/_history/{vid}`] = {
      parameters: [ref("parameters", "id"), ref("parameters", "vid")],
      get: {
        operationId: `vread${type}`,
        tags: [type],
        summary: `Read one version of a ${type}`,
        responses: {
          200: { description: "That version.", content: resourceContent(type) },
          default: outcome,
        },
      },
    };
  }
  return paths;
}

/**
 * The pipeline hook: adds the generated paths and a `ResourceType` schema (an enum of the types, for
 * the description's shared `/{resourceType}/…` paths) to a description. A path or schema the
 * description writes by hand under a generated name is an error, and so is a missing component the
 * generated paths refer to.
 *
 * @param {string} vendor
 * @param {Record<string, any>} doc the description, component schemas already generated; not modified
 * @param {{ types: string[], searchParameters: Record<string, any> }} data resource types and search-parameters.json
 * @returns {{ doc: Record<string, any>, operations: number }} operations: how many were generated
 * @throws {SpecPipelineError} DESCRIPTION_INVALID
 */
export function applyFhirRestPaths(vendor, doc, { types, searchParameters }) {
  const components = doc.components ?? {};
  const missing = Object.entries(REQUIRED).flatMap(([section, names]) =>
    names.filter((name) => !components[section]?.[name]).map((name) => `components.${section}.${name}`),
  );
  if (missing.length > 0) {
    throw new SpecPipelineError(
      vendor,
      "DESCRIPTION_INVALID",
      `the generated FHIR REST paths need ${missing.join(", ")}, which the description does not define`,
    );
  }
  const generated = fhirRestPaths(types, searchParametersByType(searchParameters));
  const own = doc.paths ?? {};
  const clash = Object.keys(own).filter((path) => path in generated);
  if (clash.length > 0) {
    throw new SpecPipelineError(
      vendor,
      "DESCRIPTION_INVALID",
      `paths ${clash.slice(0, 5).join(", ")}${clash.length > 5 ? ", …" : ""} are written by hand but are generated for every resource type; remove them`,
    );
  }
  if (components.schemas?.ResourceType) {
    throw new SpecPipelineError(
      vendor,
      "DESCRIPTION_INVALID",
      "schema ResourceType is written by hand but is generated from the resource types; remove it",
    );
  }
  const operations = Object.values(generated).reduce(
    (count, item) => count + Object.keys(item).filter((key) => key !== "parameters").length,
    0,
  );
  return {
    doc: {
      ...doc,
      paths: { ...generated, ...own },
      components: {
        ...components,
        schemas: {
          ...components.schemas,
          ResourceType: { type: "string", description: "A FHIR resource type name.", enum: types },
        },
      },
    },
    operations,
  };
}
