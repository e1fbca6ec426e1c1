// @ts-check
import { existsSync, readdirSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** The monorepo root (this file lives in scripts/specs/src/). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** Where source.json files point their `mirror` at: `../shared/specs` beside the repo. */
export const DEFAULT_SHARED_SPECS = "../shared/specs";

/** The first five vendors, in the order the pipeline reports them; others follow alphabetically. */
const KNOWN_ORDER = ["xcures", "parchment", "carecentric", "candid", "arzamed"];

/**
 * The vendors: every folder specs/<vendor>/ holding a source.json, so `pnpm new-vendor` needs no edit
 * here.
 *
 * @type {readonly string[]}
 */
export const VENDORS = listVendors(repoRoot);

/** @param {string} root */
function listVendors(root) {
  const dir = resolve(root, "specs");
  const found = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && existsSync(resolve(dir, entry.name, "source.json")))
        .map((entry) => entry.name)
    : [];
  const rank = (/** @type {string} */ name) =>
    KNOWN_ORDER.includes(name) ? KNOWN_ORDER.indexOf(name) : KNOWN_ORDER.length;
  return found.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/**
 * The folder holding the mirrored vendor descriptions. `CADUCEUS_SHARED_SPECS` (or the `--shared-specs`
 * flag of the CLIs) replaces it, e.g. to point the drift check at an altered copy in a test.
 *
 * @param {{ root?: string, override?: string | undefined }} [options]
 */
export function sharedSpecsDir({ root = repoRoot, override = process.env["CADUCEUS_SHARED_SPECS"] } = {}) {
  return override ? resolve(override) : resolve(root, DEFAULT_SHARED_SPECS);
}

/**
 * Maps a source.json `mirror` (written relative to the repo root, under ../shared/specs) into the
 * shared specs folder actually in use.
 *
 * @param {string} mirror e.g. "../shared/specs/xcures/xcures-api-current.json"
 * @param {{ root?: string, sharedDir?: string }} [options]
 * @returns {string | undefined} absolute path, or undefined when the mirror is not under ../shared/specs
 */
export function resolveMirror(mirror, { root = repoRoot, sharedDir = sharedSpecsDir({ root }) } = {}) {
  const inside = relative(resolve(root, DEFAULT_SHARED_SPECS), resolve(root, mirror));
  if (inside.startsWith("..") || isAbsolute(inside)) return undefined;
  return resolve(sharedDir, inside);
}

/**
 * A path as people read it in messages: relative to the repo root when that is shorter.
 *
 * @param {string} path absolute path
 * @param {string} [root]
 */
export function displayPath(path, root = repoRoot) {
  const rel = relative(root, path);
  return rel.split(sep).length <= 4 && !isAbsolute(rel) ? rel.split(sep).join("/") : path;
}

/** @param {string} path */
export function fileExists(path) {
  return existsSync(path);
}
