/**
 * What a store keeps for one credential identity. Never credentials: only the access token and what
 * scheduling needs. Refresh tokens stay in the process that received them.
 *
 * @group Token stores
 */
export interface StoredToken {
  /** The access token (a secret: stores must not log it). */
  accessToken: string;
  /** Token type as issued, normally `"Bearer"`. */
  tokenType: string;
  /** Epoch ms when the token stops being valid, or `null` when nothing told us (reuse until a 401). */
  expiresAt: number | null;
  /** Epoch ms when the token request that produced it was sent. */
  obtainedAt: number;
  /** Granted scopes, when the vendor reported them. */
  scope?: string[];
}

/**
 * A held lock; release it when the token is stored (or the refresh failed).
 *
 * @group Token stores
 */
export interface TokenStoreLock {
  /** Releases the lock if this holder still owns it (a fenced release: never frees someone else's). */
  release(): Promise<void>;
}

/**
 * Where tokens are kept, keyed by a hash of the credential identity (keys never contain a secret).
 * The default is one in-memory store per process; a store shared between processes (e.g.
 * `@caduceus/token-store-redis`) gives fleet-wide reuse, and with `lock` fleet-wide single flight.
 *
 * A store that throws or is slow never fails a call: auth-core falls back to its in-process cache and
 * emits a `store.error` event.
 *
 * @example
 * ```ts
 * const store: TokenStore = { get: async (k) => map.get(k), set: async (k, v) => void map.set(k, v), delete: async (k) => void map.delete(k) };
 * ```
 *
 * @group Token stores
 */
export interface TokenStore {
  /** Returns the token stored under `key`, or `undefined`. Expired tokens may be returned; callers check. */
  get(key: string): Promise<StoredToken | undefined>;
  /**
   * Stores `token` under `key`. `ttlMs` is the token's remaining life (store may evict after it), or
   * `undefined` when its expiry is unknown.
   */
  set(key: string, token: StoredToken, ttlMs: number | undefined): Promise<void>;
  /** Removes the token stored under `key`, if any. */
  delete(key: string): Promise<void>;
  /**
   * Tries to take the refresh lock for `key` for at most `ttlMs`. Resolves to the lock when taken,
   * `undefined` when another holder has it. Stores without it give process-wide single flight only.
   */
  lock?(key: string, ttlMs: number): Promise<TokenStoreLock | undefined>;
  /**
   * Resolves when a token is stored under `key` (e.g. through pub/sub), or after `timeoutMs` with
   * whatever is stored then. Without it, waiting processes poll `get`.
   */
  waitForToken?(key: string, timeoutMs: number, signal?: AbortSignal): Promise<StoredToken | undefined>;
}
