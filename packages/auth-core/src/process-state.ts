/**
 * Everything auth-core keeps for the whole process, in one place: one `globalThis` slot under a
 * registered symbol, so that two copies of auth-core in one process (two vendor packages pinning
 * different patch versions, a bundle beside `node_modules`) see the same key states, the same
 * default store, the same retry budget and the same live-token registry. A token learnt by one copy
 * is then scrubbed by the other (docs/contract.md, behaviour 7), and single flight holds across them
 * (behaviour 2).
 *
 * The slot holds one state per layout version. Copies that agree on {@link PROCESS_STATE_VERSION}
 * share everything; a copy with another layout keeps its own state beside it (and still shares
 * tokens through the store), instead of misreading a neighbour's cells.
 */

/** Layout version of {@link ProcessState}; bump it when a cell changes shape. */
export const PROCESS_STATE_VERSION = 1;

const SLOT = Symbol.for("@caduceus/auth-core/process-state");

/**
 * The cells of the process state, by name. Each is created by the module that owns its type, on
 * first use, through {@link processWide}: key states (`token/key-state.ts`), the live-token
 * registry (`redact.ts`), deadline timers per clock (`deadline-timers.ts`), the default store
 * (`store/memory-token-store.ts`), the retry budget (`token/retry-policy.ts`), the body readers of
 * each `Response` prototype (`http/release-on-body-end.ts`), the SMART discovery answers
 * (`token/smart-discovery.ts`) and the ids of non-extractable signing keys (`token/signing-key.ts`).
 */
export type ProcessCell =
  | "key-states"
  | "live-tokens"
  | "deadline-timers"
  | "default-token-store"
  | "retry-budget"
  | "response-readers"
  | "smart-discovery"
  | "opaque-key-ids";

/** One layout version's state: its version and its cells. */
export interface ProcessState {
  /** Always {@link PROCESS_STATE_VERSION} of the copies that share it. */
  readonly version: number;
  /** Cell name → value, filled on first use. */
  readonly cells: Map<ProcessCell, unknown>;
}

/**
 * Slots used by auth-core 0.1, before the state was gathered here. A cell that has one adopts what an
 * older copy in the same process already made, and publishes its value there for the older copy.
 */
const LEGACY_SLOTS: Partial<Record<ProcessCell, symbol>> = {
  "key-states": Symbol.for("@caduceus/auth-core/key-states/v1"),
  "default-token-store": Symbol.for("@caduceus/auth-core/default-token-store"),
  "retry-budget": Symbol.for("@caduceus/auth-core/retry-budget"),
};

type Holder = Record<symbol, unknown>;

/** This layout version's state, created on first use and shared by every copy that agrees on it. */
export function processState(): ProcessState {
  const holder = globalThis as unknown as Holder;
  holder[SLOT] ??= Object.create(null);
  const byVersion = holder[SLOT] as Record<number, ProcessState | undefined>;
  let state = byVersion[PROCESS_STATE_VERSION];
  if (!state) {
    state = { version: PROCESS_STATE_VERSION, cells: new Map() };
    byVersion[PROCESS_STATE_VERSION] = state;
  }
  return state;
}

/**
 * The value of one cell of the process state, made by `make` on first use (by whichever copy of
 * auth-core comes first). `make` must build the value from globals only, never from an argument of
 * the caller: every later caller, in any copy, receives the same value.
 *
 * @example
 * ```ts
 * const budget = processWide("retry-budget", () => new RetryBudget());
 * ```
 */
export function processWide<T>(cell: ProcessCell, make: () => T): T {
  const { cells } = processState();
  if (cells.has(cell)) return cells.get(cell) as T;
  const legacy = LEGACY_SLOTS[cell];
  const holder = globalThis as unknown as Holder;
  const value = ((legacy && holder[legacy]) as T | undefined) ?? make();
  cells.set(cell, value);
  if (legacy) holder[legacy] = value;
  return value;
}
