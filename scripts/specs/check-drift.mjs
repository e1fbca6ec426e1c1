#!/usr/bin/env node
// @ts-check
// Usage: node scripts/specs/check-drift.mjs [vendor…] [--shared-specs DIR] [--latest]
// Tells which vendors' upstream descriptions moved since their pin (see specs/README.md).
// Exit 0 when nothing moved, 1 on drift or on any error.
import { parseCli } from "./src/cli-args.mjs";
import { checkDrift, formatReport } from "./src/drift.mjs";
import { isSpecPipelineError } from "./src/errors.mjs";
import { sharedSpecsDir } from "./src/paths.mjs";

const { vendors, values } = parseCli(process.argv.slice(2));
if (values["help"]) {
  console.log("Usage: check-drift.mjs [vendor…] [--shared-specs DIR] [--latest]");
  process.exit(0);
}

let bad = 0;
for (const vendor of vendors) {
  try {
    const report = await checkDrift(vendor, {
      sharedDir: sharedSpecsDir(),
      latest: Boolean(values["latest"]),
    });
    for (const line of formatReport(report)) console.log(line);
    if (report.status === "drift") bad += 1;
  } catch (error) {
    bad += 1;
    console.error(isSpecPipelineError(error) ? error.message : error);
  }
}
process.exit(bad > 0 ? 1 : 0);
