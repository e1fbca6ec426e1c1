import type { Clock } from "./clock.js";
import { processWide } from "./process-state.js";

/** What {@link DeadlineTimers} keeps: a time limit, and what to do when it passes. */
export interface ExpiringEntry {
  /** Epoch ms (on the clock) when the entry expires. */
  readonly at: number;
  /** Called once, at or after `at`, unless the entry was removed before. */
  expire(): void;
}

/**
 * One timer per clock for the deadlines of every call in flight, instead of a timer per call: calls
 * nearly always end long before their deadline, and arming and clearing a timer for each of them was
 * a tenth of the client's own CPU per call (docs/benchmarks.md).
 *
 * The timer is armed for the earliest deadline. When it fires, the entries that expired are expired
 * and it is armed again for the earliest of the rest; entries removed meanwhile (calls that ended) cost
 * nothing more. While no entry is pending the timer does not keep a Node process alive (the clock's
 * `unref`), or is cleared when the clock cannot unref (a fake clock then counts no pending timer).
 */
export class DeadlineTimers {
  readonly #clock: Clock;
  readonly #pending = new Set<ExpiringEntry>();
  #timer: unknown;
  /** When the armed timer fires; `Infinity` when none is armed. */
  #armedAt = Number.POSITIVE_INFINITY;
  /** Whether the armed timer keeps the process alive. */
  #held = false;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** The controller handed to deadlines that share their signal, and the instant they all pass. */
  #shared: { at: number; controller: AbortController; users: number } | undefined;

  /**
   * One `AbortController` for the deadlines that pass at the same instant `at` and that nothing else
   * can abort (calls without a caller's signal): they all expire in the same tick, so one signal
   * serves them all. Creating an `AbortSignal` costs about 2.5 µs in Node 20, a tenth of a whole
   * cached-token call with the network taken out; sequential and concurrent calls started in the same
   * millisecond share one. At most {@link MAX_SIGNAL_SHARERS} deadlines share a controller, so the
   * abort listeners each `fetch` puts on it stay well under undici's listener limit.
   */
  sharedController(at: number): AbortController {
    const shared = this.#shared;
    if (
      shared &&
      shared.at === at &&
      shared.users < MAX_SIGNAL_SHARERS &&
      !shared.controller.signal.aborted
    ) {
      shared.users++;
      return shared.controller;
    }
    const controller = new AbortController();
    this.#shared = { at, controller, users: 1 };
    return controller;
  }

  /** Entries waiting for their time. */
  get size(): number {
    return this.#pending.size;
  }

  add(entry: ExpiringEntry): void {
    this.#pending.add(entry);
    if (entry.at < this.#armedAt) this.#arm(entry.at);
    else if (!this.#held) this.#hold();
  }

  /** Forgets `entry` (its call ended); its `expire` will not be called. */
  delete(entry: ExpiringEntry): void {
    if (!this.#pending.delete(entry) || this.#pending.size > 0 || this.#timer === undefined) return;
    const clock = this.#clock;
    if (clock.unref) {
      clock.unref(this.#timer);
      this.#held = false;
    } else {
      clock.clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#armedAt = Number.POSITIVE_INFINITY;
    }
  }

  #arm(at: number): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#armedAt = at;
    this.#held = true;
    this.#timer = this.#clock.setTimeout(() => this.#fire(), Math.max(0, at - this.#clock.now()));
  }

  #hold(): void {
    if (this.#timer === undefined || !this.#clock.ref) return;
    this.#clock.ref(this.#timer);
    this.#held = true;
  }

  #fire(): void {
    this.#timer = undefined;
    this.#armedAt = Number.POSITIVE_INFINITY;
    this.#held = false;
    const now = this.#clock.now();
    const expired: ExpiringEntry[] = [];
    for (const entry of this.#pending) {
      if (entry.at <= now) {
        this.#pending.delete(entry);
        expired.push(entry);
      }
    }
    // Armed again before expiring: an expiry that starts new work (and adds entries) finds it armed.
    this.#armForEarliest();
    for (const entry of expired) entry.expire();
  }

  #armForEarliest(): void {
    let earliest = Number.POSITIVE_INFINITY;
    for (const entry of this.#pending) if (entry.at < earliest) earliest = entry.at;
    if (earliest < this.#armedAt) this.#arm(earliest);
  }
}

/** One set of timers per clock, for every copy of auth-core in the process (see process-state.ts). */
/** Deadlines that may share one `AbortController` (see {@link DeadlineTimers.sharedController}). */
const MAX_SIGNAL_SHARERS = 100;

const timersByClock = processWide("deadline-timers", () => new WeakMap<Clock, DeadlineTimers>());

/** The shared {@link DeadlineTimers} of `clock`, made on first use. */
export function deadlineTimersFor(clock: Clock): DeadlineTimers {
  let timers = timersByClock.get(clock);
  if (!timers) {
    timers = new DeadlineTimers(clock);
    timersByClock.set(clock, timers);
  }
  return timers;
}
