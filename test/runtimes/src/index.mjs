// @ts-check
// The release test's runtimes: where each executable is, and the explicit installers
// (`pnpm runtimes:install`).
export { CHROMIUM_ARGS, findChromium, installChromium } from "./chromium.mjs";
export { installRuntimes, runtimeBin, toolModule, toolsDir } from "./tools.mjs";
