import type { Clock } from "./clock.js";
import { AbortError } from "./errors/abort-error.js";
import { isCaduceusError } from "./errors/caduceus-error.js";
import { TimeoutError } from "./errors/timeout-error.js";

/**
 * One time limit for a whole call. Its signal aborts with a {@link TimeoutError}; `clear()` removes
 * the timer, so nothing is left behind when the call ends early. `timeoutMs` 0 means no limit.
 * `startedAt` lets a later stage continue a limit that began earlier (the middleware starts the
 * clock before the token is acquired; the fetch wrapper arms the timer for what is left).
 */
export class Deadline {
  readonly #controller = new AbortController();
  readonly #clock: Clock;
  #timer: unknown;
  /** Epoch ms when the limit passes; `Infinity` without one. */
  readonly at: number;

  constructor(clock: Clock, timeoutMs: number, describe: () => string, startedAt = clock.now()) {
    this.#clock = clock;
    this.at = timeoutMs > 0 ? startedAt + timeoutMs : Number.POSITIVE_INFINITY;
    if (timeoutMs > 0) {
      const fire = () => {
        this.#timer = undefined;
        this.#controller.abort(
          new TimeoutError(`${describe()} did not finish within timeoutMs (${timeoutMs} ms).`, timeoutMs),
        );
      };
      const remaining = this.at - clock.now();
      if (remaining <= 0) fire();
      else this.#timer = clock.setTimeout(fire, remaining);
    }
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Stops the timer; safe to call more than once. */
  clear(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
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
 * the shared work goes on for the others (CONTRACT behaviour 2, issue #3).
 */
export function detachable<T>(shared: Promise<T>, signal: AbortSignal | undefined, what: string): Promise<T> {
  if (!signal) return shared;
  if (signal.aborted) {
    // Nobody else may be waiting for the shared work (a cold cache, a caller whose signal was aborted
    // before the call): its failure must not become an unhandled rejection, which ends a Node process
    // (issue #5, found by the reliability campaign).
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
