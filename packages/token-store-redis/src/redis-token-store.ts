import { createHash, randomBytes } from "node:crypto";
import type { StoredToken, TokenStore, TokenStoreLock } from "@caduceus/auth-core";
import { decodeToken, encodeToken } from "./codec.js";
import { CommandRunner } from "./command-runner.js";
import {
  RedisTokenStoreError,
  RedisTokenStoreErrorCode,
  type RedisTokenStoreOperation,
  scrubCause,
} from "./errors.js";
import type { RedisTokenStoreEvent } from "./events.js";
import { RELEASE_IF_HOLDER, SET_AND_PUBLISH } from "./lua-scripts.js";
import { type RedisTokenStoreOptions, type ResolvedOptions, resolveOptions } from "./options.js";
import { race } from "./race.js";
import { SetNotifier } from "./set-notifier.js";

/** With pub/sub up, waiters still re-read this often in case a message was lost in a reconnect. */
const SAFETY_POLL_MS = 1_000;
/** Most keys whose last read is remembered (see `#seen`). */
const MAX_SEEN = 10_000;
const ABSENT = "absent";
/** PTTL's answer for a key that does not exist. */
const LOCK_ABSENT = -2;

/**
 * A {@link TokenStore} on Redis, so a fleet of processes (workers, pods, serverless instances) shares
 * each token and refreshes it once. Give the same store options (same Redis, same `prefix`) to every
 * process; pass the store as `tokenStore` to any Caduceus client.
 *
 * - `get` / `set` / `delete`: one key per credential identity, `<prefix><key>`, holding JSON of the
 *   token, its type, expiry, issue time and scope (never credentials or refresh tokens), with a TTL
 *   equal to the token's remaining life (at most `maxTtlMs`).
 * - `lock`: `SET <prefix>lock:<key> <random> NX PX <ttl>` (ttl at most `lockTtlMs`), released by a
 *   Lua compare-and-delete, so only its holder frees it; a holder that dies frees it by TTL, and one
 *   waiter then takes over the refresh.
 * - `waitForToken`: wakes on pub/sub when a token is stored or the lock released (polls when pub/sub
 *   is off or down).
 *
 * Every operation fails fast with a {@link RedisTokenStoreError} when Redis is down, reconnecting or
 * slower than `commandTimeoutMs`; auth-core then falls back to its in-process cache, and the fleet is
 * back to sharing as soon as the client reconnects.
 *
 * @example
 * ```ts
 * import { Redis } from "ioredis";
 * import { RedisTokenStore } from "@caduceus/token-store-redis";
 * const tokenStore = new RedisTokenStore({ client: new Redis(process.env.REDIS_URL!, { enableOfflineQueue: false }) });
 * const candid = createCandidClient({ clientId, clientSecret, tokenStore });
 * ```
 */
export class RedisTokenStore implements TokenStore {
  readonly #options: ResolvedOptions;
  readonly #runner: CommandRunner;
  readonly #notifier: SetNotifier | undefined;
  /**
   * Fingerprint (hash prefix) of the last value `get` returned per key. auth-core reads the store,
   * fails to take the lock, then waits: the value it read is the one it wants replaced, so a wait
   * returns at once only when the stored value differs from it. Without this a waiter would either
   * miss a token stored between the read and the subscription, or spin on the stale one.
   */
  readonly #seen = new Map<string, string>();
  /** Fencing values of locks this store took over from a vanished holder, released by the next `set`. */
  readonly #takenOver = new Map<string, string>();
  /** TTL of the last lock auth-core asked for (capped), reused for a takeover. */
  #lastLockTtl: number | undefined;
  #degradedSince: number | undefined;
  #closed = false;

