import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    globalSetup: ["./src/global-setup.ts"],
    // The matrix cells run one after another inside each file; files run side by side.
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
