// @ts-check
import { parseArgs } from "node:util";
import { VENDORS } from "./paths.mjs";

/**
 * Shared command-line handling: positional vendor names (default: all), `--shared-specs DIR` (wins
 * over the CADUCEUS_SHARED_SPECS environment variable), `--latest` (drift check only) and `--help`.
 *
 * @param {string[]} argv
 */
export function parseCli(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "shared-specs": { type: "string" },
      latest: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  const unknown = positionals.filter((name) => !(/** @type {readonly string[]} */ (VENDORS).includes(name)));
  if (unknown.length > 0) {
    throw new Error(`unknown vendor ${unknown.join(", ")}; known: ${VENDORS.join(", ")}`);
  }
  const sharedSpecs = /** @type {string | undefined} */ (values["shared-specs"]);
  if (sharedSpecs) process.env["CADUCEUS_SHARED_SPECS"] = sharedSpecs;
  return { vendors: positionals.length > 0 ? positionals : [...VENDORS], values };
}
