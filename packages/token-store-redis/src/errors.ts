import { Redactor } from "@caduceus/auth-core/engine";

/** Knows no secret of its own: it removes the process's live tokens, which are what a store holds. */
const scrubber = new Redactor();

/**
 * Stable codes of {@link RedisTokenStoreError}. Branch on `error.code`, never on message text.
 *
 * @example
 * ```ts
 * onEvent: (e) => e.type === "store.error" && (e.error as { code?: string }).code === RedisTokenStoreErrorCode.Timeout && metrics.inc("redis.slow");
 * ```
 */
export const RedisTokenStoreErrorCode = {
  /** The client is not connected (Redis down, reconnecting, or the client was quit). */
  Unavailable: "CADUCEUS_TOKEN_STORE_UNAVAILABLE",
  /** Redis did not answer within `commandTimeoutMs`. */
  Timeout: "CADUCEUS_TOKEN_STORE_TIMEOUT",
  /** Redis answered with an error (ACL denied, wrong type, script error, out of memory). */
  CommandFailed: "CADUCEUS_TOKEN_STORE_COMMAND_FAILED",
  /**
   * Not a failure of Redis: while waiting, this process found the refresh lock abandoned (its holder
   * died or gave up without storing a token) and took it over. The wait ends with this error so that
   * auth-core requests the token itself; the store releases the lock when that token is stored.
   */
  LockTakenOver: "CADUCEUS_TOKEN_STORE_LOCK_TAKEN_OVER",
  /** The store was closed with `close()`. */
  Closed: "CADUCEUS_TOKEN_STORE_CLOSED",
} as const;

/** One of the {@link RedisTokenStoreErrorCode} values. */
export type RedisTokenStoreErrorCode =
  (typeof RedisTokenStoreErrorCode)[keyof typeof RedisTokenStoreErrorCode];

/** The store operation that failed, as named in auth-core's `store.error` event (plus `release`). */
export type RedisTokenStoreOperation = "get" | "set" | "delete" | "lock" | "release" | "wait";

const BRAND = Symbol.for("@caduceus/token-store-redis/error");

/**
 * A store operation failed promptly instead of hanging: Redis unreachable, too slow, or answering with
 * an error. auth-core catches it, falls back to its in-process cache and emits a `store.error` event
 * with a scrubbed copy of it (its `name`, `message` and `code` survive), so a call never fails because
 * of Redis. The message names the operation and the option at fault; the `cause` keeps only the client
 * error's name, message and code (ioredis attaches the command's arguments, which would hold the token,
 * to its errors: they are dropped).
 *
 * Not a `CaduceusError`: it never rejects an API call, and its codes are the store's own
 * ({@link RedisTokenStoreErrorCode}). `instanceof` works across duplicate installs of this package.
 *
 * @example
 * ```ts
 * onEvent(e) { if (e.type === "store.error" && (e.error as { code?: string }).code === RedisTokenStoreErrorCode.Timeout) metrics.inc("redis.slow"); }
 * await store.get(key).catch((error) => isRedisTokenStoreError(error) && log(error.code, error.operation));
 * ```
 */
export class RedisTokenStoreError extends Error {
  /** Always `"RedisTokenStoreError"` (kept on the scrubbed copies in auth-core's `store.error` events). */
  override readonly name = "RedisTokenStoreError";
  /** Stable machine-readable code; see {@link RedisTokenStoreErrorCode}. */
  readonly code: RedisTokenStoreErrorCode;
  /** The store operation that failed. */
  readonly operation: RedisTokenStoreOperation;
  /** Whether the same operation may succeed later (every code but `Closed`). */
  readonly retryable: boolean;

  constructor(
    code: RedisTokenStoreErrorCode,
    operation: RedisTokenStoreOperation,
    message: string,
    cause?: unknown,
  ) {
    const scrubbed = scrubCause(cause);
    super(message, scrubbed === undefined ? undefined : { cause: scrubbed });
    this.code = code;
    this.operation = operation;
    this.retryable = code !== RedisTokenStoreErrorCode.Closed;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /**
   * Makes `instanceof RedisTokenStoreError` true for errors made by any copy of this package (the
   * brand is a symbol registered with `Symbol.for`), so it still works when two versions are
   * installed. The scrubbed copies in auth-core's `store.error` events are plain `Error`s: `false`.
   *
   * @param value Anything; typically a caught error.
   * @returns Whether `value` carries this package's error brand.
   * @example
   * ```ts
   * await store.delete(key).catch((error) => { if (!(error instanceof RedisTokenStoreError)) throw error; });
   * ```
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && BRAND in value;
  }

  /** A plain object without secrets, so `JSON.stringify(error)` is useful in logs. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {
      name: this.name,
      code: this.code,
      operation: this.operation,
      retryable: this.retryable,
      message: this.message,
    };
    if (this.cause instanceof Error) out.cause = { name: this.cause.name, message: this.cause.message };
    return out;
  }
}

/**
 * True when `value` is a {@link RedisTokenStoreError} from any copy of this package. (The copies in
 * auth-core's `store.error` events are scrubbed plain errors: check their `code` instead.)
 *
 * @example
 * ```ts
 * const token = await store.get(key).catch((error) => (isRedisTokenStoreError(error) && error.retryable ? undefined : Promise.reject(error)));
 * ```
 */
export function isRedisTokenStoreError(value: unknown): value is RedisTokenStoreError {
  return value instanceof RedisTokenStoreError;
}

/**
 * A safe stand-in for a Redis client's error, made by auth-core's scrubber: name, message and `code`
 * only (ioredis errors carry `command.args`, the token JSON of a SET), with every live token of the
 * process scrubbed from the message and the causes, whichever copy of auth-core learnt it.
 */
export function scrubCause(cause: unknown): Error | undefined {
  return cause === undefined ? undefined : scrubber.scrubError(cause);
}
