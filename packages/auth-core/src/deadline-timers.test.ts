import { describe, expect, it } from "vitest";
import { type Clock, systemClock } from "./clock.js";
import { DeadlineTimers, type ExpiringEntry } from "./deadline-timers.js";
import { createFakeClock } from "./testing/fake-clock.js";

// One timer serves every call's deadline: entries expire at their time, in any order of arrival,
// removed entries never expire, and an idle process is not held by it.
function entry(at: number, log: string[], name: string): ExpiringEntry {
  return { at, expire: () => log.push(name) };
}

describe("DeadlineTimers", () => {
  it("runs many deadlines on one timer, each at its own time", async () => {
    const clock = createFakeClock();
    const timers = new DeadlineTimers(clock);
    const log: string[] = [];
    const t0 = clock.now();
    timers.add(entry(t0 + 300, log, "c"));
    timers.add(entry(t0 + 100, log, "a")); // earlier than the armed time: armed again
    timers.add(entry(t0 + 200, log, "b"));
    expect(clock.pendingTimers).toBe(1);
    await clock.advance(100);
    expect(log).toEqual(["a"]);
    await clock.advance(100);
    expect(log).toEqual(["a", "b"]);
    await clock.advance(100);
    expect(log).toEqual(["a", "b", "c"]);
    expect(clock.pendingTimers).toBe(0);
    expect(timers.size).toBe(0);
  });

  it("never expires an entry removed before its time, and clears the timer once none is left", async () => {
    const clock = createFakeClock();
    const timers = new DeadlineTimers(clock);
    const log: string[] = [];
    const first = entry(clock.now() + 100, log, "first");
    const second = entry(clock.now() + 200, log, "second");
    timers.add(first);
    timers.add(second);
    timers.delete(first);
    await clock.advance(150);
    expect(log).toEqual([]);
    timers.delete(second);
    expect(clock.pendingTimers).toBe(0); // a fake clock cannot unref: cleared instead
    await clock.advance(100);
    expect(log).toEqual([]);
  });

  it("arms again for an entry added by an expiry", async () => {
    const clock = createFakeClock();
    const timers = new DeadlineTimers(clock);
    const log: string[] = [];
    timers.add({
      at: clock.now() + 100,
      expire: () => {
        log.push("first");
        timers.add(entry(clock.now() + 50, log, "follow-up"));
      },
    });
    await clock.advance(100);
    await clock.advance(50);
    expect(log).toEqual(["first", "follow-up"]);
  });

  it("lets an idle process go (unref) and holds it again while a deadline waits (ref)", () => {
    const fake = createFakeClock();
    const calls: string[] = [];
    const clock: Clock = {
      ...fake,
      now: fake.now,
      setTimeout: fake.setTimeout,
      clearTimeout: fake.clearTimeout,
      random: fake.random,
      unref: () => calls.push("unref"),
      ref: () => calls.push("ref"),
    };
    const timers = new DeadlineTimers(clock);
    const a = entry(fake.now() + 1_000, [], "a");
    const b = entry(fake.now() + 2_000, [], "b");
    timers.add(a);
    timers.delete(a); // idle: the timer stays armed but lets the process exit
    timers.add(b); // later than the armed time: no new timer, held again
    expect(calls).toEqual(["unref", "ref"]);
    expect(fake.pendingTimers).toBe(1);
  });
});

describe("DeadlineTimers on the system clock", () => {
  // A script whose calls have all ended must exit at once, not up to timeoutMs later; one that waits
  // on a call must not exit under it (exit code 13, a regression the release test found).
  it("holds the process only while a deadline waits", () => {
    const handles: Array<ReturnType<typeof setTimeout>> = [];
    const clock: Clock = {
      ...systemClock,
      setTimeout: (callback, ms) => {
        const handle = systemClock.setTimeout(callback, ms) as ReturnType<typeof setTimeout>;
        handles.push(handle);
        return handle;
      },
    };
    const timers = new DeadlineTimers(clock);
    const waiting = entry(Date.now() + 60_000, [], "call");
    try {
      timers.add(waiting);
      expect(handles).toHaveLength(1);
      expect(handles[0]?.hasRef()).toBe(true);
      timers.delete(waiting);
      expect(handles[0]?.hasRef()).toBe(false);
      timers.add(entry(Date.now() + 60_000, [], "next call"));
      expect(handles).toHaveLength(1);
      expect(handles[0]?.hasRef()).toBe(true);
    } finally {
      for (const handle of handles) clearTimeout(handle);
    }
  });
});
