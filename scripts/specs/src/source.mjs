// @ts-check
import { readFile } from "node:fs/promises";
import YAML from "yaml";
import { specFile } from "./config.mjs";
import { converter } from "./converters/index.mjs";
import { SpecPipelineError } from "./errors.mjs";
import { sha256, short } from "./hash.mjs";
import { loadTarball, packageTextFiles } from "./npm-package.mjs";
import { displayPath, fileExists, repoRoot, resolveMirror, sharedSpecsDir } from "./paths.mjs";

/**
 * @typedef {object} LoadedSource
 * @property {Buffer} bytes the file exactly as published
 * @property {string} origin where it was read from: a path for messages, or the URL
 * @property {string} sha256 hex SHA-256 of `bytes`
 * @property {string} [integrity] npm packages: the sha512 SRI string of `bytes`, checked against the pin
 * @property {Record<string, string>} [inputs] npm packages: the converter's data files, by name
 */

/**
 * @typedef {object} SourceOptions
 * @property {string} [root] repo root
 * @property {string} [sharedDir] shared specs folder (default ../shared/specs, or CADUCEUS_SHARED_SPECS)
 * @property {typeof fetch} [fetch] used to download when there is no mirror
 * @property {number} [timeoutMs] download time limit (default 30 s)
 * @property {string} [cacheDir] npm packages: where verified tarballs are kept
 */

/**
 * Reads a vendor's description: the mirror under ../shared/specs when it is there, else the pinned URL.
 * Does not check the pin (see {@link verifyPin}), so the drift check can load a moved file.
 *
 * @param {string} vendor
 * @param {import("./config.mjs").SourceConfig} config
 * @param {SourceOptions} [options]
 * @returns {Promise<LoadedSource>}
 * @throws {SpecPipelineError} SOURCE_MISSING when there is no mirror and the download fails
 */
export async function loadSource(vendor, config, options = {}) {
  const { root = repoRoot, sharedDir = sharedSpecsDir({ root }), fetch = globalThis.fetch } = options;
  if (config.kind === "own") {
    const file = specFile(vendor, config.description, root);
    if (!fileExists(file)) {
      throw new SpecPipelineError(
        vendor,
        "SOURCE_MISSING",
        `the project's description ${displayPath(file, root)} is missing`,
      );
    }
    const bytes = await readFile(file);
    return { bytes, origin: displayPath(file, root), sha256: sha256(bytes) };
  }
  if (config.kind === "npm-package") {
    const pin = { name: config.package, version: config.version, integrity: config.integrity };
    const tarball = await loadTarball(vendor, pin, options);
    /** @type {Record<string, string>} */
    const inputs = {};
    for (const [name, input] of Object.entries(config.converterInputs ?? {})) {
      const { path } = input;
      const file = resolveMirror(path, { root, sharedDir });
      if (!file || !fileExists(file)) {
        throw new SpecPipelineError(
          vendor,
          "SOURCE_MISSING",
          `converter input ${name}: ${file ? displayPath(file, root) : path} does not exist (inputs live under ../shared/specs)`,
        );
      }
      const bytes = await readFile(file);
      // The converter's data shapes the description as much as the package does: same pin rule.
      if (sha256(bytes) !== input.sha256) {
        throw new SpecPipelineError(
          vendor,
          "PIN_MISMATCH",
          `converter input ${name}: pinned sha256 ${short(input.sha256)} but ${displayPath(file, root)} hashes to ${short(sha256(bytes))}`,
        );
      }
      inputs[name] = bytes.toString("utf8");
    }
    return {
      bytes: tarball.bytes,
      origin: `${config.package}@${config.version} (${displayPath(tarball.origin, root)})`,
      sha256: sha256(tarball.bytes),
      integrity: tarball.integrity,
      inputs,
    };
  }

  // An empty mirror means "download only" (the drift check's --latest).
  const mirror = config.mirror ? resolveMirror(config.mirror, { root, sharedDir }) : undefined;
  if (mirror && fileExists(mirror)) {
    const bytes = await readFile(mirror);
    return { bytes, origin: displayPath(mirror, root), sha256: sha256(bytes) };
  }
  const where = mirror ? displayPath(mirror, root) : config.mirror;
  try {
    const bytes = await download(config.url, { fetch, timeoutMs: options.timeoutMs ?? 30_000 });
    return { bytes, origin: config.url, sha256: sha256(bytes) };
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new SpecPipelineError(
      vendor,
      "SOURCE_MISSING",
      config.mirror
        ? `no source: ${where} does not exist and downloading ${config.url} failed (${reason})`
        : `no source: downloading ${config.url} failed (${reason})`,
      { cause },
    );
  }
}

