#!/usr/bin/env node
// @ts-check
// Usage: node scripts/specs/pin.mjs <vendor> [--shared-specs DIR]
// Re-pins a published vendor description to the bytes currently in the mirror (an npm-package source:
// to the registry's latest version and its integrity): rewrites the pin in
// specs/<vendor>/source.json and specs/<vendor>/operations.lock.json. The result is a diff for review.
import { writeFile } from "node:fs/promises";
import { loadSourceConfig, specFile } from "./src/config.mjs";
import { diffFingerprints } from "./src/fingerprint.mjs";
import { lockFor, readLock } from "./src/lock.mjs";
import { latestVersion } from "./src/npm-package.mjs";
import { sharedSpecsDir } from "./src/paths.mjs";
import { runPerVendor } from "./src/run-per-vendor.mjs";
import { describeSource, loadSource, parseSource } from "./src/source.mjs";

await runPerVendor(
  "Usage: pin.mjs <vendor…> [--shared-specs DIR]   re-pins to the mirror's current bytes",
  async (vendor) => {
    const config = await loadSourceConfig(vendor);
    if (config.kind === "own") {
      console.log(`${vendor}: own description, nothing to pin`);
      return;
    }
    if (config.kind === "npm-package") {
      // Re-pins to the registry's latest version and its published integrity; the lock is derived
      // from the converted description, before the overlay.
      const latest = await latestVersion(vendor, config.package);
      const pinned = { ...config, version: latest.version, integrity: latest.integrity };
      const source = await loadSource(vendor, pinned, { sharedDir: sharedSpecsDir() });
      const { doc } = describeSource(vendor, pinned, source);
      const before = await readLock(vendor).catch(() => undefined);
      const lock = lockFor(doc, source.sha256, { package: config.package, integrity: latest.integrity });
      const drift = diffFingerprints(before?.operations ?? {}, lock.operations);
      await writeFile(specFile(vendor, "source.json"), `${JSON.stringify(pinned, null, 2)}\n`);
      await writeFile(specFile(vendor, "operations.lock.json"), `${JSON.stringify(lock, null, 2)}\n`);
      console.log(
        `${vendor}: pinned ${config.package}@${latest.version} (${latest.integrity})` +
          ` (${drift.added.length} added, ${drift.removed.length} removed, ${drift.changed.length} changed operations)`,
      );
      return;
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
  },
  { vendorRequired: true },
);
