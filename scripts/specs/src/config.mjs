// @ts-check
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
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

/** @typedef {PublishedSource | OwnSource} SourceConfig */

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
  } else {
    throw new SpecPipelineError(
      vendor,
      "CONFIG_INVALID",
      `specs/${vendor}/source.json: kind must be "published" or "own", not ${JSON.stringify(config.kind)}`,
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
