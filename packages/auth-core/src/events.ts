import type { CaduceusError } from "./errors/caduceus-error.js";
import type { LifetimeSource } from "./token/lifetime.js";

export type { LifetimeSource } from "./token/lifetime.js";

/**
 * Fields every {@link AuthEvent} carries, stamped by the client that emits it. None of them is a
 * secret: `key` is a hash of the credential identity, never the credentials themselves.
 *
 * @example
 * ```ts
 * onEvent: (e) => log.debug({ vendor: e.vendor, key: e.key, at: new Date(e.at).toISOString() }, e.type)
 * ```
 *
 * @group Events
 */
export interface EventBase {
  /** The preset's vendor name, e.g. `"Candid Health"`. */
  vendor: string;
  /**
   * The token cache key of the client's credential identity (`"caduceus:<vendor>:<sha-256 hex>"`, see
   * `tokenCacheKey`). Groups events of clients that share a token. Empty (`""`) in the rare event
   * emitted before the key has been computed (hashing is asynchronous).
   */
  key: string;
  /** When the event happened: epoch milliseconds on the client's `clock` (a fake one in tests). */
  at: number;
}

/**
 * Everything auth-core reports through the `onEvent` hook. Events never contain a secret or token;
 * errors in them are scrubbed. Silent unless a hook is given.
 *
 * | `type` | When |
 * | --- | --- |
 * | `cache.hit` | A call used the cached token (also during the background-refresh window). |
 * | `cache.miss` | A call found no usable token and waits for one (joined or requested). |
 * | `token.requested` | One token request is about to be sent (each attempt, retries included). |
 * | `token.retry` | A retryable failure; the next attempt follows after `delayMs`. |
 * | `token.obtained` | A token request succeeded; the token was cached. |
 * | `token.failed` | An acquisition failed; `error` is what waiting callers receive. |
 * | `token.invalidated` | An API answered 401, so the token it was sent with was dropped. |
 * | `request.replayed` | That API request was sent again once with a fresh token. |
 * | `request.not-replayed` | That API request could not be replayed; the 401 goes to the caller. |
 * | `request.retry` | An API call failed in a retryable way; it is sent again after `delayMs`. |
 * | `store.error` | The token store threw or was too slow; the in-process cache was used instead. |
 *
 * @example
 * ```ts
 * createCandidClient({ ...creds, onEvent: (e) => e.type === "token.obtained" && metrics.inc(e.lifetimeSource) });
 * ```
 *
 * @group Events
 */
