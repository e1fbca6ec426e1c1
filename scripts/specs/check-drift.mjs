#!/usr/bin/env node
// @ts-check
// Usage: node scripts/specs/check-drift.mjs [vendor…] [--shared-specs DIR] [--latest]
// Tells which vendors' upstream descriptions moved since their pin (see specs/README.md).
// Exit 0 when nothing moved, 1 on drift or on any error.
import { checkDrift, formatReport } from "./src/drift.mjs";
import { sharedSpecsDir } from "./src/paths.mjs";
import { runPerVendor } from "./src/run-per-vendor.mjs";

await runPerVendor(
  "Usage: check-drift.mjs [vendor…] [--shared-specs DIR] [--latest]",
  async (vendor, values) => {
    const report = await checkDrift(vendor, {
      sharedDir: sharedSpecsDir(),
      latest: Boolean(values["latest"]),
    });
    for (const line of formatReport(report)) console.log(line);
    return report.status !== "drift";
  },
);
