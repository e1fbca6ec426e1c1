import { type Clock, sleep, systemClock } from "../clock.js";
import { faultResponse, type MockFault, type TokenFault } from "./mock-fault.js";

/** Counters every mock vendor keeps, so tests and the demo can show what crossed the wire. */
export interface MockStats {
  /** Token requests received (valid or not). */
  tokenRequests: number;
  /** API requests received. */
  apiRequests: number;
  /** API requests answered 401 (no, unknown or expired token, or a wrong vendor credential header). */
  unauthorized: number;
}

/**
 * The switches and counters every vendor's `./testing` kit exposes: make the token endpoint (or the
 * API) answer a fault for the next N requests, then recover; count requests. Shared so every mock
 * vendor is driven the same way.
 *
 * @example
 * ```ts
 * const mock = createCandidMock();
 * mock.controls.failTokenRequests(2, { status: 503 }); // two 503s, then tokens again
 * ```
 */
export interface MockControls {
  /** Live counters of what the mock received; mutated in place, zeroed by {@link MockControls.reset}. */
  readonly stats: MockStats;
  /** The next `count` token requests answer `fault` instead of a token. */
  failTokenRequests(count: number, fault: TokenFault): void;
  /** The next `count` API requests answer `fault` before any token check. */
  failApiRequests(count: number, fault: MockFault): void;
  /** The next queued token fault as a Response, without its delay, or `undefined`. */
  takeTokenFault(): Response | undefined;
  /**
   * The next queued token fault as a Response after its delay on the mock's clock, or `undefined`.
   * Rejects with the signal's reason when `signal` aborts during the delay.
   */
  nextTokenFault(signal?: AbortSignal): Promise<Response | undefined>;
  /** The next queued API fault, like {@link MockControls.nextTokenFault}. */
  nextApiFault(signal?: AbortSignal): Promise<Response | undefined>;
  /** Clears counters and queued faults. */
  reset(): void;
}

/** Options of {@link createMockControls}. */
export interface MockControlsOptions {
  /** The clock fault delays wait on. @defaultValue the real clock */
  clock?: Clock;
}

/**
 * Creates the shared {@link MockControls}: counters at zero, no faults queued. The chassis
 * (`createMockChassis`) makes one per mock and consults it on every request.
 *
 * @example
 * ```ts
 * const controls = createMockControls();
 * controls.failTokenRequests(1, { status: 429, retryAfterSeconds: 1 });
 * controls.takeTokenFault()?.status; // 429
 * ```
 */
export function createMockControls(options: MockControlsOptions = {}): MockControls {
  const clock = options.clock ?? systemClock;
  const stats: MockStats = { tokenRequests: 0, apiRequests: 0, unauthorized: 0 };
  const tokenFaults: MockFault[] = [];
  const apiFaults: MockFault[] = [];
  const schedule = (queue: MockFault[], count: number, fault: MockFault) => {
    for (let i = 0; i < count; i++) queue.push(fault);
  };
  const next = async (queue: MockFault[], signal?: AbortSignal) => {
    const fault = queue.shift();
    if (!fault) return undefined;
    if (fault.delayMs) await sleep(clock, fault.delayMs, signal);
    return faultResponse(fault);
  };
  return {
    stats,
    failTokenRequests: (count, fault) => schedule(tokenFaults, count, fault),
    failApiRequests: (count, fault) => schedule(apiFaults, count, fault),
    takeTokenFault() {
      const fault = tokenFaults.shift();
      return fault ? faultResponse(fault) : undefined;
    },
    nextTokenFault: (signal) => next(tokenFaults, signal),
    nextApiFault: (signal) => next(apiFaults, signal),
    reset() {
      stats.tokenRequests = 0;
      stats.apiRequests = 0;
      stats.unauthorized = 0;
      tokenFaults.length = 0;
      apiFaults.length = 0;
    },
  };
}
