import type { RedisSubscriberClient, RedisTokenStoreClient } from "./client.js";

/** What one waiter holds while it waits for news of one key. */
export interface NotificationListener {
  /** Resolves `true` once the subscription is confirmed, `false` if it failed (waiters then poll). */
  readonly subscribed: Promise<boolean>;
  /** Resolves when a token is stored or the refresh lock released under the key. */
  readonly notified: Promise<void>;
  /** Stops listening; the last listener to leave starts the subscriber's idle countdown. */
  dispose(): void;
}

/**
 * Wakes waiting processes when a token is stored or a refresh lock is released, through one pub/sub
 * channel per prefix whose messages are keys (hashes, never tokens).
 *
 * Why pub/sub rather than polling alone: a fleet waiting on one refresh should read the new token the
 * moment it lands, without 8 × N processes hammering Redis every few ms. Why one channel per prefix
 * instead of one per key: one SUBSCRIBE per process, not per wait; tokens are stored about once per
 * lifetime per tenant, so the extra messages cost nothing. The subscriber connection (a Redis
 * connection in subscribe mode can run no other command) is opened on the first wait and closed after
 * `subscriberIdleMs` without waiters, so a process that never waits never holds a second connection.
 */
export class SetNotifier {
  readonly #client: RedisTokenStoreClient;
  readonly #channel: string;
  readonly #idleMs: number;
  readonly #onError: (error: Error) => void;
  readonly #waiters = new Map<string, Set<() => void>>();
  #subscriber: RedisSubscriberClient | undefined;
  #subscription: Promise<boolean> | undefined;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  #count = 0;
  #closed = false;

  constructor(
    client: RedisTokenStoreClient,
    channel: string,
    idleMs: number,
    onError: (error: Error) => void,
  ) {
    this.#client = client;
    this.#channel = channel;
    this.#idleMs = idleMs;
    this.#onError = onError;
  }

  /** Whether a subscriber connection is currently open (for tests and `inspect`). */
  get connected(): boolean {
    return this.#subscriber !== undefined;
  }

  listen(key: string): NotificationListener {
    let wake!: () => void;
    const notified = new Promise<void>((resolve) => {
      wake = resolve;
    });
    let set = this.#waiters.get(key);
    if (!set) {
      set = new Set();
      this.#waiters.set(key, set);
    }
    set.add(wake);
    this.#count++;
    if (this.#idleTimer) {
      clearTimeout(this.#idleTimer);
      this.#idleTimer = undefined;
    }
    let disposed = false;
    return {
      subscribed: this.#closed ? Promise.resolve(false) : this.#subscribe(),
      notified,
      dispose: () => {
        if (disposed) return;
        disposed = true;
        wake();
        const current = this.#waiters.get(key);
        current?.delete(wake);
        if (current?.size === 0) this.#waiters.delete(key);
        if (--this.#count === 0) this.#scheduleIdleClose();
      },
    };
  }

  /** Closes the subscriber connection now and wakes every waiter. */
  close(): void {
    this.#closed = true;
    for (const set of this.#waiters.values()) for (const wake of set) wake();
    this.#teardown();
  }

  #subscribe(): Promise<boolean> {
    this.#subscription ??= this.#openAndSubscribe().then(
      () => true,
      (error: unknown) => {
        // Forget the failed attempt so the next waiter tries again; the connection itself (if any)
        // keeps reconnecting in the background and resubscribes on its own once subscribed.
        this.#subscription = undefined;
        this.#report(error);
        return false;
      },
    );
    return this.#subscription;
  }

  async #openAndSubscribe(): Promise<void> {
    if (!this.#subscriber) {
      const subscriber = this.#client.duplicate();
      // One report per outage: ioredis emits an error on every failed reconnect attempt.
      let reported = false;
      subscriber.on("error", (error) => {
        if (reported) return;
        reported = true;
        this.#report(error);
      });
      subscriber.on("ready", () => {
        reported = false;
      });
      subscriber.on("message", (channel, message) => {
        if (channel !== this.#channel) return;
        const set = this.#waiters.get(message);
        if (set) for (const wake of [...set]) wake();
      });
      subscriber.once("end", () => {
        // The client gave up reconnecting (its retryStrategy said so): open a new one next time.
        if (this.#subscriber === subscriber) {
          this.#subscriber = undefined;
          this.#subscription = undefined;
        }
      });
      this.#subscriber = subscriber;
    }
    const subscriber = this.#subscriber;
    // A client configured with `enableOfflineQueue: false` rejects SUBSCRIBE until it is ready.
    if (subscriber.status !== "ready") await whenReady(subscriber);
    await subscriber.subscribe(this.#channel);
  }

  #scheduleIdleClose(): void {
    if (!this.#subscriber) return;
    if (this.#idleMs === 0) {
      this.#teardown();
      return;
    }
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = undefined;
      if (this.#count === 0) this.#teardown();
    }, this.#idleMs);
    (this.#idleTimer as { unref?: () => void }).unref?.();
  }

  #teardown(): void {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
    const subscriber = this.#subscriber;
    this.#subscriber = undefined;
    this.#subscription = undefined;
    // disconnect() rather than quit(): no round trip to a Redis that may be gone, and pending
    // subscribe promises reject (handled above) instead of hanging.
    subscriber?.disconnect();
  }

  #report(error: unknown): void {
    this.#onError(error instanceof Error ? error : new Error(String(error)));
  }
}

function whenReady(subscriber: RedisSubscriberClient): Promise<void> {
  return new Promise((resolve, reject) => {
    const onReady = () => {
      subscriber.off("end", onEnd);
      resolve();
    };
    const onEnd = () => {
      subscriber.off("ready", onReady);
      reject(new Error("the subscriber connection ended before it was ready"));
    };
    subscriber.once("ready", onReady);
    subscriber.once("end", onEnd);
  });
}
