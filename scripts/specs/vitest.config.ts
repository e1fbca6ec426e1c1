import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // Each test file runs the real pipeline on the real descriptions (parse, overlay, validate,
    // openapi-typescript), and the Candid tests convert whole SDK releases: seconds, not milliseconds,
    // and several times that when CI runs every package's tests at once on two cores.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
