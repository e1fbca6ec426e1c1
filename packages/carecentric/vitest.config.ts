import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    typecheck: { enabled: true, include: ["src/**/*.test-d.ts"] },
    // The first FHIR validation in a process (the mock's, via @caduceus/fhir-mock) indexes HL7's
    // definitions and compiles their JSON Schema: seconds alone, more on a busy machine (a fresh-clone
    // npm test timed out at 20 s). A timeout, not a speed target.
    testTimeout: 60_000,
  },
});
