#!/usr/bin/env node
// @ts-check
// Usage: node scripts/specs/generate.mjs [vendor…] [--shared-specs DIR]
// Builds packages/<vendor>/src/generated/openapi.{ts,json} from specs/<vendor>/ (see specs/README.md).
import { relative } from "node:path";
import { repoRoot, sharedSpecsDir } from "./src/paths.mjs";
import { buildVendor, writeVendorOutputs } from "./src/pipeline.mjs";
import { runPerVendor } from "./src/run-per-vendor.mjs";

await runPerVendor(
  "Usage: generate.mjs [vendor…] [--shared-specs DIR]   (default: every vendor)",
  async (vendor) => {
    const result = await buildVendor(vendor, { sharedDir: sharedSpecsDir() });
    const { typesFile } = await writeVendorOutputs(result);
    const { title, version } = result.doc.info;
    console.log(
      `${vendor}: ${title} ${version}, ${result.operations} operation${result.operations === 1 ? "" : "s"} → ${relative(repoRoot, typesFile)} (+ openapi.json)`,
    );
    for (const warning of result.warnings) console.warn(`${vendor}: warning: ${warning}`);
  },
);
