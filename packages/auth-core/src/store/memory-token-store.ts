import { processWide } from "../process-state.js";
import type { StoredToken, TokenStore } from "./token-store.js";

/**
 * Options of {@link MemoryTokenStore}.
 *
 * @group Token stores
 */
export interface MemoryTokenStoreOptions {
  /**
   * Most entries kept; the oldest written is evicted past it, so a process cycling through many tenants
   * has bounded memory.
   *
   * @defaultValue 10000
   */
  maxEntries?: number;
  /**
   * Time source for TTL eviction.
   *
   * @defaultValue `Date.now`
   */
  now?: () => number;
}

/**
 * A {@link TokenStore} in process memory. Entries past their TTL are dropped when read. One instance is
 * shared by every client of the process unless a client is given its own `tokenStore`.
 *
 * @example
 * ```ts
 * const isolated = new MemoryTokenStore({ maxEntries: 100 });
 * createCandidClient({ clientId, clientSecret, tokenStore: isolated });
 * ```
 *
 * @group Token stores
 */
export class MemoryTokenStore implements TokenStore {
  readonly #entries = new Map<string, { token: StoredToken; evictAt: number }>();
  readonly #maxEntries: number;
  readonly #now: () => number;

  constructor(options: MemoryTokenStoreOptions = {}) {
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  /** Number of entries currently held (expired ones included until read). */
  get size(): number {
    return this.#entries.size;
  }

  async get(key: string): Promise<StoredToken | undefined> {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.evictAt <= this.#now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.token;
  }

  async set(key: string, token: StoredToken, ttlMs: number | undefined): Promise<void> {
    this.#entries.delete(key);
    this.#entries.set(key, {
      token,
      evictAt: ttlMs === undefined ? Number.POSITIVE_INFINITY : this.#now() + ttlMs,
    });
    if (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  async delete(key: string): Promise<void> {
    this.#entries.delete(key);
  }

  /** Drops every entry (useful between tests). */
  clear(): void {
    this.#entries.clear();
  }

  /**
   * Tokens are secrets: never show them when the store is inspected or serialised. `JSON.stringify`
   * of the store (or of an object holding it) gives only the entry count.
   *
   * @example
   * ```ts
   * JSON.stringify(new MemoryTokenStore()) // '{"size":0}'
   * ```
   */
  toJSON(): {
    /** Number of entries held, as {@link MemoryTokenStore.size}. */
    size: number;
  } {
    return { size: this.#entries.size };
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `MemoryTokenStore { size: ${this.#entries.size} }`;
  }
}

/**
 * The process-wide store used when a client is given no `tokenStore`: clients created separately with
 * the same credentials share tokens, and a serverless warm start makes no token request. Kept on
 * the process state (`process-state.ts`) so duplicate installs of auth-core share it too. Always
 * returns the same instance (10,000 entries at most, real time).
 *
 * @example
 * ```ts
 * afterEach(() => defaultTokenStore().clear()); // tests: no token leaks from one test into the next
 * ```
 *
 * @group Token stores
 */
export function defaultTokenStore(): MemoryTokenStore {
  return processWide("default-token-store", () => new MemoryTokenStore());
}
