// @ts-check
import { loadSourceConfig } from "./config.mjs";
import { SpecPipelineError } from "./errors.mjs";
import { diffFingerprints, operationFingerprints } from "./fingerprint.mjs";
import { short } from "./hash.mjs";
import { readLock } from "./lock.mjs";
import { repoRoot, sharedSpecsDir } from "./paths.mjs";
import { buildVendor } from "./pipeline.mjs";
import { loadSource, parseSource } from "./source.mjs";

/**
 * @typedef {object} DriftReport
 * @property {string} vendor
 * @property {"no-drift" | "drift" | "own"} status
 * @property {string} summary one line, starting with the vendor
 * @property {import("./fingerprint.mjs").Drift} [drift]
 */

/**
 * @typedef {import("./source.mjs").SourceOptions & { latest?: boolean }} DriftOptions
 * `latest`: compare the vendor's moving upstream URL (source.json `latest`) instead of the mirror.
 */

/**
 * Tells whether a vendor's upstream description moved since its pin, and which operations changed,
 * by comparing per-operation fingerprints with specs/<vendor>/operations.lock.json. Own descriptions
 * have no upstream: they are only checked to validate and generate.
 *
 * @param {string} vendor
 * @param {DriftOptions} [options]
 * @returns {Promise<DriftReport>}
 * @throws {SpecPipelineError} when the source cannot be read, or the lock disagrees with its own pin
 */
export async function checkDrift(vendor, options = {}) {
  const root = options.root ?? repoRoot;
  const sharedDir = options.sharedDir ?? sharedSpecsDir({ root });
  const config = await loadSourceConfig(vendor, { root });
  if (config.kind === "own") {
    const built = await buildVendor(vendor, { ...options, root, sharedDir });
    return {
      vendor,
      status: "own",
      summary: `${vendor}: own description (${built.doc.info.title} ${built.doc.info.version}), valid, ${built.operations} operation${built.operations === 1 ? "" : "s"}`,
    };
  }

  const sourceConfig =
    options.latest && config.latest ? { ...config, mirror: "", url: config.latest } : config;
  const source = await loadSource(vendor, sourceConfig, { ...options, root, sharedDir });
  // The moving upstream may be served as YAML where the pinned file is JSON; YAML parses both.
  const doc = parseSource(vendor, options.latest ? { ...config, format: "yaml" } : config, source);
  const lock = await readLock(vendor, { root });
  if (lock.sha256 !== config.sha256) {
    throw new SpecPipelineError(
      vendor,
      "LOCK_INVALID",
      `operations.lock.json was derived from ${short(lock.sha256)} but source.json pins ${short(config.sha256)}; re-run pin`,
    );
  }
  const drift = diffFingerprints(lock.operations, operationFingerprints(doc));
  const moved = drift.added.length + drift.removed.length + drift.changed.length;

  if (source.sha256 === config.sha256) {
    if (moved > 0) {
      throw new SpecPipelineError(
        vendor,
        "LOCK_INVALID",
        `operations.lock.json does not match the pinned file it claims to describe (${moved} operations differ); re-run pin`,
      );
    }
    return {
      vendor,
      status: "no-drift",
      summary: `${vendor}: no drift (sha256 ${short(config.sha256)}, ${Object.keys(lock.operations).length} operations)`,
    };
  }
  const what =
    moved === 0
      ? "no operation changed (only text outside the operations, e.g. info or unused components)"
      : `${drift.added.length} added, ${drift.removed.length} removed, ${drift.changed.length} changed`;
  return {
    vendor,
    status: "drift",
    drift,
    summary:
      `${vendor}: DRIFT: ${source.origin} hashes to ${short(source.sha256)}, pinned ${short(config.sha256)}` +
      ` (upstream ${lock.version} → ${doc.info?.version}); ${what}`,
  };
}

/**
 * @param {DriftReport} report
 * @returns {string[]} lines to print
 */
export function formatReport(report) {
  const lines = [report.summary];
  if (report.drift) {
    for (const op of report.drift.added) lines.push(`  + added    ${op}`);
    for (const op of report.drift.removed) lines.push(`  - removed  ${op}`);
    for (const op of report.drift.changed) lines.push(`  ~ changed  ${op}`);
  }
  return lines;
}
