import { describe, expect, it } from "vitest";
import { sleep, systemClock } from "./clock.js";

describe("systemClock", () => {
  // Regression found by the release test: unref'd timers let a Node script exit with code 13 while its
  // token request waited to retry, so the call never settled.
  it("keeps the process alive while a caller waits on one of its timers", () => {
    const handle = systemClock.setTimeout(() => {}, 60_000) as ReturnType<typeof setTimeout>;
    try {
      expect(handle.hasRef()).toBe(true);
    } finally {
      systemClock.clearTimeout(handle);
    }
  });

  it("sleeps, and stops sleeping when aborted without leaving the timer", async () => {
    await expect(sleep(systemClock, 5)).resolves.toBeUndefined();
    const controller = new AbortController();
    const waiting = sleep(systemClock, 60_000, controller.signal);
    controller.abort(new Error("stop"));
    await expect(waiting).rejects.toThrow("stop");
  });
});
