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
  /**
   * The next `count` token requests answer `fault` instead of a token; with `tenant`, only that
   * tenant's requests (see `MockTenants`), which take their own faults before the shared ones.
   */
  failTokenRequests(count: number, fault: TokenFault, scope?: FaultScope): void;
  /**
   * The next `count` successful token answers (of `tenant`'s requests when given) go out rewritten:
   * `rewrite` gets the JSON body the vendor's rules produced and returns the body to send (drop a
   * field, make `expires_in` odd, change `token_type`), status and headers kept.
   */
  rewriteTokenAnswers(count: number, rewrite: TokenAnswerRewrite, scope?: FaultScope): void;
  /** The next queued rewrite for a token answer to `tenant`'s request, or `undefined`. */
  takeTokenRewrite(tenant?: string): TokenAnswerRewrite | undefined;
  /** The next `count` API requests answer `fault` before any token check. */
  failApiRequests(count: number, fault: MockFault): void;
  /** The next queued token fault as a Response, without its delay, or `undefined`. */
  takeTokenFault(): Response | undefined;
  /**
   * The next queued token fault as a Response after its delay on the mock's clock, or `undefined`:
   * `tenant`'s own first, then the shared ones. Rejects with the signal's reason when `signal` aborts
   * during the delay.
   */
  nextTokenFault(signal?: AbortSignal, tenant?: string): Promise<Response | undefined>;
  /** The next queued API fault, like {@link MockControls.nextTokenFault}. */
  nextApiFault(signal?: AbortSignal): Promise<Response | undefined>;
  /** Clears counters and queued faults. */
  reset(): void;
}

/** Which requests a scheduled fault or rewrite applies to. */
export interface FaultScope {
  /** Only the token requests of this tenant (by name). @defaultValue every request */
  tenant?: string;
}

/** Rewrites a successful token answer's JSON body (see {@link MockControls.rewriteTokenAnswers}). */
export type TokenAnswerRewrite = (body: Record<string, unknown>) => unknown;

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
  /** Per-tenant queues of token faults and answer rewrites; `""` is every tenant's. */
  const tenantFaults = new Map<string, MockFault[]>();
  const rewrites = new Map<string, TokenAnswerRewrite[]>();
  const schedule = <T>(queue: T[], count: number, item: T) => {
    for (let i = 0; i < count; i++) queue.push(item);
  };
  const queueOf = <T>(queues: Map<string, T[]>, key: string) => {
    const queue = queues.get(key) ?? [];
    queues.set(key, queue);
    return queue;
  };
  /** The tenant's own queue first, then the shared one. */
  const takeFrom = <T>(queues: Map<string, T[]>, shared: T[], tenant: string | undefined) =>
    (tenant === undefined ? undefined : queues.get(tenant)?.shift()) ?? shared.shift();
  const next = async (queue: MockFault[], signal?: AbortSignal, tenant?: string) => {
    const fault = takeFrom(tenantFaults, queue, tenant);
    if (!fault) return undefined;
    if (fault.delayMs) await sleep(clock, fault.delayMs, signal);
    return faultResponse(fault);
  };
  return {
    stats,
    failTokenRequests: (count, fault, scope) =>
      schedule(scope?.tenant === undefined ? tokenFaults : queueOf(tenantFaults, scope.tenant), count, fault),
    rewriteTokenAnswers: (count, rewrite, scope) =>
      schedule(queueOf(rewrites, scope?.tenant ?? ""), count, rewrite),
    takeTokenRewrite: (tenant) => takeFrom(rewrites, queueOf(rewrites, ""), tenant),
    failApiRequests: (count, fault) => schedule(apiFaults, count, fault),
    takeTokenFault() {
      const fault = takeFrom(tenantFaults, tokenFaults, undefined);
      return fault ? faultResponse(fault) : undefined;
    },
    nextTokenFault: (signal, tenant) => next(tokenFaults, signal, tenant),
    nextApiFault: (signal) => next(apiFaults, signal),
    reset() {
      stats.tokenRequests = 0;
      stats.apiRequests = 0;
      stats.unauthorized = 0;
      tokenFaults.length = 0;
      apiFaults.length = 0;
      tenantFaults.clear();
      rewrites.clear();
    },
  };
}
