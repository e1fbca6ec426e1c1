// @ts-check
import { readFile } from "node:fs/promises";
import { specFile } from "./config.mjs";
import { SpecPipelineError } from "./errors.mjs";
import { operationFingerprints } from "./fingerprint.mjs";
import { repoRoot } from "./paths.mjs";

/**
 * specs/<vendor>/operations.lock.json: what the pinned upstream description looked like, reduced to one
 * hash per operation. Derived data, not the spec.
 *
 * @typedef {object} OperationsLock
 * @property {string} $comment
 * @property {string} sha256 the pin this lock was derived from (npm packages: the tarball's SHA-256)
 * @property {string} [package] npm packages: the package name
 * @property {string} [integrity] npm packages: the pinned sha512 integrity, which source.json must match
 * @property {string} title
 * @property {string} version upstream info.version
 * @property {Record<string, string>} operations "METHOD /path" → fingerprint
 */

/**
 * @param {Record<string, any>} doc the upstream description (npm packages: as converted), before the overlay
 * @param {string} sourceSha256
 * @param {{ package: string, integrity: string }} [npm] for an npm-package source
 * @returns {OperationsLock}
 */
export function lockFor(doc, sourceSha256, npm) {
  return {
    $comment:
      "Derived by scripts/specs from the pinned upstream description (before our overlay): one hash per operation. Not the spec. Rewritten by `pnpm --filter @caduceus/spec-pipeline pin <vendor>`; read by `pnpm specs:check`.",
    sha256: sourceSha256,
    ...(npm ? { package: npm.package, integrity: npm.integrity } : {}),
    title: String(doc.info?.title ?? ""),
    version: String(doc.info?.version ?? ""),
    operations: operationFingerprints(doc),
  };
}

/**
 * Whether a lock was derived from the source source.json pins.
 *
 * @param {OperationsLock} lock
 * @param {import("./config.mjs").SourceConfig} config
 */
export function lockMatchesPin(lock, config) {
  if (config.kind === "npm-package") return lock.integrity === config.integrity;
  if (config.kind === "published") return lock.sha256 === config.sha256;
  return true;
}

/**
 * @param {string} vendor
 * @param {{ root?: string }} [options]
 * @returns {Promise<OperationsLock>}
 * @throws {SpecPipelineError} LOCK_INVALID
 */
export async function readLock(vendor, { root = repoRoot } = {}) {
  try {
    const lock = JSON.parse(await readFile(specFile(vendor, "operations.lock.json", root), "utf8"));
    if (typeof lock.sha256 !== "string" || typeof lock.operations !== "object") throw new Error("bad shape");
    return lock;
  } catch (cause) {
    throw new SpecPipelineError(
      vendor,
      "LOCK_INVALID",
      `specs/${vendor}/operations.lock.json is missing or unreadable; create it with \`pnpm --filter @caduceus/spec-pipeline pin ${vendor}\``,
      { cause },
    );
  }
}