  /** Checks options at once; throws `AuthConfigError` (from auth-core) naming the option at fault. */
  constructor(options: RedisTokenStoreOptions) {
    this.#options = resolveOptions(options);
    const { client, commandTimeoutMs, pubSub, subscriberIdleMs } = this.#options;
    this.#runner = new CommandRunner(
      client,
      commandTimeoutMs,
      () => this.#healthy(),
      (error) => this.#degraded(error),
    );
    this.#notifier = pubSub
      ? new SetNotifier(client, this.#channel(), subscriberIdleMs, (error) =>
          this.#emit({ type: "subscriber.error", at: this.#options.clock.now(), error: scrubCause(error)! }),
        )
      : undefined;
  }

  /** The key prefix in use. */
  get prefix(): string {
    return this.#options.prefix;
  }

  /** Whether Redis answered the last command (`false` after a failure until the next success). */
  get healthy(): boolean {
    return this.#degradedSince === undefined;
  }

  /**
   * Reads the token stored under `key`. Resolves `undefined` when none is stored or the stored value is
   * not a well-formed token. Rejects with {@link RedisTokenStoreError} when Redis is unreachable or slow.
   */
  async get(key: string): Promise<StoredToken | undefined> {
    const { token, fingerprint } = await this.#read(key, "get");
    this.#remember(key, fingerprint);
    return token;
  }

  /**
   * Stores `token` under `key` for `ttlMs` (its remaining life; `undefined` when unknown), capped at
   * `maxTtlMs`, and wakes the processes waiting for it. A token with no life left is not written.
   */
  async set(key: string, token: StoredToken, ttlMs: number | undefined): Promise<void> {
    this.#checkKey(key, "set");
    const ttl = ttlMs === undefined ? this.#options.maxTtlMs : Math.min(ttlMs, this.#options.maxTtlMs);
    if (Number.isNaN(ttl) || ttl <= 0) return;
    const px = Number.isFinite(ttl) ? Math.max(1, Math.ceil(ttl)) : 0;
    const { client, pubSub } = this.#options;
    await this.#runner.run("set", () =>
      client.eval(
        SET_AND_PUBLISH,
        1,
        this.#tokenKey(key),
        encodeToken(token),
        px,
        pubSub ? this.#channel() : "",
        key,
      ),
    );
    const fence = this.#takenOver.get(key);
    if (fence !== undefined) {
      this.#takenOver.delete(key);
      // Best effort: if it fails, the lock frees itself at its TTL.
      await this.#runner
        .run("release", () => client.eval(RELEASE_IF_HOLDER, 1, this.#lockKey(key), fence, "", key))
        .catch(() => {});
    }
  }

  /** Removes the token stored under `key` (auth-core does so after an API 401). */
  async delete(key: string): Promise<void> {
    this.#checkKey(key, "delete");
    const { client } = this.#options;
    await this.#runner.run("delete", () => client.del(this.#tokenKey(key)));
  }

  /**
   * Tries to take the fleet-wide refresh lock for `key` for `ttlMs` (at most `lockTtlMs`). Resolves the
   * lock when taken, `undefined` when another process holds it. The lock frees itself at its TTL if its holder dies;
   * `release()` frees it early, and only if this holder still owns it.
   */
  async lock(key: string, ttlMs: number): Promise<TokenStoreLock | undefined> {
    this.#checkKey(key, "lock");
    if (!Number.isFinite(ttlMs) || ttlMs < 1) {
      throw new RangeError(
        `RedisTokenStore.lock: ttlMs must be a finite number of at least 1 (got ${ttlMs}).`,
      );
    }
    const { client, pubSub } = this.#options;
    const lockKey = this.#lockKey(key);
    // 128 random bits: the fencing value that proves ownership at release.
    const fence = randomBytes(16).toString("hex");
    const ttl = Math.ceil(Math.min(ttlMs, this.#options.lockTtlMs));
    this.#lastLockTtl = ttl;
    const reply = await this.#runner.run("lock", () => client.set(lockKey, fence, "PX", ttl, "NX"));
    if (reply !== "OK") return undefined;
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        await this.#runner.run("release", () =>
          client.eval(RELEASE_IF_HOLDER, 1, lockKey, fence, pubSub ? this.#channel() : "", key),
        );
      },
    };
  }

  /**
   * Waits until another process stores a token under `key` or releases its lock, then resolves with
   * what is stored; after `timeoutMs`, resolves with whatever is stored then. Resolves at once when the
   * stored value already differs from the one the last `get` returned. Rejects with the signal's reason
   * when `signal` aborts, and with {@link RedisTokenStoreError} when Redis fails.
   *
   * When the lock's holder vanishes (its lock expired or was released without a new token), one waiter
   * takes the lock over and rejects with code `CADUCEUS_TOKEN_STORE_LOCK_TAKEN_OVER`: auth-core then
   * requests the token itself, and the next `set` of this store releases the lock. The others keep
   * waiting for that token, so a killed holder costs the fleet one extra token request, not one per
   * process.
   */
  async waitForToken(key: string, timeoutMs: number, signal?: AbortSignal): Promise<StoredToken | undefined> {
    this.#checkKey(key, "wait");
    signal?.throwIfAborted();
    const deadline = this.#options.clock.now() + Math.max(0, Number.isFinite(timeoutMs) ? timeoutMs : 0);
    const baseline = this.#seen.get(key);
    const listener = this.#notifier?.listen(key);
    try {
      let subscribed = false;
      if (listener) {
        const bound = Math.min(
          this.#options.commandTimeoutMs,
          Math.max(0, deadline - this.#options.clock.now()),
        );
        // `race` says only that the attempt settled in time; a refused SUBSCRIBE settles with false.
        subscribed =
          (await race(this.#options.clock, listener.subscribed, bound, signal)) &&
          (await listener.subscribed);
      }
      const first = await this.#probe(key);
      let current = first;
      let changed = baseline === undefined ? first.token !== undefined : first.fingerprint !== baseline;
      while (!changed) {
        if (current.lockTtl === LOCK_ABSENT) await this.#takeOver(key);
        const remaining = deadline - this.#options.clock.now();
        if (remaining <= 0) break;
        let interval = subscribed ? SAFETY_POLL_MS : this.#options.pollIntervalMs;
        // Wake when the holder's lock expires: a holder that died never announces anything.
        if (current.lockTtl > 0) interval = Math.min(interval, current.lockTtl + 5);
        const woke = await race(
          this.#options.clock,
          listener?.notified,
          Math.min(interval, remaining),
          signal,
        );
        current = await this.#probe(key);
        changed = woke || current.fingerprint !== first.fingerprint || this.#closed;
      }
      this.#remember(key, current.fingerprint);
      return current.token;
    } finally {
      listener?.dispose();
    }
  }

  /**
   * Closes the store's own resources (the subscriber connection, pending waits) and makes further
   * calls reject with code `CADUCEUS_TOKEN_STORE_CLOSED`. The `client` you passed stays open: quit it
   * yourself. Idempotent.
   */
  async close(): Promise<void> {
    this.#closed = true;
    this.#notifier?.close();
    this.#seen.clear();
    this.#takenOver.clear();
  }

  /** Same as {@link RedisTokenStore.close}, for `await using store = new RedisTokenStore(...)`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /**
   * Never shows the client (its options may hold a Redis password). `JSON.stringify` of the store (or
   * of an object holding it) gives only its prefix and state.
   *
   * @example
   * ```ts
   * JSON.stringify(store) // '{"prefix":"caduceus:token:","healthy":true,"closed":false}'
   * ```
   */
  toJSON(): {
    /** The key prefix in use, as {@link RedisTokenStore.prefix}. */
    prefix: string;
    /** Whether Redis answered the last command, as {@link RedisTokenStore.healthy}. */
    healthy: boolean;
    /** Whether {@link RedisTokenStore.close} was called. */
    closed: boolean;
  } {
    return { prefix: this.#options.prefix, healthy: this.healthy, closed: this.#closed };
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `RedisTokenStore { prefix: ${JSON.stringify(this.#options.prefix)}, healthy: ${this.healthy}, closed: ${this.#closed} }`;
  }

  async #read(
    key: string,
    operation: RedisTokenStoreOperation,
  ): Promise<{ token: StoredToken | undefined; fingerprint: string }> {
    this.#checkKey(key, operation);
    const { client } = this.#options;
    const raw = await this.#runner.run(operation, () => client.get(this.#tokenKey(key)));
    return this.#decode(raw);
  }

  #decode(raw: string | null): { token: StoredToken | undefined; fingerprint: string } {
    const token = decodeToken(raw);
    if (!token || raw === null) return { token: undefined, fingerprint: ABSENT };
    return { token, fingerprint: createHash("sha256").update(raw).digest("base64url").slice(0, 22) };
  }

  /** Reads the token and the remaining life of its lock (-2: no lock) in one round trip. */
  async #probe(
    key: string,
  ): Promise<{ token: StoredToken | undefined; fingerprint: string; lockTtl: number }> {
    this.#checkKey(key, "wait");
    const { client } = this.#options;
    const [raw, lockTtl] = await this.#runner.run("wait", () =>
      Promise.all([client.get(this.#tokenKey(key)), client.pttl(this.#lockKey(key))]),
    );
    return { ...this.#decode(raw), lockTtl };
  }

  /** Takes an abandoned lock; throws `LockTakenOver` when this process got it, returns when another did. */
  async #takeOver(key: string): Promise<void> {
    const { client, lockTtlMs } = this.#options;
    const fence = randomBytes(16).toString("hex");
    const ttl = Math.min(this.#lastLockTtl ?? lockTtlMs, lockTtlMs);
    const reply = await this.#runner.run("wait", () =>
      client.set(this.#lockKey(key), fence, "PX", ttl, "NX"),
    );
    if (reply !== "OK") return;
    this.#takenOver.set(key, fence);
    throw new RedisTokenStoreError(
      RedisTokenStoreErrorCode.LockTakenOver,
      "wait",
      "Redis token store wait: the refresh lock's holder went away without storing a token; this process took the lock over and requests the token itself.",
    );
  }

  #remember(key: string, fingerprint: string): void {
    this.#seen.delete(key);
    this.#seen.set(key, fingerprint);
    if (this.#seen.size > MAX_SEEN) {
      const oldest = this.#seen.keys().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
  }

  #checkKey(key: string, operation: RedisTokenStoreOperation): void {
    if (this.#closed) {
      throw new RedisTokenStoreError(
        RedisTokenStoreErrorCode.Closed,
        operation,
        `Redis token store ${operation}: the store was closed with close().`,
      );
    }
    if (typeof key !== "string" || key.length === 0) {
      throw new TypeError(`RedisTokenStore.${operation}: key must be a non-empty string.`);
    }
  }

  #tokenKey(key: string): string {
    return this.#options.prefix + key;
  }

  #lockKey(key: string): string {
    return `${this.#options.prefix}lock:${key}`;
  }

  #channel(): string {
    return `${this.#options.prefix}stored`;
  }

  #healthy(): void {
    if (this.#degradedSince === undefined) return;
    const downMs = this.#options.clock.now() - this.#degradedSince;
    this.#degradedSince = undefined;
    this.#emit({ type: "redis.recovered", at: this.#options.clock.now(), downMs });
  }

  #degraded(error: RedisTokenStoreError): void {
    // A reply error means Redis is up but refused this command: not a health transition.
    if (
      error.code === RedisTokenStoreErrorCode.CommandFailed ||
      error.code === RedisTokenStoreErrorCode.Closed
    )
      return;
    if (this.#degradedSince !== undefined) return;
    this.#degradedSince = this.#options.clock.now();
    this.#emit({ type: "redis.degraded", at: this.#degradedSince, error });
  }

  #emit(event: RedisTokenStoreEvent): void {
    try {
      this.#options.onEvent?.(event);
    } catch {
      // Observability never fails a call.
    }
  }
}

/**
 * Creates a {@link RedisTokenStore}. Same as `new RedisTokenStore(options)`.
 *
 * Defaults: `prefix` `"caduceus:token:"`, `commandTimeoutMs` 500, `pubSub` true, `pollIntervalMs` 50,
 * `subscriberIdleMs` 10,000, `maxTtlMs` 24 h. Throws `AuthConfigError` (from `@caduceus/auth-core`),
 * whose `option` names the option at fault, when an option is missing or out of range.
 *
 * @example
 * ```ts
 * import { Redis } from "ioredis";
 * const tokenStore = createRedisTokenStore({ client: new Redis(process.env.REDIS_URL!, { enableOfflineQueue: false }), prefix: "billing:" });
 * const client = createCandidClient({ clientId, clientSecret, tokenStore });
 * ```
 */
export function createRedisTokenStore(options: RedisTokenStoreOptions): RedisTokenStore {
  return new RedisTokenStore(options);
}
