import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    typecheck: { enabled: true, include: ["src/**/*.test-d.ts"] },
    // The first validation in a process indexes HL7's definitions and compiles their JSON Schema:
    // seconds alone, more on a busy machine. A timeout, not a speed target.
    testTimeout: 60_000,
  },
});
