import type { CaduceusError } from "./errors/caduceus-error.js";

/** Where a token's lifetime came from: the shortest signal wins. */
export type LifetimeSource = "expires_in" | "jwt" | "preset-max" | "none";

/** Fields every event carries. `key` is the cache key (a hash; never a secret). */
interface EventBase {
  vendor: string;
  key: string;
  /** Epoch ms on the client's clock. */
  at: number;
}

/**
 * Everything auth-core reports through the `onEvent` hook. Events never contain a secret or token;
 * errors in them are scrubbed. Silent unless a hook is given.
 *
 * @example
 * ```ts
 * createCandidClient({ ...creds, onEvent: (e) => e.type === "token.obtained" && metrics.inc(e.lifetimeSource) });
 * ```
 */
export type AuthEvent =
  | (EventBase & { type: "cache.hit" })
  | (EventBase & { type: "cache.miss" })
  | (EventBase & { type: "token.requested"; attempt: number; grant: string })
  | (EventBase & { type: "token.retry"; attempt: number; delayMs: number; status?: number })
  | (EventBase & {
      type: "token.obtained";
      lifetimeMs: number | null;
      lifetimeSource: LifetimeSource;
      background: boolean;
    })
  | (EventBase & { type: "token.failed"; error: CaduceusError; background: boolean })
  | (EventBase & { type: "token.invalidated"; reason: "401" })
  | (EventBase & { type: "request.replayed"; method: string; url: string })
  | (EventBase & {
      type: "request.not-replayed";
      method: string;
      url: string;
      reason: "stream" | "too-large";
    })
  | (EventBase & {
      type: "store.error";
      operation: "get" | "set" | "delete" | "lock" | "wait";
      error: Error;
    });

/** Receives {@link AuthEvent}s. A hook that throws is ignored: observability never fails a call. */
export type AuthEventHandler = (event: AuthEvent) => void;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event before the client stamps it with `vendor`, `key` and `at` (internal plumbing). */
export type EventInput = DistributiveOmit<AuthEvent, "vendor" | "key" | "at">;
/** How modules report events to their client; never throws. */
export type EventEmitter = (event: EventInput) => void;
