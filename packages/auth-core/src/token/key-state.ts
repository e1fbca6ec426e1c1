import type { CaduceusError } from "../errors/caduceus-error.js";
import { processWide } from "../process-state.js";
import type { TokenStore } from "../store/token-store.js";
import type { ScheduledToken } from "./refresh-schedule.js";

/**
 * Most per-key states kept per store (as many as the default store keeps tokens). Past it the oldest
 * idle ones are dropped, so a process serving ever new tenants stays flat.
 */
export const MAX_KEY_STATES = 10_000;

/** What every client of one credential identity in this process shares. */
export interface KeyState {
  /** The token in use, scheduled for this process. */
  token?: ScheduledToken;
  /** The one token request under way for this key (single flight). */
  inflight?: Promise<ScheduledToken>;
  /** The refresh token the vendor issued with the last grant, used instead of the credentials. */
  refreshToken?: string;
  /** The last token an API answered 401 to: never adopted again, even if a store still holds it. */
  rejected?: string;
  /** Until then no token request is sent for this key (429 Retry-After, or a remembered failure). */
  blockedUntil: number;
  /** What a blocked key answers with instead of a token request. */
  blockedError?: CaduceusError;
  /** Consecutive failed refreshes of a token we held; any success resets them. */
  failures: number;
  /** No refresh starts before this (back-off after failed refreshes). */
  retryAt: number;
  /** Error of the last failed refresh; after expiry, calls inside the back-off reject with it. */
  lastError?: CaduceusError;
}

/** A key's state before anything happened to it. */
export function freshKeyState(): KeyState {
  return { blockedUntil: 0, failures: 0, retryAt: 0 };
}

/**
 * The key states of `store`, shared across clients and across copies of auth-core in the process
 * (the process state, `process-state.ts`): clients of one identity on one store share one state.
 */
export function keyStatesOf(store: TokenStore): Map<string, KeyState> {
  const byStore = processWide("key-states", () => new WeakMap<TokenStore, Map<string, KeyState>>());
  let states = byStore.get(store);
  if (!states) {
    states = new Map();
    byStore.set(store, states);
  }
  return states;
}

/**
 * The shared state of `key` in `states`, put back as `held` when it was dropped while a client held
 * it (so the clients of a key keep sharing one); past {@link MAX_KEY_STATES}, the oldest states no
 * request is in flight for are dropped, never `key`'s. A client still holding a dropped state keeps
 * using its token and rejoins on its next miss; the store shares tokens in the meantime.
 */
export function joinKeyState(
  states: Map<string, KeyState>,
  key: string,
  held: KeyState | undefined,
): KeyState {
  let state = states.get(key);
  if (state) return state;
  state = held ?? freshKeyState();
  states.set(key, state);
  for (const [other, idle] of states) {
    if (states.size <= MAX_KEY_STATES) break;
    if (other !== key && !idle.inflight) states.delete(other);
  }
  return state;
}
