import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    globalSetup: ["./src/global-setup.ts"],
    // The matrix cells run one after another inside each file and mostly wait on sockets and timers,
    // so files run side by side even on two cores (vitest's default there is one at a time).
    maxWorkers: 3,
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
