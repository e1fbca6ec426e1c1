// @ts-check

import { parseErrorStatuses } from "./fern-sdk/error-statuses.mjs";
import { convertFernSdk } from "./fern-sdk/index.mjs";

/**
 * @typedef {object} ConverterInput
 * @property {Map<string, string>} files the package's text files, path inside the package → text
 * @property {string} title
 * @property {string} packageName
 * @property {string} version
 * @property {string} integrity
 * @property {Record<string, string>} inputs texts of source.json `converterInputs`, by name
 *
 * @typedef {(input: ConverterInput) => { doc: Record<string, any>, notes: string[] }} Converter
 */

/** Converters from an npm package to OpenAPI 3.1, by the name source.json gives in `converter`. */
const CONVERTERS = /** @type {Record<string, Converter>} */ ({
  // Fern-generated TypeScript SDKs (e.g. `candidhealth`). Optional input `errorStatuses`: a TSV of
  // Fern error name → HTTP status, which the TypeScript SDK does not carry.
  "fern-sdk": ({ files, title, packageName, version, integrity, inputs }) =>
    convertFernSdk(files, {
      title,
      packageName,
      version,
      integrity,
      errorStatuses: parseErrorStatuses(inputs["errorStatuses"] ?? ""),
    }),
});

/** Every converter name, sorted. */
export const CONVERTER_NAMES = Object.keys(CONVERTERS).sort();

/**
 * Whether source.json's `converter` names a converter of this module.
 *
 * @param {unknown} name
 * @returns {name is string}
 */
export function isConverterName(name) {
  return typeof name === "string" && Object.hasOwn(CONVERTERS, name);
}

/**
 * The converter registered under a name.
 *
 * @param {string} name a name accepted by {@link isConverterName}
 * @returns {Converter}
 */
export function converter(name) {
  const found = CONVERTERS[name];
  if (!found) throw new Error(`unknown converter ${name}`);
  return found;
}
