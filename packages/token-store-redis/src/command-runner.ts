import type { RedisTokenStoreClient } from "./client.js";
import { RedisTokenStoreError, RedisTokenStoreErrorCode, type RedisTokenStoreOperation } from "./errors.js";

/** Statuses in which a command may be sent at once (Cluster reports no other "up" status). */
const UP = new Set(["ready"]);
/** Statuses of a first connection in progress: worth waiting for, within the command's time limit. */
const STARTING = new Set(["wait", "connecting", "connect"]);
/** Statuses in which the client is down and reconnecting in the background (or gave up): fail at once. */
const DOWN = new Set(["reconnecting", "close", "end", "disconnecting"]);

/**
 * Runs one Redis command under the store's two promises: never queue while disconnected, never take
 * longer than `commandTimeoutMs`. auth-core also bounds store calls, but a store that fails fast keeps
 * the fallback cheap and lets the engine tell "down" from "slow" (calls keep working while Redis is down,
 * and nothing hangs: the README's "Faults: what happens"; docs/contract.md, behaviour 9).
 */
export class CommandRunner {
  readonly #client: RedisTokenStoreClient;
  readonly #timeoutMs: number;
  readonly #onSuccess: () => void;
  readonly #onFailure: (error: RedisTokenStoreError) => void;

  constructor(
    client: RedisTokenStoreClient,
    timeoutMs: number,
    onSuccess: () => void,
    onFailure: (error: RedisTokenStoreError) => void,
  ) {
    this.#client = client;
    this.#timeoutMs = timeoutMs;
    this.#onSuccess = onSuccess;
    this.#onFailure = onFailure;
  }

  run<T>(operation: RedisTokenStoreOperation, command: () => Promise<T>): Promise<T> {
    const client = this.#client;
    const timeoutMs = this.#timeoutMs;
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const finish = (error: RedisTokenStoreError | undefined, value?: T) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        client.off("ready", onReady);
        client.off("close", onDown);
        client.off("end", onDown);
        if (error) {
          this.#onFailure(error);
          reject(error);
        } else {
          this.#onSuccess();
          resolve(value as T);
        }
      };
      const send = () => {
        let pending: Promise<T>;
        try {
          pending = command();
        } catch (error) {
          finish(classify(operation, error));
          return;
        }
        pending.then(
          (value) => finish(undefined, value),
          (error: unknown) => finish(classify(operation, error)),
        );
      };
      const onReady = () => {
        client.off("close", onDown);
        client.off("end", onDown);
        send();
      };
      const onDown = () => finish(unavailable(operation, "the connection closed while it was being opened"));
      const timer = setTimeout(
        () =>
          finish(
            new RedisTokenStoreError(
              RedisTokenStoreErrorCode.Timeout,
              operation,
              `Redis token store ${operation}: no answer from Redis within ${timeoutMs} ms (option \`commandTimeoutMs\`).`,
            ),
          ),
        timeoutMs,
      );
      (timer as { unref?: () => void }).unref?.();

      const status = client.status;
      if (UP.has(status)) {
        send();
      } else if (STARTING.has(status)) {
        client.once("ready", onReady);
        client.once("close", onDown);
        client.once("end", onDown);
        // A lazyConnect client waits for its first command; ioredis rejects a second connect() while one
        // is in progress, which is harmless here.
        if (status === "wait") client.connect().catch(() => {});
      } else if (DOWN.has(status)) {
        finish(unavailable(operation, `the client is ${status}`));
      } else {
        send();
      }
    });
  }
}

function unavailable(operation: RedisTokenStoreOperation, why: string): RedisTokenStoreError {
  return new RedisTokenStoreError(
    RedisTokenStoreErrorCode.Unavailable,
    operation,
    `Redis token store ${operation}: Redis is not reachable (${why}); the client reconnects in the background.`,
  );
}

/** Maps an ioredis failure onto a store error code, keeping only a scrubbed cause. */
function classify(operation: RedisTokenStoreOperation, error: unknown): RedisTokenStoreError {
  const name = error instanceof Error ? error.name : "";
  const message = error instanceof Error ? error.message : String(error);
  if (name === "ReplyError") {
    return new RedisTokenStoreError(
      RedisTokenStoreErrorCode.CommandFailed,
      operation,
      `Redis token store ${operation}: Redis answered with an error (${firstWord(message)}).`,
      error,
    );
  }
  if (/timed out/i.test(message)) {
    return new RedisTokenStoreError(
      RedisTokenStoreErrorCode.Timeout,
      operation,
      `Redis token store ${operation}: the Redis client timed out (its own \`commandTimeout\`).`,
      error,
    );
  }
  return new RedisTokenStoreError(
    RedisTokenStoreErrorCode.Unavailable,
    operation,
    `Redis token store ${operation}: Redis is not reachable (${name || "error"}); the client reconnects in the background.`,
    error,
  );
}

/** Redis error replies start with a code word (`NOPERM`, `WRONGTYPE`, `OOM`); the rest may echo input. */
function firstWord(message: string): string {
  return message.split(/\s/, 1)[0]?.slice(0, 40) || "error";
}
