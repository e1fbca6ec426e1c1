// @ts-check
import { parseCli } from "./cli-args.mjs";
import { isSpecPipelineError } from "./errors.mjs";

/**
 * The frame of every per-vendor command (generate, check-drift, pin): reads the command line
 * (`parseCli`), answers `--help` with `usage`, runs `task` for each vendor named (default: all) one
 * after another, prints a pipeline error as its message (anything else whole) and goes on with the
 * next vendor, then exits 1 when any vendor failed or its task returned `false`, else 0.
 *
 * @param {string} usage the usage line `--help` prints
 * @param {(vendor: string, values: ReturnType<typeof parseCli>["values"]) => Promise<boolean | void>} task
 *   one vendor's work; `false` counts the vendor as failed without an error (drift found)
 * @param {{ vendorRequired?: boolean }} [options] `vendorRequired`: with no vendor named, print
 *   `usage` and exit 1 instead of running every vendor
 * @returns {Promise<never>}
 * @example
 * await runPerVendor("Usage: generate.mjs [vendor…]", async (vendor) => { await buildVendor(vendor); });
 */
export async function runPerVendor(usage, task, options = {}) {
  const argv = process.argv.slice(2);
  const { vendors, values } = parseCli(argv);
  const named = argv.some((arg) => !arg.startsWith("-"));
  if (values["help"] || (options.vendorRequired && !named)) {
    console.log(usage);
    process.exit(values["help"] ? 0 : 1);
  }
  let failed = 0;
  for (const vendor of vendors) {
    try {
      if ((await task(vendor, values)) === false) failed += 1;
    } catch (error) {
      failed += 1;
      console.error(isSpecPipelineError(error) ? error.message : error);
    }
  }
  process.exit(failed > 0 ? 1 : 0);
}
