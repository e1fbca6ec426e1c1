import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    typecheck: { enabled: true, include: ["src/**/*.test-d.ts"] },
    // Some tests walk all 267 operations through the validating mock: minutes on a loaded CI machine.
    testTimeout: 120_000,
  },
});
