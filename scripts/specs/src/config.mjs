// @ts-check
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { CONVERTER_NAMES, isConverterName } from "./converters/index.mjs";
import { SpecPipelineError } from "./errors.mjs";
import { repoRoot } from "./paths.mjs";

/**
 * specs/<vendor>/source.json for a vendor that publishes its own OpenAPI description.
 *
 * @typedef {object} PublishedSource
 * @property {"published"} kind
 * @property {string} title what the description is, for messages
 * @property {string} mirror the pinned file, relative to the repo root (under ../shared/specs)
 * @property {string} url the same file at the pinned commit, downloaded when the mirror is absent
 * @property {string} [latest] where the newest upstream version lives (moving), for `specs:check --latest`
 * @property {string} sha256 the pin: hex SHA-256 of the file's bytes
 * @property {"json" | "yaml"} format
 * @property {string} overlay overlay file, relative to specs/<vendor>/
 */

/**
 * specs/<vendor>/source.json for a vendor that publishes nothing: the project writes the description.
 *
 * @typedef {object} OwnSource
 * @property {"own"} kind
 * @property {string} title
 * @property {string} description the project's description, relative to specs/<vendor>/
 * @property {"json" | "yaml"} format
 */

/**
 * specs/<vendor>/source.json for a vendor whose API is described by a package on npm (e.g. its official
 * SDK): the pinned tarball is converted to OpenAPI by a converter of scripts/specs/src/converters.
 *
 * @typedef {object} NpmPackageSource
 * @property {"npm-package"} kind
 * @property {string} title `info.title` of the derived description
 * @property {string} package npm package name
 * @property {string} version the pinned version
 * @property {string} integrity the registry's `dist.integrity` of that version (sha512 SRI)
 * @property {string} converter a name from scripts/specs/src/converters/index.mjs
 * @property {Record<string, { path: string, sha256: string }>} [converterInputs] data files the converter
 *   reads, by name: `path` relative to the repo root like `mirror` (under ../shared/specs, or
 *   CADUCEUS_SHARED_SPECS), pinned by `sha256` like a published description
 * @property {string} overlay overlay file, relative to specs/<vendor>/
 */

/** @typedef {PublishedSource | OwnSource | NpmPackageSource} SourceConfig */

/**
 * Reads and checks specs/<vendor>/source.json.
 *
 * @param {string} vendor
 * @param {{ root?: string }} [options]
 * @returns {Promise<SourceConfig>}
 * @throws {SpecPipelineError} CONFIG_INVALID when the file is missing or lacks a field
 */
export async function loadSourceConfig(vendor, { root = repoRoot } = {}) {
  const file = resolve(root, "specs", vendor, "source.json");
  let config;
  try {
    config = JSON.parse(await readFile(file, "utf8"));
  } catch (cause) {
    throw new SpecPipelineError(vendor, "CONFIG_INVALID", `cannot read specs/${vendor}/source.json`, {
      cause,
    });
  }
  /** @param {string[]} fields */
  const need = (fields) => {
    const missing = fields.filter((field) => typeof config[field] !== "string" || config[field] === "");
    if (missing.length > 0) {
      throw new SpecPipelineError(
        vendor,
        "CONFIG_INVALID",
        `specs/${vendor}/source.json lacks ${missing.join(", ")} (kind "${config.kind}")`,
      );
    }
  };
  if (config.kind === "published") {
    need(["title", "mirror", "url", "sha256", "format", "overlay"]);
    if (!/^[0-9a-f]{64}$/.test(config.sha256)) {
      throw new SpecPipelineError(
        vendor,
        "CONFIG_INVALID",
        `specs/${vendor}/source.json: sha256 must be 64 lower-case hex digits`,
      );
    }
  } else if (config.kind === "own") {
    need(["title", "description", "format"]);
  } else if (config.kind === "npm-package") {
    need(["title", "package", "version", "integrity", "converter", "overlay"]);
    if (!/^sha512-[A-Za-z0-9+/]{86}==$/.test(config.integrity)) {
      throw new SpecPipelineError(
        vendor,
        "CONFIG_INVALID",
        `specs/${vendor}/source.json: integrity must be the registry's sha512 SRI string ("sha512-…==")`,
      );
    }
    if (!isConverterName(config.converter)) {
      throw new SpecPipelineError(
        vendor,
        "CONFIG_INVALID",
        `specs/${vendor}/source.json: converter must be one of ${CONVERTER_NAMES.join(", ")}, not ${JSON.stringify(config.converter)}`,
      );
    }
    const inputs = config.converterInputs ?? {};
    const pinnedFile = (/** @type {any} */ input) =>
      typeof input?.path === "string" &&
      typeof input.sha256 === "string" &&
      /^[0-9a-f]{64}$/.test(input.sha256);
    if (typeof inputs !== "object" || !Object.values(inputs).every(pinnedFile)) {
      throw new SpecPipelineError(
        vendor,
        "CONFIG_INVALID",
        `specs/${vendor}/source.json: converterInputs must map names to { "path", "sha256" } (64 lower-case hex digits)`,
      );
    }
  } else {
    throw new SpecPipelineError(
      vendor,
      "CONFIG_INVALID",
      `specs/${vendor}/source.json: kind must be "published", "own" or "npm-package", not ${JSON.stringify(config.kind)}`,
    );
  }
  return config;
}

/**
 * @param {string} vendor
 * @param {string} name a file name from source.json
 * @param {string} [root]
 */
export function specFile(vendor, name, root = repoRoot) {
  return resolve(root, "specs", vendor, name);
}
