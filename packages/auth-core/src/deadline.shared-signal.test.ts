import { describe, expect, it } from "vitest";
import { Deadline } from "./deadline.js";
import { AbortError } from "./errors/abort-error.js";
import { TimeoutError } from "./errors/timeout-error.js";
import { createFakeClock } from "./testing/fake-clock.js";

// Calls nobody can abort share one AbortSignal with the calls whose limit passes at the same instant
// (an AbortSignal costs about 2.5 µs in Node 20): each call must still fail with its own error, and
// nothing but the shared instant may abort the shared signal.
describe("Deadline with a shared signal", () => {
  const call = (path: string) => () => `Example GET https://api.example.test/v1/${path}`;

  it("shares one signal between deadlines of the same instant; each expires with its own TimeoutError", async () => {
    const clock = createFakeClock();
    const first = new Deadline(clock, 1_000, call("first"), clock.now(), true);
    const second = new Deadline(clock, 1_000, call("second"), clock.now(), true);
    expect(second.signal).toBe(first.signal);
    await clock.advance(1_000);
    expect(first.signal.aborted).toBe(true);
    const [one, two] = [first.abortError(), second.abortError()];
    expect(one).toBeInstanceOf(TimeoutError);
    expect(two).toBeInstanceOf(TimeoutError);
    expect(one.message).toContain("/v1/first");
    expect(two.message).toContain("/v1/second");
    expect(clock.pendingTimers).toBe(0);
  });

  it("gives a deadline of another instant, or one that cannot share, a signal of its own", async () => {
    const clock = createFakeClock();
    const shared = new Deadline(clock, 1_000, call("a"), clock.now(), true);
    const later = new Deadline(clock, 2_000, call("b"), clock.now(), true);
    const own = new Deadline(clock, 1_000, call("c"));
    expect(later.signal).not.toBe(shared.signal);
    expect(own.signal).not.toBe(shared.signal);
    await clock.advance(1_000);
    expect(shared.signal.aborted).toBe(true);
    expect(later.signal.aborted).toBe(false);
    later.clear();
  });

  it("keeps the shared signal running when one of its calls ends early", async () => {
    const clock = createFakeClock();
    const ended = new Deadline(clock, 1_000, call("ended"), clock.now(), true);
    const running = new Deadline(clock, 1_000, call("running"), clock.now(), true);
    ended.clear();
    await clock.advance(999);
    expect(running.signal.aborted).toBe(false);
    await clock.advance(1);
    expect(running.abortError().message).toContain("/v1/running");
    expect(clock.pendingTimers).toBe(0);
  });

  it("does not let a deadline that has already passed abort the calls still in time", () => {
    const clock = createFakeClock();
    const startedAt = clock.now();
    const inTime = new Deadline(clock, 1_000, call("in-time"), startedAt, true);
    // Started 1 s ago with a 500 ms limit: expired on creation, with a signal of its own.
    const late = new Deadline(clock, 500, call("late"), startedAt - 1_000, true);
    expect(late.signal.aborted).toBe(true);
    expect(late.signal).not.toBe(inTime.signal);
    expect(inTime.signal.aborted).toBe(false);
    inTime.clear();
  });

  it("refuses to follow a caller's signal, which would abort the other calls", () => {
    const clock = createFakeClock();
    const deadline = new Deadline(clock, 1_000, call("x"), clock.now(), true);
    expect(() => deadline.follow(new AbortController().signal)).toThrow(TypeError);
    deadline.clear();
    // A deadline with its own signal follows the caller as before.
    const own = new Deadline(clock, 1_000, call("y"));
    const caller = new AbortController();
    own.follow(caller.signal);
    caller.abort("user left");
    expect(own.abortError()).toBeInstanceOf(AbortError);
  });
});
