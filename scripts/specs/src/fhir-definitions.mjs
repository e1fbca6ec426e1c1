// @ts-check
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { dirname, posix, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SpecPipelineError } from "./errors.mjs";
import {
  applyFhirRestPaths,
  fhirResourceTypes,
  PROFILES_FILE,
  SEARCH_PARAMETERS_FILE,
} from "./fhir-rest-paths.mjs";

/**
 * specs/<vendor>/source.json `fhir` block: the component schemas of an own FHIR description come from
 * HL7's FHIR JSON Schema, shipped in a pinned npm package, instead of being written by hand.
 *
 * @typedef {object} FhirDefinitionsConfig
 * @property {string} package npm package that ships the schema, a dependency of scripts/specs
 * @property {string} version the exact version pinned in package.json (the lockfile keeps its integrity)
 * @property {string} license the licence of the package, recorded in the generated header
 * @property {string} file the JSON Schema inside the package (draft-06, `definitions`)
 * @property {string} fhirVersion the FHIR release the schema describes, e.g. "4.0.1"
 * @property {string[] | "all"} resources the resource types the description documents (roots of the
 * pruning), or `"all"`: every resource type of `fhirVersion` (fhir-rest-paths.mjs `fhirResourceTypes`)
 * @property {string} resourceUnion name of the generated schema that stands for "any documented resource"
 * @property {boolean} [restPaths] generate the RESTful paths of every documented type (fhir-rest-paths.mjs)
 */

/**
 * Elements the package adds to HL7's definitions for its own server (Medplum's `Meta.project`,
 * `Reference.resource`, …). They are not FHIR R4, so they are removed; each must exist, so a package
 * upgrade that renames them fails the build instead of leaking them into the types.
 */
const NON_HL7_ELEMENTS = {
  Meta: ["project", "author", "account", "compartment"],
  Reference: ["resource"],
};

/** The schema's own name for "any resource": every `contained` and `Bundle.entry.resource` points here. */
const RESOURCE_LIST = "ResourceList";
/** Always generated: a searchset Bundle and an error answer are part of every FHIR API. */
const ALWAYS = ["Bundle", "OperationOutcome"];

const pipelineDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Reads a file of the pinned package, checking that the installed version is the pinned one.
 *
 * @param {string} vendor
 * @param {FhirDefinitionsConfig} fhir
 * @param {string} file path inside the package
 * @returns {Promise<{ json: Record<string, any>, sha256: string }>}
 * @throws {SpecPipelineError} SOURCE_MISSING or PIN_MISMATCH
 */
export async function readPackageJson(vendor, fhir, file) {
  const packageDir = resolve(pipelineDir, "node_modules", fhir.package);
  let manifest;
  let bytes;
  try {
    manifest = JSON.parse(await readFile(resolve(packageDir, "package.json"), "utf8"));
    bytes = await readFile(resolve(packageDir, file));
  } catch (cause) {
    throw new SpecPipelineError(
      vendor,
      "SOURCE_MISSING",
      `cannot read ${fhir.package}/${file}; is ${fhir.package}@${fhir.version} installed in scripts/specs?`,
      { cause },
    );
  }
  if (manifest.version !== fhir.version) {
    throw new SpecPipelineError(
      vendor,
      "PIN_MISMATCH",
      `source.json pins ${fhir.package}@${fhir.version} but ${manifest.version} is installed`,
    );
  }
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  return { json: JSON.parse(bytes.toString("utf8")), sha256 };
}

/**
 * Reads the pinned package's JSON Schema.
 *
 * @param {string} vendor
 * @param {FhirDefinitionsConfig} fhir
 * @returns {Promise<{ schema: Record<string, any>, sha256: string }>}
 * @throws {SpecPipelineError} SOURCE_MISSING or PIN_MISMATCH
 */
export async function loadFhirSchema(vendor, fhir) {
  const { json, sha256 } = await readPackageJson(vendor, fhir, fhir.file);
  return { schema: json, sha256 };
}

/**
 * Converts the JSON Schema's `definitions` reachable from `resources` (plus Bundle and OperationOutcome)
 * into OpenAPI 3.1 component schemas: `$ref`s rewritten to `#/components/schemas/…`, every element kept
 * (choice elements in all their typed names, primitive `_element` siblings optional as HL7 has them),
 * non-HL7 additions removed. `ResourceList` (every resource type: the fan-out that makes types slow)
 * becomes `resourceUnion`, a `oneOf` of the documented resources and OperationOutcome, so `contained`
 * and `Bundle.entry.resource` are typed as what this API returns.
 *
 * @param {string} vendor
 * @param {Record<string, any>} schema HL7's FHIR JSON Schema (draft-06)
 * @param {{ resources: string[], resourceUnion: string }} fhir
 * @returns {Record<string, any>} component schemas by name
 * @throws {SpecPipelineError} CONFIG_INVALID for a resource the schema does not define
 */
