#!/usr/bin/env node
// @ts-check
// Usage: node scripts/specs/generate.mjs [vendor…] [--shared-specs DIR]
// Builds packages/<vendor>/src/generated/openapi.{ts,json} from specs/<vendor>/ (see specs/README.md).
import { relative } from "node:path";
import { parseCli } from "./src/cli-args.mjs";
import { isSpecPipelineError } from "./src/errors.mjs";
import { repoRoot, sharedSpecsDir } from "./src/paths.mjs";
import { buildVendor, writeVendorOutputs } from "./src/pipeline.mjs";

const { vendors, values } = parseCli(process.argv.slice(2));
if (values["help"]) {
  console.log("Usage: generate.mjs [vendor…] [--shared-specs DIR]   (default: every vendor)");
  process.exit(0);
}

let failed = 0;
for (const vendor of vendors) {
  try {
    const result = await buildVendor(vendor, { sharedDir: sharedSpecsDir() });
    const { typesFile } = await writeVendorOutputs(result);
    const { title, version } = result.doc.info;
    console.log(
      `${vendor}: ${title} ${version}, ${result.operations} operation${result.operations === 1 ? "" : "s"} → ${relative(repoRoot, typesFile)} (+ openapi.json)`,
    );
    for (const warning of result.warnings) console.warn(`${vendor}: warning: ${warning}`);
  } catch (error) {
    failed += 1;
    console.error(isSpecPipelineError(error) ? error.message : error);
  }
}
process.exit(failed > 0 ? 1 : 0);
