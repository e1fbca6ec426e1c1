// @ts-check
import { readFile } from "node:fs/promises";
import YAML from "yaml";
import { specFile } from "./config.mjs";
import { SpecPipelineError } from "./errors.mjs";
import { sha256, short } from "./hash.mjs";
import { displayPath, fileExists, repoRoot, resolveMirror, sharedSpecsDir } from "./paths.mjs";

/**
 * @typedef {object} LoadedSource
 * @property {Buffer} bytes the file exactly as published
 * @property {string} origin where it was read from: a path for messages, or the URL
 * @property {string} sha256 hex SHA-256 of `bytes`
 */

/**
 * @typedef {object} SourceOptions
 * @property {string} [root] repo root
 * @property {string} [sharedDir] shared specs folder (default ../shared/specs, or CADUCEUS_SHARED_SPECS)
 * @property {typeof fetch} [fetch] used to download when there is no mirror
 * @property {number} [timeoutMs] download time limit (default 30 s)
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
  if (config.kind !== "published" || source.sha256 === config.sha256) return;
  throw new SpecPipelineError(
    vendor,
    "PIN_MISMATCH",
    `pinned sha256 ${short(config.sha256)} but ${source.origin} hashes to ${short(source.sha256)}` +
      ` (full: pinned ${config.sha256}, actual ${source.sha256}); run \`pnpm specs:check\` to see what moved`,
  );
}

/**
 * @param {string} vendor
 * @param {import("./config.mjs").SourceConfig} config
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