export function fhirComponentSchemas(vendor, schema, { resources, resourceUnion }) {
  const definitions = schema.definitions ?? {};
  const unknown = resources.filter((name) => !definitions[name]?.properties?.resourceType);
  if (unknown.length > 0) {
    throw new SpecPipelineError(
      vendor,
      "CONFIG_INVALID",
      `source.json fhir.resources names ${unknown.join(", ")}, not resource types of the FHIR schema`,
    );
  }
  /** @type {Record<string, any>} */
  const out = {};
  const queue = [...resources, ...ALWAYS];
  /**
   * @param {any} node
   * @returns {any}
   */
  const convert = (node) => {
    if (Array.isArray(node)) return node.map(convert);
    if (node === null || typeof node !== "object") return node;
    /** @type {Record<string, any>} */
    const copy = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") {
        const name = value.replace(/^#\/definitions\//, "");
        const target = name === RESOURCE_LIST ? resourceUnion : name;
        if (name !== RESOURCE_LIST) queue.push(name);
        copy.$ref = `#/components/schemas/${target}`;
      } else if (key === "description" && typeof value === "string") {
        copy[key] = absoluteLinks(value);
      } else {
        copy[key] = convert(value);
      }
    }
    return copy;
  };
  while (queue.length > 0) {
    const name = /** @type {string} */ (queue.shift());
    if (out[name]) continue;
    const definition = definitions[name];
    if (!definition) {
      throw new SpecPipelineError(vendor, "DESCRIPTION_INVALID", `the FHIR schema has no definition ${name}`);
    }
    out[name] = convert(withoutNonHl7Elements(vendor, name, definition));
  }
  const members = [...new Set([...resources, "OperationOutcome"])].map((name) => ({
    $ref: `#/components/schemas/${name}`,
  }));
  out[resourceUnion] = {
    description:
      "One of the resources this API documents (or an OperationOutcome); narrow it with `resourceType`. Stands for FHIR's `Resource` in `contained` and `Bundle.entry.resource`.",
    oneOf: members,
  };
  return sortKeys(out);
}

/**
 * @param {string} vendor
 * @param {string} name
 * @param {Record<string, any>} definition
 */
function withoutNonHl7Elements(vendor, name, definition) {
  const extra = /** @type {Record<string, string[]>} */ (NON_HL7_ELEMENTS)[name];
  if (!extra) return definition;
  const properties = { ...definition.properties };
  for (const element of extra) {
    if (!(element in properties)) {
      throw new SpecPipelineError(
        vendor,
        "DESCRIPTION_INVALID",
        `the FHIR schema's ${name} no longer has the non-HL7 element ${element}; update NON_HL7_ELEMENTS`,
      );
    }
    delete properties[element];
    delete properties[`_${element}`];
  }
  return { ...definition, properties };
}

/** Where HL7's relative links (`[Managing Resource Contention](http.html#concurrency)`) point. */
const FHIR_R4_SPEC = "https://hl7.org/fhir/R4/";

/**
 * HL7's descriptions link to pages of the specification by relative path; in generated doc comments
 * those would point nowhere, so they are made absolute.
 *
 * @param {string} text
 */
function absoluteLinks(text) {
  return text.replace(/\]\((?![a-z][a-z0-9+.-]*:|#)([^)\s]+)\)/gi, (_, path) => `](${FHIR_R4_SPEC}${path})`);
}

/** @param {Record<string, any>} record */
function sortKeys(record) {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * The pipeline hook: puts the generated component schemas into an own description, and with
 * `restPaths` the generated per-resource paths (fhir-rest-paths.mjs). A schema the description writes
 * by hand under a generated name is an error (the hand-written copies went away).
 *
 * @param {string} vendor
 * @param {FhirDefinitionsConfig} fhir
 * @param {Record<string, any>} doc the parsed description; not modified
 * @returns {Promise<{ doc: Record<string, any>, provenance: string, schemas: number, resources: string[], restOperations: number }>}
 */
export async function applyFhirDefinitions(vendor, fhir, doc) {
  const { schema, sha256 } = await loadFhirSchema(vendor, fhir);
  const dataDir = posix.dirname(fhir.file);
  const profiles =
    fhir.resources === "all" || fhir.restPaths
      ? await readPackageJson(vendor, fhir, posix.join(dataDir, PROFILES_FILE))
      : undefined;
  const resources =
    fhir.resources === "all" && profiles
      ? fhirResourceTypes(vendor, profiles.json, fhir.fhirVersion)
      : /** @type {string[]} */ (fhir.resources);
  const generated = fhirComponentSchemas(vendor, schema, { resources, resourceUnion: fhir.resourceUnion });
  const own = doc.components?.schemas ?? {};
  const clash = Object.keys(own).filter((name) => name in generated);
  if (clash.length > 0) {
    throw new SpecPipelineError(
      vendor,
      "DESCRIPTION_INVALID",
      `schemas ${clash.join(", ")} are written by hand but come from ${fhir.package}; remove them`,
    );
  }
  /** @type {Record<string, any>} */
  let out = { ...doc, components: { ...doc.components, schemas: { ...own, ...generated } } };
  const provenance = [
    `// FHIR ${fhir.fhirVersion} resource schemas from HL7's JSON Schema in ${fhir.package}@${fhir.version} (${fhir.license}, ${fhir.file}, sha256 ${sha256}).`,
  ];
  let restOperations = 0;
  if (fhir.restPaths && profiles) {
    const searchFile = posix.join(dataDir, SEARCH_PARAMETERS_FILE);
    const search = await readPackageJson(vendor, fhir, searchFile);
    const applied = applyFhirRestPaths(vendor, out, { types: resources, searchParameters: search.json });
    out = applied.doc;
    restOperations = applied.operations;
    provenance.push(
      `// REST paths of ${resources.length} resource types generated from ${posix.join(dataDir, PROFILES_FILE)} (sha256 ${profiles.sha256}) and ${searchFile} (sha256 ${search.sha256}).`,
    );
  }
  return {
    doc: out,
    provenance: provenance.join("\n"),
    schemas: Object.keys(generated).length,
    resources,
    restOperations,
  };
}
