// @ts-check
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { generatedHeader, renderTypes } from "./codegen.mjs";
import { loadSourceConfig, specFile } from "./config.mjs";
import { SpecPipelineError } from "./errors.mjs";
import { applyFhirDefinitions } from "./fhir-definitions.mjs";
import { applyOverlay } from "./overlay.mjs";
import { fileExists, repoRoot } from "./paths.mjs";
import { loadSource, parseSource, verifyPin } from "./source.mjs";
import { validateDescription } from "./validate.mjs";

/**
 * @typedef {object} BuildResult
 * @property {string} vendor
 * @property {import("./config.mjs").SourceConfig} config
 * @property {import("./source.mjs").LoadedSource} source
 * @property {Record<string, any>} doc the final description (overlay applied), $refs kept
 * @property {string | undefined} overlaySha256
 * @property {number} operations
 * @property {string[]} warnings
 * @property {string} header
 * @property {string} types the generated TypeScript, header included
 */

/**
 * Loads, pins, overlays, validates and renders one vendor. Writes nothing.
 *
 * @param {string} vendor
 * @param {import("./source.mjs").SourceOptions} [options]
 * @returns {Promise<BuildResult>}
 * @throws {SpecPipelineError} for every fault, naming the vendor
 */
export async function buildVendor(vendor, options = {}) {
  const root = options.root ?? repoRoot;
  const config = await loadSourceConfig(vendor, { root });
  const source = await loadSource(vendor, config, options);
  verifyPin(vendor, config, source);
  let doc = parseSource(vendor, config, source);

  /** @type {string | undefined} */
  let overlaySha256;
  if (config.kind === "published") {
    const overlayFile = specFile(vendor, config.overlay, root);
    if (!fileExists(overlayFile)) {
      throw new SpecPipelineError(vendor, "OVERLAY_INVALID", `specs/${vendor}/${config.overlay} is missing`);
    }
    const overlayText = await readFile(overlayFile, "utf8");
    const applied = await applyOverlay(vendor, doc, overlayText, `specs/${vendor}/${config.overlay}`);
    doc = applied.doc;
    overlaySha256 = applied.sha256;
  }

  // Own FHIR descriptions take their resource schemas from HL7's definitions (fhir-definitions.mjs).
  const fhir = /** @type {{ fhir?: import("./fhir-definitions.mjs").FhirDefinitionsConfig }} */ (config).fhir;
  const fhirApplied = fhir ? await applyFhirDefinitions(vendor, fhir, doc) : undefined;
  if (fhirApplied) doc = fhirApplied.doc;

  const { operations, warnings } = await validateDescription(vendor, doc);
  const sourceHeader = generatedHeader({
    title: String(doc.info?.title ?? config.title),
    version: String(doc.info?.version ?? "unversioned"),
    sourceSha256: source.sha256,
    overlaySha256,
  });
  const header = fhirApplied ? `${sourceHeader}\n${fhirApplied.provenance}` : sourceHeader;
  const types = await renderTypes(vendor, doc, header);
  return { vendor, config, source, doc, overlaySha256, operations, warnings, header, types };
}

/**
 * Writes packages/<vendor>/src/generated/openapi.ts and openapi.json (the final description, for mocks
 * and examples), or the same two files under `outDir`.
 *
 * @param {BuildResult} result
 * @param {{ root?: string, outDir?: string }} [options]
 * @returns {Promise<{ typesFile: string, jsonFile: string }>}
 */
export async function writeVendorOutputs(result, { root = repoRoot, outDir } = {}) {
  const dir = outDir ?? resolve(root, "packages", result.vendor, "src", "generated");
  await mkdir(dir, { recursive: true });
  const typesFile = resolve(dir, "openapi.ts");
  const jsonFile = resolve(dir, "openapi.json");
  await writeFile(typesFile, result.types);
  await writeFile(jsonFile, `${JSON.stringify(result.doc, null, 2)}\n`);
  return { typesFile, jsonFile };
}
