import { describe, expect, it } from "vitest";
import { Deadline } from "./deadline.js";
import { TimeoutError } from "./errors/timeout-error.js";
import { createFakeClock } from "./testing/fake-clock.js";

// Deadline.follow replaces AbortSignal.any on every API call: the caller's abort must reach the
// deadline's signal with the caller's reason, and clear() must leave nothing on the caller's signal.
describe("Deadline.follow", () => {
  const describeCall = () => "Example GET https://api.example.test/v1/things";

  it("aborts with the caller's reason when the caller aborts first, and drops the timer", () => {
    const clock = createFakeClock();
    const deadline = new Deadline(clock, 1_000, describeCall);
    const caller = new AbortController();
    const signal = deadline.follow(caller.signal);
    expect(signal).toBe(deadline.signal);
    caller.abort("user left");
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe("user left");
    expect(clock.pendingTimers).toBe(0);
  });

  it("aborts with a TimeoutError at the deadline, and then stops following the caller", async () => {
    const clock = createFakeClock();
    const deadline = new Deadline(clock, 1_000, describeCall);
    const caller = new AbortController();
    const signal = deadline.follow(caller.signal);
    await clock.advance(1_000);
    expect(signal.reason).toBeInstanceOf(TimeoutError);
    caller.abort("too late");
    expect(signal.reason).toBeInstanceOf(TimeoutError);
  });

  it("follows nothing after clear(): a later abort of the caller does not reach the call", () => {
    const clock = createFakeClock();
    const deadline = new Deadline(clock, 1_000, describeCall);
    const caller = new AbortController();
    const signal = deadline.follow(caller.signal);
    deadline.clear();
    caller.abort("after the call");
    expect(signal.aborted).toBe(false);
    expect(clock.pendingTimers).toBe(0);
  });

  it("is aborted at once by a caller's signal that was aborted already", () => {
    const clock = createFakeClock();
    const deadline = new Deadline(clock, 1_000, describeCall);
    const signal = deadline.follow(AbortSignal.abort("before"));
    expect(signal.reason).toBe("before");
    expect(clock.pendingTimers).toBe(0);
  });

  it("without a limit (timeoutMs 0) still follows the caller", () => {
    const clock = createFakeClock();
    const deadline = new Deadline(clock, 0, describeCall);
    const caller = new AbortController();
    const signal = deadline.follow(caller.signal);
    expect(clock.pendingTimers).toBe(0);
    caller.abort("stop");
    expect(signal.reason).toBe("stop");
  });
});