/**
 * @param {string} url
 * @param {{ fetch: typeof fetch, timeoutMs: number }} options
 */
async function download(url, { fetch, timeoutMs }) {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "follow" });
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
  return Buffer.from(await response.arrayBuffer());
}

/**
 * Refuses a source whose bytes are not the pinned ones: upstream changes reach the packages only
 * through a reviewed change of source.json (see specs/README.md).
 *
 * @param {string} vendor
 * @param {import("./config.mjs").SourceConfig} config
 * @param {LoadedSource} source
 * @throws {SpecPipelineError} PIN_MISMATCH
 */
export function verifyPin(vendor, config, source) {
  if (config.kind === "npm-package") {
    if (source.integrity === config.integrity) return;
    throw new SpecPipelineError(
      vendor,
      "PIN_MISMATCH",
      `pinned integrity ${config.integrity} but ${source.origin} has ${source.integrity}`,
    );
  }
  if (config.kind !== "published" || source.sha256 === config.sha256) return;
  throw new SpecPipelineError(
    vendor,
    "PIN_MISMATCH",
    `pinned sha256 ${short(config.sha256)} but ${source.origin} hashes to ${short(source.sha256)}` +
      ` (full: pinned ${config.sha256}, actual ${source.sha256}); run \`pnpm specs:check\` to see what moved`,
  );
}

/**
 * The OpenAPI document of a loaded source: parsed as it is, or converted from an npm package.
 *
 * @param {string} vendor
 * @param {import("./config.mjs").SourceConfig} config
 * @param {LoadedSource} source
 * @returns {{ doc: Record<string, any>, notes: string[] }} notes: facts the build prints
 * @throws {SpecPipelineError} SOURCE_UNPARSABLE, CONVERSION_FAILED
 */
export function describeSource(vendor, config, source) {
  if (config.kind !== "npm-package") return { doc: parseSource(vendor, config, source), notes: [] };
  try {
    return converter(config.converter)({
      files: packageTextFiles(source.bytes),
      title: config.title,
      packageName: config.package,
      version: config.version,
      integrity: source.integrity ?? config.integrity,
      inputs: source.inputs ?? {},
    });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new SpecPipelineError(
      vendor,
      "CONVERSION_FAILED",
      `cannot convert ${config.package}@${config.version} with the ${config.converter} converter: ${reason}`,
      { cause },
    );
  }
}

/**
 * @param {string} vendor
 * @param {import("./config.mjs").PublishedSource | import("./config.mjs").OwnSource} config
 * @param {LoadedSource} source
 * @returns {Record<string, any>} the parsed OpenAPI document
 * @throws {SpecPipelineError} SOURCE_UNPARSABLE
 */
export function parseSource(vendor, config, source) {
  const text = source.bytes.toString("utf8");
  try {
    const doc = config.format === "json" ? JSON.parse(text) : YAML.parse(text, { maxAliasCount: -1 });
    if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw new Error("not an object");
    return doc;
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new SpecPipelineError(
      vendor,
      "SOURCE_UNPARSABLE",
      `${source.origin} is not a ${config.format.toUpperCase()} document (${reason})`,
      { cause },
    );
  }
}
