import type { Clock } from "./clock.js";
import { type DeadlineTimers, deadlineTimersFor, type ExpiringEntry } from "./deadline-timers.js";
import { AbortError } from "./errors/abort-error.js";
import { isCaduceusError } from "./errors/caduceus-error.js";
import { TimeoutError } from "./errors/timeout-error.js";

/**
 * Default per-call time limit: token acquisition, attempts, backoffs and body reading included.
 *
 * @group Options
 */
export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * One time limit for a whole call. Its signal aborts with a {@link TimeoutError}; `clear()` takes it
 * off the clock's shared {@link DeadlineTimers} (one timer for all calls, not one each), so nothing is
 * left behind when the call ends early. `timeoutMs` 0 means no limit. `startedAt` lets a later stage
 * continue a limit that began earlier (the middleware starts the clock before the token is acquired;
 * the fetch wrapper continues it for what is left).
 */
export class Deadline implements ExpiringEntry {
  readonly #controller: AbortController;
  /** Whether {@link Deadline.signal} is shared with the other deadlines that pass at the same instant. */
  readonly #shared: boolean;
  /** Why this call was aborted; with a shared signal, `signal.reason` may name another call. */
  #reason: unknown;
  readonly #timers: DeadlineTimers;
  readonly #timeoutMs: number;
  readonly #describe: () => string;
  /** Whether this deadline waits in {@link DeadlineTimers}. */
  #scheduled = false;
  /** The caller's signal being followed, and the listener {@link Deadline.follow} put on it. */
  #followed: { signal: AbortSignal; listener: () => void } | undefined;
  #onAbort: (() => void) | undefined;
  /** Epoch ms when the limit passes; `Infinity` without one. */
  readonly at: number;

  /**
   * `shareSignal`: the deadline's signal is aborted by its time limit only ({@link Deadline.follow} is
   * never called), so it may be one signal shared with the deadlines that pass at the same instant.
   */
  constructor(
    clock: Clock,
    timeoutMs: number,
    describe: () => string,
    startedAt = clock.now(),
    shareSignal = false,
  ) {
    this.#timers = deadlineTimersFor(clock);
    this.#timeoutMs = timeoutMs;
    this.#describe = describe;
    this.at = timeoutMs > 0 ? startedAt + timeoutMs : Number.POSITIVE_INFINITY;
    const expired = timeoutMs > 0 && this.at <= clock.now();
    // An expired deadline aborts at once: a signal of its own, so it cannot abort calls still in time.
    this.#shared = shareSignal && !expired;
    this.#controller = this.#shared ? this.#timers.sharedController(this.at) : new AbortController();
    if (timeoutMs > 0) {
      if (expired) this.expire();
      else {
        this.#scheduled = true;
        this.#timers.add(this);
      }
    }
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /**
   * Makes `signal` (the caller's) abort this deadline too, with its own reason, and returns the
   * deadline's signal, which then fires on whichever comes first. One listener, removed by `clear()`:
   * `AbortSignal.any` allocates a combined signal and weak references per call, a large part of the
   * client's own CPU per call in Node 20 (docs/benchmarks.md).
   */
  follow(signal: AbortSignal | null | undefined): AbortSignal {
    const own = this.#controller.signal;
    if (this.#shared) throw new TypeError("Deadline.follow: this deadline's signal is shared.");
    if (!signal || own.aborted || this.#followed) return own;
    if (signal.aborted) {
      this.#abort(signal.reason);
      return own;
    }
    const listener = () => this.#abort(signal.reason);
    signal.addEventListener("abort", listener, { once: true });
    this.#followed = { signal, listener };
    return own;
  }

  /**
   * The error a caller sees for this deadline's abort: our {@link TimeoutError} as it is, a caller's
   * abort as an {@link AbortError} naming the call. Only meaningful once `signal` has aborted.
   */
  abortError(): Error {
    return abortReasonToError(this.reason, this.#describe());
  }

  /** Why this call's signal aborted (its own reason, even when the signal is shared); `undefined` before. */
  get reason(): unknown {
    if (this.#reason === undefined && this.#controller.signal.aborted) {
      // A shared signal aborted by a deadline of the same instant before this one's own expiry ran.
      this.#reason = this.#shared ? this.#timeoutError() : this.#controller.signal.reason;
    }
    return this.#reason;
  }

  /**
   * Sets the one function called right after the signal aborts (`undefined` removes it): a cheaper
   * listener than `signal.addEventListener` for the one consumer at a time that waits on the deadline
   * (a body being read).
   */
  setAbortHandler(handler: (() => void) | undefined): void {
    this.#onAbort = handler;
  }

  /** Stops the timer and stops following the caller's signal; safe to call more than once. */
  clear(): void {
    if (this.#scheduled) {
      this.#scheduled = false;
      this.#timers.delete(this);
    }
    this.#onAbort = undefined;
    const followed = this.#followed;
    if (followed) {
      this.#followed = undefined;
      followed.signal.removeEventListener("abort", followed.listener);
    }
  }

  /** Aborts with a {@link TimeoutError}; called by the clock's {@link DeadlineTimers} at `at`. */
  expire(): void {
    this.#scheduled = false;
    this.#abort(this.#timeoutError());
  }

  #timeoutError(): TimeoutError {
    return new TimeoutError(
      `${this.#describe()} did not finish within timeoutMs (${this.#timeoutMs} ms).`,
      this.#timeoutMs,
    );
  }

  #abort(reason: unknown): void {
    const handler = this.#onAbort;
    this.clear();
    this.#reason ??= reason;
    this.#controller.abort(reason);
    handler?.();
  }
}

/** A signal that fires when any of `signals` does (undefined ones are ignored). */
export function anySignal(...signals: Array<AbortSignal | undefined | null>): AbortSignal | undefined {
  const present = signals.filter((signal): signal is AbortSignal => !!signal);
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}

/**
 * Turns an abort reason into the error a caller sees: our own errors as they are, anything else (a
 * caller's `AbortController.abort()`) as an {@link AbortError} keeping the reason as `cause`.
 */
export function abortReasonToError(reason: unknown, what: string): Error {
  if (isCaduceusError(reason)) return reason;
  return new AbortError(`${what} was aborted by the caller's signal.`, reason);
}

/**
 * Waits for a shared promise on behalf of one caller: the caller's abort detaches only that caller,
 * the shared work goes on for the others (docs/contract.md, behaviour 2).
 */
export function detachable<T>(shared: Promise<T>, signal: AbortSignal | undefined, what: string): Promise<T> {
  if (!signal) return shared;
  if (signal.aborted) {
    // Nobody else may be waiting for the shared work (a cold cache, a caller whose signal was aborted
    // before the call): its failure must not become an unhandled rejection, which ends a Node process
    // (found by the reliability campaign, docs/reliability.md).
    shared.catch(() => {});
    return Promise.reject(abortReasonToError(signal.reason, what));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReasonToError(signal.reason, what));
    signal.addEventListener("abort", onAbort, { once: true });
    shared.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
