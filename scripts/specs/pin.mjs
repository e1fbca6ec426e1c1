#!/usr/bin/env node
// @ts-check
// Usage: node scripts/specs/pin.mjs <vendor> [--shared-specs DIR]
// Re-pins a published vendor description to the bytes currently in the mirror: rewrites sha256 in
// specs/<vendor>/source.json and specs/<vendor>/operations.lock.json. The result is a diff for review.
import { writeFile } from "node:fs/promises";
import { parseCli } from "./src/cli-args.mjs";
import { loadSourceConfig, specFile } from "./src/config.mjs";
import { isSpecPipelineError } from "./src/errors.mjs";
import { diffFingerprints } from "./src/fingerprint.mjs";
import { lockFor, readLock } from "./src/lock.mjs";
import { sharedSpecsDir } from "./src/paths.mjs";
import { loadSource, parseSource } from "./src/source.mjs";

const { vendors, values } = parseCli(process.argv.slice(2));
if (values["help"] || process.argv.slice(2).filter((a) => !a.startsWith("-")).length === 0) {
  console.log("Usage: pin.mjs <vendor…> [--shared-specs DIR]   re-pins to the mirror's current bytes");
  process.exit(values["help"] ? 0 : 1);
}

let failed = 0;
for (const vendor of vendors) {
  try {
    const config = await loadSourceConfig(vendor);
    if (config.kind !== "published") {
      console.log(`${vendor}: own description, nothing to pin`);
      continue;
    }
    const source = await loadSource(vendor, config, { sharedDir: sharedSpecsDir() });
    const doc = parseSource(vendor, config, source);
    const before = await readLock(vendor).catch(() => undefined);
    const lock = lockFor(doc, source.sha256);
    const drift = diffFingerprints(before?.operations ?? {}, lock.operations);
    const file = specFile(vendor, "source.json");
    await writeFile(file, `${JSON.stringify({ ...config, sha256: source.sha256 }, null, 2)}\n`);
    await writeFile(specFile(vendor, "operations.lock.json"), `${JSON.stringify(lock, null, 2)}\n`);
    console.log(
      `${vendor}: pinned ${source.origin} at sha256 ${source.sha256}` +
        ` (${drift.added.length} added, ${drift.removed.length} removed, ${drift.changed.length} changed operations)`,
    );
  } catch (error) {
    failed += 1;
    console.error(isSpecPipelineError(error) ? error.message : error);
  }
}
process.exit(failed > 0 ? 1 : 0);