export type AuthEvent =
  | (EventBase & {
      /** A call used the cached token without waiting (also inside the background-refresh window). */
      type: "cache.hit";
    })
  | (EventBase & {
      /** A call found no usable token: it joins the acquisition in flight or starts one. */
      type: "cache.miss";
    })
  | (EventBase & {
      /** One token request is about to be sent; emitted for every attempt, retries included. */
      type: "token.requested";
      /** 1-based attempt number within this acquisition: 1 is the first request, 2 the first retry. */
      attempt: number;
      /** The OAuth grant sent: `"client_credentials"`, `"password"` or `"refresh_token"`. */
      grant: string;
    })
  | (EventBase & {
      /** Attempt `attempt` failed in a retryable way (408, 429, 5xx, network); another follows. */
      type: "token.retry";
      /** 1-based number of the attempt that failed. */
      attempt: number;
      /**
       * Milliseconds waited before the next attempt: the endpoint's `Retry-After` when it sent one
       * (at most 60 s), else exponential backoff with full jitter; never under 100 ms.
       */
      delayMs: number;
      /** HTTP status of the failed attempt; absent when no answer arrived (network error). */
      status?: number;
    })
  | (EventBase & {
      /**
       * This process's token request succeeded; the token is cached and then written to the token
       * store. (A token adopted from the store, fetched by another process, emits no event.)
       */
      type: "token.obtained";
      /**
       * How long the token is valid, in milliseconds counted from when its request was sent; `null`
       * when nothing said (`lifetimeSource` `"none"`: reused until a 401).
       */
      lifetimeMs: number | null;
      /** Which signal decided `lifetimeMs`. */
      lifetimeSource: LifetimeSource;
      /**
       * `true` for a refresh started ahead of expiry while calls kept using the old token; `false`
       * when callers were waiting for this token.
       */
      background: boolean;
    })
  | (EventBase & {
      /**
       * An acquisition failed: after its retries, or at once while the key is blocked after a 429 or
       * a non-retryable failure (the remembered error is reported again, no request is sent).
       */
      type: "token.failed";
      /**
       * The scrubbed error waiting callers receive: a `TokenRequestError`, `TokenResponseError`,
       * `TimeoutError` or `AbortError`.
       */
      error: CaduceusError;
      /**
       * `true` when a background refresh failed: callers still use the old token until it expires,
       * and the refresh is retried with backoff. `false` when callers were waiting.
       */
      background: boolean;
    })
  | (EventBase & {
      /** The token an API request was sent with was dropped and will never be adopted again. */
      type: "token.invalidated";
      /** Why: `"401"`, the API answered 401 Unauthorized to a request carrying the token. */
      reason: "401";
    })
  | (EventBase & {
      /** An API request answered 401 was sent once more, with a fresh token. */
      type: "request.replayed";
      /** HTTP method of the replayed request. */
      method: string;
      /** URL of the replayed request, without its query string or fragment, scrubbed of secrets. */
      url: string;
    })
  | (EventBase & {
      /** An API request answered 401 could not be replayed; the caller gets the 401 with a hint header. */
      type: "request.not-replayed";
      /** HTTP method of the request. */
      method: string;
      /** URL of the request, without its query string or fragment, scrubbed of secrets. */
      url: string;
      /**
       * Why: `"stream"`, the body was a `ReadableStream` that can be sent only once; `"too-large"`,
       * the body was over `MAX_REPLAY_BODY_BYTES` (so it was not kept for a replay).
       */
      reason: "stream" | "too-large";
    })
  | (EventBase & {
      /**
       * An API call failed in a retryable way (408, 429, 500, 502, 503, 504, or no connection) and is
       * sent again after `delayMs`. Idempotent methods only, unless the call was made safe to repeat.
       */
      type: "request.retry";
      /** HTTP method of the request. */
      method: string;
      /** URL of the request, without its query string or fragment, scrubbed of secrets. */
      url: string;
      /** 1-based number of the attempt that failed (a replay after a 401 counts as an attempt). */
      attempt: number;
      /** `"status"`: the server answered with a retryable status; `"network"`: no answer reached us. */
      reason: "status" | "network";
      /** The status answered, when `reason` is `"status"`. */
      status?: number;
      /** Milliseconds waited before the next attempt: the server's `Retry-After`, else backoff with jitter. */
      delayMs: number;
    })
  | (EventBase & {
      /**
       * The token store threw, or did not answer within its limit (1 s per call; a `waitForToken` gets
       * the time it was given plus 1 s); the call went on with the in-process cache.
       */
      type: "store.error";
      /** The store operation that failed (`"wait"` is `waitForToken`). */
      operation: "get" | "set" | "delete" | "lock" | "wait";
      /** What the store threw, scrubbed of secrets (name, message, `code`), or an `Error` saying it timed out. */
      error: Error;
    });

/**
 * Receives {@link AuthEvent}s, synchronously, on the call's path. A hook that throws is ignored:
 * observability never fails a call. Keep it cheap; hand slow work (network exporters) off to a queue.
 *
 * @example
 * ```ts
 * const onEvent: AuthEventHandler = (e) => { if (e.type === "token.failed") log.warn(e.error.toJSON()); };
 * ```
 *
 * @group Events
 */
export type AuthEventHandler = (event: AuthEvent) => void;

/**
 * An {@link AuthEvent} before the client stamps it with `vendor`, `key` and `at`: what auth-core's
 * modules (and a custom {@link EventEmitter} caller) pass in. Plumbing for code that wires
 * `createAuthFetch` or `TokenProvider` by hand; `onEvent` hooks always receive complete events.
 *
 * @example
 * ```ts
 * const input: EventInput = { type: "request.replayed", method: "GET", url: "https://api.acme.test/v1/things" };
 * ```
 *
 * @group Events
 */
// Omit applied to each member of the union separately (`Event` is a naked type parameter, so the
// conditional distributes), so the result stays a discriminated union on `type`.
export type EventInput = AuthEvent extends infer Event
  ? Event extends unknown
    ? Omit<Event, "vendor" | "key" | "at">
    : never
  : never;

/**
 * How auth-core's modules report events to their client: `createAuthClient` builds one that stamps
 * each {@link EventInput} with `vendor`, `key` and `at` and passes it to `onEvent`. Must never throw
 * (the client's swallows any error from the hook); optional wherever it is accepted.
 *
 * @example
 * ```ts
 * const emit: EventEmitter = (event) => onEvent?.({ ...event, vendor: "Acme", key, at: clock.now() } as AuthEvent);
 * createAuthFetch({ vendor: "Acme", tokens, apiOrigins, clock, timeoutMs: 30_000, redactor, emit });
 * ```
 *
 * @group Events
 */
export type EventEmitter = (event: EventInput) => void;
