// @ts-check
import { loadSourceConfig } from "./config.mjs";
import { compareDescriptions } from "./description-diff.mjs";
import { SpecPipelineError } from "./errors.mjs";
import { diffFingerprints, operationFingerprints } from "./fingerprint.mjs";
import { short } from "./hash.mjs";
import { lockMatchesPin, readLock } from "./lock.mjs";
import { latestVersion } from "./npm-package.mjs";
import { repoRoot, sharedSpecsDir } from "./paths.mjs";
import { buildVendor } from "./pipeline.mjs";
import { describeSource, loadSource, parseSource } from "./source.mjs";

/**
 * @typedef {object} DriftReport
 * @property {string} vendor
 * @property {"no-drift" | "drift" | "own"} status
 * @property {string} summary one line, starting with the vendor
 * @property {import("./fingerprint.mjs").Drift} [drift]
 * @property {import("./description-diff.mjs").DescriptionDiff} [diff] npm packages: the full comparison
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

  if (config.kind === "npm-package") return checkNpmDrift(vendor, config, { ...options, root, sharedDir });

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
 * An npm-package source: compares the pin with the registry's latest version; when they differ,
 * converts both and reports operations and schemas added, removed and changed, and likely breaking
 * changes. Also checks that operations.lock.json still describes the pinned version.
 *
 * @param {string} vendor
 * @param {import("./config.mjs").NpmPackageSource} config
 * @param {DriftOptions & { root: string, sharedDir: string }} options
 * @returns {Promise<DriftReport>}
 */
async function checkNpmDrift(vendor, config, options) {
  const lock = await readLock(vendor, { root: options.root });
  if (!lockMatchesPin(lock, config)) {
    throw new SpecPipelineError(
      vendor,
      "LOCK_INVALID",
      `operations.lock.json was derived from ${lock.integrity ?? lock.sha256} but source.json pins ${config.integrity}; re-run pin`,
    );
  }
  const pinnedSource = await loadSource(vendor, config, options);
  const pinned = describeSource(vendor, config, pinnedSource).doc;
  const stale = diffFingerprints(lock.operations, operationFingerprints(pinned));
  const moved = stale.added.length + stale.removed.length + stale.changed.length;
  if (moved > 0) {
    throw new SpecPipelineError(
      vendor,
      "LOCK_INVALID",
      `operations.lock.json does not match ${config.package}@${config.version} as converted now (${moved} operations differ); re-run pin`,
    );
  }
  const latest = await latestVersion(vendor, config.package, options);
  if (latest.version === config.version && latest.integrity === config.integrity) {
    return {
      vendor,
      status: "no-drift",
      summary: `${vendor}: no drift (npm ${config.package}@${config.version} is the latest, ${Object.keys(lock.operations).length} operations)`,
    };
  }
  const latestConfig = { ...config, version: latest.version, integrity: latest.integrity };
  const latestSource = await loadSource(vendor, latestConfig, options);
  const diff = compareDescriptions(pinned, describeSource(vendor, latestConfig, latestSource).doc);
  const { operations, schemas, breaking } = diff;
  return {
    vendor,
    status: "drift",
    drift: operations,
    diff,
    summary:
      `${vendor}: DRIFT: npm ${config.package} latest is ${latest.version}, pinned ${config.version};` +
      ` operations ${operations.added.length} added, ${operations.removed.length} removed, ${operations.changed.length} changed;` +
      ` schemas ${schemas.added.length} added, ${schemas.removed.length} removed, ${schemas.changed.length} changed;` +
      ` ${breaking.length} likely breaking`,
  };
}

/**
 * @param {DriftReport} report
 * @returns {string[]} lines to print
 */
export function formatReport(report) {
  const lines = [report.summary];
  if (report.diff) {
    for (const name of report.diff.schemas.added) lines.push(`  + schema   ${name}`);
    for (const name of report.diff.schemas.removed) lines.push(`  - schema   ${name}`);
    for (const name of report.diff.schemas.changed) lines.push(`  ~ schema   ${name}`);
    for (const change of report.diff.breaking) lines.push(`  ! breaking ${change}`);
  }
  if (report.drift) {
    for (const op of report.drift.added) lines.push(`  + added    ${op}`);
    for (const op of report.drift.removed) lines.push(`  - removed  ${op}`);
    for (const op of report.drift.changed) lines.push(`  ~ changed  ${op}`);
  }
  return lines;
}
