/**
 * The slice of an ioredis client the store uses. `Redis` and `Cluster` from `ioredis` (5.4 or later)
 * satisfy it; so can a test double. Declared structurally so this package has no runtime import of
 * ioredis: you bring the client, configured as your deployment needs (TLS, ACL user, Sentinel, Cluster).
 *
 * @example
 * ```ts
 * import { Redis } from "ioredis";
 * const client: RedisTokenStoreClient = new Redis(process.env.REDIS_URL!, { enableOfflineQueue: false });
 * ```
 */
export interface RedisTokenStoreClient {
  /** ioredis connection status: `"wait"`, `"connecting"`, `"connect"`, `"ready"`, `"reconnecting"`, `"close"`, `"end"`. */
  readonly status: string;
  /**
   * `GET key`: the stored token's JSON, or `null` when the key does not exist. Used by `get` and
   * `waitForToken`.
   */
  get(key: string): Promise<string | null>;
  /**
   * `SET key value PX milliseconds NX`: takes a refresh lock. Resolves `"OK"` when the key was set,
   * `null` when it already existed (another process holds the lock).
   */
  set(key: string, value: string, px: "PX", milliseconds: number, nx: "NX"): Promise<"OK" | null>;
  /** `DEL key`: removes a token after an API 401; resolves the number of keys removed (0 or 1). */
  del(key: string): Promise<number>;
  /**
   * `PTTL key`: a lock's remaining life in ms, `-2` when the key does not exist, `-1` when it has no
   * TTL. Lets a waiter see when a lock's holder has vanished.
   */
  pttl(key: string): Promise<number>;
  /**
   * `EVAL script numKeys ...keysAndArgs`: runs the store's two Lua scripts (store-and-publish a token,
   * fenced lock release). Each touches one key, so they also run on Redis Cluster.
   */
  eval(script: string, numKeys: number, ...keysAndArgs: (string | number)[]): Promise<unknown>;
  /** Opens the connection of a `lazyConnect` client. */
  connect(): Promise<void>;
  /** A new connection with the same options (used for the pub/sub subscriber). */
  duplicate(): RedisSubscriberClient;
  /**
   * Adds a one-time connection listener: a command sent while the client is still connecting waits
   * for `"ready"`, and fails at once on `"close"` or `"end"`.
   */
  once(event: "ready" | "end" | "close" | "error", listener: (...args: unknown[]) => void): unknown;
  /** Removes a listener added with {@link RedisTokenStoreClient.once} once the command has settled. */
  off(event: "ready" | "end" | "close" | "error", listener: (...args: unknown[]) => void): unknown;
}

/**
 * The slice of an ioredis client used for the subscriber connection: what
 * {@link RedisTokenStoreClient.duplicate} returns. The store opens it on the first wait, subscribes
 * to one channel (`<prefix>stored`) and disconnects it after `subscriberIdleMs` without waiters.
 *
 * @example
 * ```ts
 * const subscriber: RedisSubscriberClient = new Redis(process.env.REDIS_URL!).duplicate();
 * ```
 */
export interface RedisSubscriberClient {
  /** ioredis connection status; `SUBSCRIBE` is sent only once it is `"ready"`. */
  readonly status: string;
  /** `SUBSCRIBE channel`: the store's channel, whose messages are cache keys (hashes, never tokens). */
  subscribe(channel: string): Promise<unknown>;
  /** `UNSUBSCRIBE channel`. */
  unsubscribe(channel: string): Promise<unknown>;
  /** Receives a published message: `channel` is the store's channel, `message` the key whose token was stored or lock released. */
  on(event: "message", listener: (channel: string, message: string) => void): unknown;
  /** Receives connection errors; the store reports the first of each outage as a `subscriber.error` event. */
  on(event: "error", listener: (error: Error) => void): unknown;
  /** Called when the connection is (re)established; re-arms error reporting for the next outage. */
  on(event: "ready", listener: () => void): unknown;
  /** One-time listener: `"ready"` before the first `SUBSCRIBE`, `"end"` when the client gave up reconnecting. */
  once(event: "ready" | "end", listener: () => void): unknown;
  /** Removes a listener added with {@link RedisSubscriberClient.once}. */
  off(event: "ready" | "end", listener: () => void): unknown;
  /** Closes the connection at once, without a round trip (Redis may be gone); used after the idle period and by `close()`. */
  disconnect(): void;
}
