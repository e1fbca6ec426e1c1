// Node, Bun and Deno: `<runtime> run.mjs <mock origin>` prints the checks' results as one JSON line.

import { runChecks, runtimeName } from "./checks.mjs";
import { modules } from "./entry.mjs";

const origin = globalThis.Deno ? globalThis.Deno.args[0] : process.argv[2];
const results = await runChecks(modules, origin);
console.log(JSON.stringify({ runtime: runtimeName(), results }));
