import { describe, expect, it } from "vitest";
import { sleep } from "../clock.js";
import { createFakeClock } from "./fake-clock.js";

describe("createFakeClock", () => {
  it("starts at 2026-01-01 and moves only when told, firing due timers in order", async () => {
    const clock = createFakeClock();
    expect(clock.now()).toBe(Date.UTC(2026, 0, 1));
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 200);
    clock.setTimeout(() => fired.push(`a@${clock.now()}`), 100);
    const cancelled = clock.setTimeout(() => fired.push("never"), 150);
    clock.clearTimeout(cancelled);
    expect(clock.pendingTimers).toBe(2);
    await clock.advance(150);
    expect(fired).toEqual([`a@${Date.UTC(2026, 0, 1) + 100}`]);
    await clock.advance(50);
    expect(fired).toHaveLength(2);
    expect(clock.pendingTimers).toBe(0);
  });

  it("lets promises settle between timers, so chained sleeps run within one advance", async () => {
    const clock = createFakeClock(0);
    let done = false;
    void (async () => {
      await sleep(clock, 100);
      await sleep(clock, 100);
      done = true;
    })();
    await clock.advance(200);
    expect(done).toBe(true);
  });

  it("returns 0.5 from random() unless told otherwise", () => {
    const clock = createFakeClock();
    clock.setRandom(0.1, 0.9);
    expect([clock.random(), clock.random(), clock.random()]).toEqual([0.1, 0.9, 0.5]);
  });

  it("sleep honours an abort signal and leaves no timer", async () => {
    const clock = createFakeClock();
    const controller = new AbortController();
    const slept = sleep(clock, 1_000, controller.signal);
    controller.abort(new Error("stop"));
    await expect(slept).rejects.toThrow("stop");
    expect(clock.pendingTimers).toBe(0);
  });
});
