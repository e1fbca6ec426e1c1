#!/usr/bin/env node
// @ts-check
// `pnpm runtimes:install`: the explicit step that installs the release test's runtimes (npm, into
// test/runtimes/tools) and Debian's Chromium (apt). `pnpm test:release` runs the same first, so CI
// needs no separate call; run it ahead to see what it installs. Exit code 0 when everything is in
// place, 1 otherwise, with the reason on stderr.
import { installChromium } from "./chromium.mjs";
import { installRuntimes } from "./tools.mjs";

let failed = false;
for (const [label, install] of /** @type {const} */ ([
  ["runtimes", () => installRuntimes()],
  ["chromium", () => installChromium()],
])) {
  try {
    install();
  } catch (error) {
    failed = true;
    console.error(`[${label}] ${error instanceof Error ? error.message : String(error)}`);
  }
}
process.exit(failed ? 1 : 0);
