import type { Clock } from "../clock.js";
import type { Redactor } from "../redact.js";
import { MemoryTokenStore } from "./memory-token-store.js";
import type { StoredToken, TokenStore } from "./token-store.js";

/** Longest a single store call may take before the engine goes on without it. */
export const STORE_CALL_LIMIT_MS = 1_000;

/** A store operation, as `store.error` events name it. */
export type StoreOperation = "get" | "set" | "delete" | "lock" | "wait";

/** What a guarded store call gives back: the value, or the fact that the store failed. */
export type StoreResult<T> = { ok: true; value: T } | { ok: false };

/**
 * A {@link TokenStore} seen through a time limit: a store that throws or hangs never fails a call
 *. Each call resolves within {@link STORE_CALL_LIMIT_MS} (or the limit given) to
 * `{ ok: false }` after reporting the scrubbed error, and the engine carries on with its in-process
 * cache. The default in-memory store never fails or hangs: it is called directly, without a timer.
 */
export class GuardedStore {
  readonly #store: TokenStore;
  readonly #clock: Clock;
  readonly #redactor: Redactor;
  readonly #report: (operation: StoreOperation, error: Error) => void;
  readonly #trusted: boolean;

  constructor(
    store: TokenStore,
    clock: Clock,
    redactor: Redactor,
    report: (operation: StoreOperation, error: Error) => void,
  ) {
    this.#store = store;
    this.#clock = clock;
    this.#redactor = redactor;
    this.#report = report;
    // Exactly our class: a subclass may override methods to do anything, slowly.
    this.#trusted = Object.getPrototypeOf(store) === MemoryTokenStore.prototype;
  }

  /** Runs `call` against the store within the limit. Never rejects. */
  async call<T>(
    operation: StoreOperation,
    call: (store: TokenStore) => Promise<T>,
    limitMs = STORE_CALL_LIMIT_MS,
  ): Promise<StoreResult<T>> {
    const clock = this.#clock;
    let timer: unknown;
    try {
      if (this.#trusted) return { ok: true, value: await call(this.#store) };
      const timeout = new Promise<never>((_, reject) => {
        timer = clock.setTimeout(
          () => reject(new Error(`token store ${operation} took longer than ${Math.round(limitMs)} ms`)),
          limitMs,
        );
      });
      return { ok: true, value: await Promise.race([call(this.#store), timeout]) };
    } catch (error) {
      this.#report(operation, this.#redactor.scrubError(error));
      return { ok: false };
    } finally {
      if (timer !== undefined) clock.clearTimeout(timer);
    }
  }
}

/** A store may hand back anything (a corrupt entry, another version's shape): only real tokens count. */
export function isStoredToken(value: unknown): value is StoredToken {
  if (typeof value !== "object" || value === null) return false;
  const token = value as Partial<StoredToken>;
  return (
    typeof token.accessToken === "string" &&
    token.accessToken.length > 0 &&
    (token.expiresAt === null || Number.isFinite(token.expiresAt)) &&
    Number.isFinite(token.obtainedAt)
  );
}
