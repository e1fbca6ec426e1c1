import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // Each test file runs the real pipeline on the real descriptions (parse, overlay, validate,
    // openapi-typescript): seconds, not milliseconds.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
