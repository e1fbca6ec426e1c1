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
  get(key: string): Promise<string | null>;
  set(key: string, value: string, px: "PX", milliseconds: number, nx: "NX"): Promise<"OK" | null>;
  del(key: string): Promise<number>;
  pttl(key: string): Promise<number>;
  eval(script: string, numKeys: number, ...keysAndArgs: (string | number)[]): Promise<unknown>;
  /** Opens the connection of a `lazyConnect` client. */
  connect(): Promise<void>;
  /** A new connection with the same options (used for the pub/sub subscriber). */
  duplicate(): RedisSubscriberClient;
  once(event: "ready" | "end" | "close" | "error", listener: (...args: unknown[]) => void): unknown;
  off(event: "ready" | "end" | "close" | "error", listener: (...args: unknown[]) => void): unknown;
}

/** The slice of an ioredis client used for the subscriber connection. */
export interface RedisSubscriberClient {
  readonly status: string;
  subscribe(channel: string): Promise<unknown>;
  unsubscribe(channel: string): Promise<unknown>;
  on(event: "message", listener: (channel: string, message: string) => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  on(event: "ready", listener: () => void): unknown;
  once(event: "ready" | "end", listener: () => void): unknown;
  off(event: "ready" | "end", listener: () => void): unknown;
  disconnect(): void;
}
