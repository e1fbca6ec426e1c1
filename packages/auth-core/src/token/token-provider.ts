import { type Clock, sleep } from "../clock.js";
import { abortReasonToError, DEFAULT_TIMEOUT_MS, Deadline, detachable } from "../deadline.js";
import { type CaduceusError, isCaduceusError } from "../errors/caduceus-error.js";
import { ErrorCode } from "../errors/codes.js";
import { TimeoutError } from "../errors/timeout-error.js";
import { TokenRequestError } from "../errors/token-request-error.js";
import { TokenResponseError } from "../errors/token-response-error.js";
import type { AuthEvent, AuthEventHandler, EventInput } from "../events.js";
import { processWide } from "../process-state.js";
import { rememberLiveToken, safeUrl } from "../redact.js";
import { GuardedStore, isStoredToken, STORE_CALL_LIMIT_MS } from "../store/guarded-store.js";
import type { StoredToken, TokenStore, TokenStoreLock } from "../store/token-store.js";
import { computeLifetime } from "./lifetime.js";
import { type ExchangeSetup, obtainGrant } from "./obtain-grant.js";
import { type ScheduledToken, scheduleRefresh } from "./refresh-schedule.js";

/** How long a non-retryable failure (e.g. `invalid_client`) answers every call without a new request. */
export const NEGATIVE_CACHE_MS = 5_000;
/** Poll interval while another process holds the fleet lock and the store cannot notify. */
const LOCK_POLL_MS = 50;
/** Back-off of refreshes after failures: 1 s, 2 s, 4 s … up to a minute, jittered. */
const REFRESH_BACKOFF_BASE_MS = 1_000;
const REFRESH_BACKOFF_CAP_MS = 60_000;
/** A 429 blocks the key at most this long, whatever its Retry-After says (a year would brick the client). */
const MAX_BLOCK_MS = 10 * 60_000;
/** Without a 429 Retry-After, the key is blocked this long. */
const DEFAULT_BLOCK_MS = 1_000;
/**
 * Most per-key states kept per store (as many as the default store keeps tokens). Past it the oldest
 * idle ones are dropped, so a process serving ever new tenants stays flat (issue #5).
 */
export const MAX_KEY_STATES = 10_000;

/** What every client of one credential identity in this process shares. */
interface KeyState {
  token?: ScheduledToken;
  inflight?: Promise<ScheduledToken>;
  refreshToken?: string;
  /** The last token an API answered 401 to: never adopted again, even if a store still holds it. */
  rejected?: string;
  /** Until then no token request is sent for this key (429 Retry-After, or a remembered failure). */
  blockedUntil: number;
  blockedError?: CaduceusError;
  /** Consecutive failed refreshes of a token we held; any success resets them. */
  failures: number;
  /** No refresh starts before this (back-off after failed refreshes). */
  retryAt: number;
  /** Error of the last failed refresh; after expiry, calls inside the back-off reject with it. */
  lastError?: CaduceusError;
}

/**
 * Shared per store and key, across clients and across duplicate installs of auth-core (the process
 * state, `process-state.ts`; a copy with another state layout keeps its own and still shares tokens
 * through the store).
 */
function sharedStates(store: TokenStore): Map<string, KeyState> {
  const byStore = processWide("key-states", () => new WeakMap<TokenStore, Map<string, KeyState>>());
  let states = byStore.get(store);
  if (!states) {
    states = new Map();
    byStore.set(store, states);
  }
  return states;
}

/**
 * Drops the oldest states no request is in flight for, down to {@link MAX_KEY_STATES}, never `keep`.
 * A client still holding a dropped state keeps using its token and rejoins on its next miss; the
 * store still shares tokens between clients in the meantime.
 */
function dropIdleStates(states: Map<string, KeyState>, keep: string): void {
  for (const [key, state] of states) {
    if (states.size <= MAX_KEY_STATES) return;
    if (key !== keep && !state.inflight) states.delete(key);
  }
}

/**
 * Options of {@link TokenProvider}. `createAuthClient` builds them; set them yourself only to run the
 * token lifecycle without an openapi-fetch client.
 *
 * @example
 * ```ts
 * const options: TokenProviderOptions = { exchange: setup, store: defaultTokenStore(), key: tokenCacheKey("Acme", setup.tokenUrl, setup.credentials), clock: systemClock, timeoutMs: 30_000 };
 * ```
 */
export interface TokenProviderOptions {
  /** How to request a token: preset, credentials, token URL, fetch, retries, redactor, retry budget. */
  exchange: ExchangeSetup;
  /**
   * Where tokens are shared with other clients and processes (its `lock` and `waitForToken`, when
   * present, give fleet-wide single flight). A store that throws or takes over 1 s never fails a call:
   * the provider carries on with its in-process cache and emits `store.error`.
   */
  store: TokenStore;
  /** Resolves to the cache key (hashing is async with Web Crypto). */
  key: Promise<string>;
  /** Time, timers and randomness for expiry, refresh windows, back-off and jitter; a fake clock in tests. */
  clock: Clock;
  /** Time limit of one shared acquisition (independent of any one caller). 0 = the default, 30 s. */
  timeoutMs: number;
  /**
   * Receives the provider's events (`cache.hit`, `cache.miss`, `token.obtained`, `token.failed`,
   * `token.invalidated`, `store.error`), stamped with vendor, key and time; one that throws is
   * ignored. Default: none. (`token.requested` and `token.retry` go to `exchange.emit`.)
   */
  onEvent?: AuthEventHandler;
}

/**
 * The lifecycle of one credential identity's token: in-process cache, single flight, the shared store
 * and its fleet lock, two-tier refresh, and protection of the token endpoint after failures.
 *
 * - A token is used until its final window; in the refresh window before that, calls still use it
 *   while one background refresh runs. If refreshes fail, the old token is served until it truly
 *   expires (in the final window too), and refreshes are retried with back-off. After expiry, calls
 *   inside the back-off reject at once with the last error; later ones try again.
 * - Any number of concurrent misses cause one request (per process; per fleet with a locking store).
 * - A 429 blocks new requests for the key until Retry-After passes; a non-retryable failure is
 *   remembered for {@link NEGATIVE_CACHE_MS} so a burst of calls causes one request, not hundreds.
 *
 * @example
 * ```ts
 * const token = await provider.getToken(signal); // cached, joined, or fetched once for everyone
 * ```
 */
export class TokenProvider {
  readonly #options: TokenProviderOptions;
  readonly #clock: Clock;
  readonly #guarded: GuardedStore;
  #state?: KeyState;
  #key?: string;

  constructor(options: TokenProviderOptions) {
    this.#options = options;
    this.#clock = options.clock;
    this.#guarded = new GuardedStore(
      options.store,
      options.clock,
      options.exchange.redactor,
      (operation, error) => this.#emit({ type: "store.error", operation, error }),
    );
  }

  /**
   * Resolves to a valid access token. `signal` detaches only this caller: a shared acquisition it was
   * waiting on goes on for the others under its own time limit.
   */
  async getToken(signal?: AbortSignal): Promise<string> {
    const state = this.#state ?? (await this.#stateFor());
    const cached = this.#cached(state);
    if (cached) return cached.accessToken;
    // On a miss, rejoin the key's shared state: ours may have been dropped as idle (MAX_KEY_STATES).
    const shared = await this.#stateFor();
    const joined = shared === state ? undefined : this.#cached(shared);
    if (joined) return joined.accessToken;
    return (await this.#wait(shared, signal)).accessToken;
  }

  /**
   * The cached token and its `Authorization` value when one can be used right now, synchronously
   * (the hot path: no promise, no allocation); starts a background refresh when one is due.
   */
  peek():
    | {
        /** The raw access token, as {@link TokenProvider.getToken} would resolve it. */
        readonly accessToken: string;
        /** The complete `Authorization` header value, `"Bearer <accessToken>"`. */
        readonly authorization: string;
      }
    | undefined {
    return this.#state ? this.#cached(this.#state) : undefined;
  }

  /**
   * Drops `accessToken` after an API 401, if it is still the cached one (a newer token fetched by a
   * concurrent replay is kept), and never adopts it again. Also removes it from the store when the
   * store holds that same token.
   */
  async invalidate(accessToken: string): Promise<void> {
    const state = this.#state ?? (await this.#stateFor());
    state.rejected = accessToken;
    if (state.token?.accessToken === accessToken) state.token = undefined;
    this.#emit({ type: "token.invalidated", reason: "401" });
    const stored = await this.#guarded.call("get", (store) => store.get(this.#key!));
    if (stored.ok && stored.value?.accessToken === accessToken) {
      await this.#guarded.call("delete", (store) => store.delete(this.#key!));
    }
  }

  #cached(state: KeyState): ScheduledToken | undefined {
    const token = state.token;
    if (!token) return undefined;
    if (token.blockAt === null || token.refreshAt === null || token.expiresAt === null) {
      this.#hit();
      return token;
    }
    const now = this.#clock.now();
    if (now < token.refreshAt) {
      this.#hit();
      return token;
    }
    if (now < token.blockAt) {
      this.#hit();
      if (!state.inflight && now >= state.retryAt) this.#refreshInBackground(state);
      return token;
    }
    // Final window: callers wait for the refresh, unless the last one just failed (back-off).
    if (now < token.expiresAt && state.failures > 0 && now < state.retryAt && !state.inflight) {
      this.#hit();
      return token;
    }
    return undefined;
  }

  #hit(): void {
    if (this.#options.onEvent) this.#emit({ type: "cache.hit" });
  }

  async #wait(state: KeyState, signal: AbortSignal | undefined): Promise<ScheduledToken> {
    // A caller aborted before it asked starts no token request (nobody would wait for its answer).
    if (signal?.aborted) throw abortReasonToError(signal.reason, this.#describe());
    this.#emit({ type: "cache.miss" });
    const now = this.#clock.now();
    const valid = state.token?.expiresAt != null && now < state.token.expiresAt;
    if (!valid && !state.inflight && state.lastError && now < state.retryAt) throw state.lastError;
    try {
      try {
        return await detachable(this.#joinOrStart(state, false), signal, this.#describe());
      } catch (error) {
        // The shared request ran out of the time limit of the client that started it (another client
        // of this key may have a shorter timeoutMs), not of this caller, which still has time: ask
        // again once, under this client's limit (issue #5, found by the reliability campaign).
        if (!(error instanceof TimeoutError) || signal?.aborted) throw error;
        return await detachable(this.#joinOrStart(state, false), signal, this.#describe());
      }
    } catch (error) {
      // The refresh failed in the final window, but the token we hold is still valid (issue #3).
      const held = state.token;
      if (!signal?.aborted && held?.expiresAt != null && this.#clock.now() < held.expiresAt) return held;
      throw error;
    }
  }

  async #stateFor(): Promise<KeyState> {
    const key = this.#key ?? (await this.#options.key);
    const states = sharedStates(this.#options.store);
    let state = states.get(key);
    if (!state) {
      // A state dropped while this client held it is put back, so the clients of a key share one.
      state = this.#state ?? { blockedUntil: 0, failures: 0, retryAt: 0 };
      states.set(key, state);
      if (states.size > MAX_KEY_STATES) dropIdleStates(states, key);
    }
    this.#key = key;
    this.#state = state;
    return state;
  }

  get #vendor(): string {
    return this.#options.exchange.preset.vendor;
  }

  #describe(): string {
    return `${this.#vendor} token request POST ${safeUrl(this.#options.exchange.tokenUrl)}`;
  }

  #emit(event: EventInput): void {
    const handler = this.#options.onEvent;
    if (!handler) return;
    try {
      handler({ ...event, vendor: this.#vendor, key: this.#key ?? "", at: this.#clock.now() } as AuthEvent);
    } catch {
      // An observer that throws must never fail a call.
    }
  }

  #joinOrStart(state: KeyState, background: boolean): Promise<ScheduledToken> {
    if (state.inflight) return state.inflight;
    const now = this.#clock.now();
    const refreshing =
      state.token !== undefined && (state.token.expiresAt === null || now < state.token.expiresAt);
    const flight: Promise<ScheduledToken> = this.#acquire(state, background)
      .then(
        (token) => {
          state.failures = 0;
          state.retryAt = 0;
          state.lastError = undefined;
          return token;
        },
        (error: CaduceusError) => {
          if (refreshing || state.failures > 0) this.#backOff(state, error);
          throw error;
        },
      )
      .finally(() => {
        if (state.inflight === flight) state.inflight = undefined;
      });
    state.inflight = flight;
    return flight;
  }

  #refreshInBackground(state: KeyState): void {
    // Failures are handled in #joinOrStart (back-off) and reported as token.failed events.
    this.#joinOrStart(state, true).catch(() => {});
  }

  #backOff(state: KeyState, error: CaduceusError): void {
    state.failures += 1;
    state.lastError = error;
    const base = Math.min(REFRESH_BACKOFF_CAP_MS, REFRESH_BACKOFF_BASE_MS * 2 ** (state.failures - 1));
    state.retryAt = this.#clock.now() + base * (0.5 + this.#clock.random() / 2);
  }

  async #acquire(state: KeyState, background: boolean): Promise<ScheduledToken> {
    const { clock, store } = this.#options;
    // A shared acquisition always has a limit: with timeoutMs 0 (no per-call limit) a hung
    // connection would otherwise hold every later caller of this key for as long as it hangs.
    const timeoutMs = this.#options.timeoutMs > 0 ? this.#options.timeoutMs : DEFAULT_TIMEOUT_MS;
    const deadline = new Deadline(clock, timeoutMs, () => this.#describe());
    let blocked = false;
    try {
      const isFresh = (token: StoredToken | undefined): ScheduledToken | undefined => {
        if (!isStoredToken(token)) return undefined;
        if (token.accessToken === state.token?.accessToken || token.accessToken === state.rejected)
          return undefined;
        const scheduled = scheduleRefresh(token, this.#clock.random());
        const limit = background ? scheduled.refreshAt : scheduled.blockAt;
        return limit === null || clock.now() < limit ? scheduled : undefined;
      };
      // Another process may hold a fresh token even while this key is blocked here.
      const stored = await this.#guarded.call("get", (s) => s.get(this.#key!));
      const adoptable = stored.ok ? isFresh(stored.value) : undefined;
      if (adoptable) return this.#adopt(state, adoptable);
      if (clock.now() < state.blockedUntil && state.blockedError) {
        blocked = true;
        throw state.blockedError;
      }

      let lock: TokenStoreLock | undefined;
      if (store.lock) {
        const lockTtl = timeoutMs;
        const taken = await this.#guarded.call("lock", (s) => s.lock!(this.#key!, lockTtl));
        if (taken.ok && taken.value) {
          lock = taken.value;
          // Another process may have stored a token between our read and our lock.
          const again = await this.#guarded.call("get", (s) => s.get(this.#key!));
          const fresh = again.ok ? isFresh(again.value) : undefined;
          if (fresh) {
            void this.#release(lock);
            return this.#adopt(state, fresh);
          }
        } else if (taken.ok) {
          // Someone else in the fleet is refreshing: wait for its token, but leave time to fetch
          // ourselves if it died or is too slow, rather than fail the call.
          const limit = Math.min(lockTtl, (deadline.at - clock.now()) / 2);
          const waited = await this.#waitForHolder(limit, isFresh, deadline.signal);
          if (waited) return this.#adopt(state, waited);
        }
      }
      return await this.#fetchAndStore(state, deadline, background, lock);
    } catch (error) {
      const failure = isCaduceusError(error)
        ? error
        : deadline.signal.aborted
          ? deadline.abortError()
          : this.#options.exchange.redactor.scrubError(error);
      if (!isCaduceusError(failure)) throw failure;
      this.#options.exchange.redactor.seal(failure);
      if (!blocked) this.#protectEndpoint(state, failure);
      this.#emit({ type: "token.failed", error: failure, background });
      throw failure;
    } finally {
      deadline.clear();
    }
  }

  async #fetchAndStore(
    state: KeyState,
    deadline: Deadline,
    background: boolean,
    lock: TokenStoreLock | undefined,
  ): Promise<ScheduledToken> {
    const { exchange, clock } = this.#options;
    let result: Awaited<ReturnType<typeof obtainGrant>>;
    try {
      try {
        result = await obtainGrant(exchange, deadline.signal, state.refreshToken, deadline.at);
      } catch (error) {
        // A refresh token that is refused (expired, rotated elsewhere) falls back to the credentials once.
        if (!state.refreshToken || !(error instanceof TokenRequestError) || error.retryable) throw error;
        state.refreshToken = undefined;
        result = await obtainGrant(exchange, deadline.signal, undefined, deadline.at);
      }
    } catch (error) {
      if (lock) void this.#release(lock);
      throw error;
    }
    const { grant, sentAt } = result;
    const lifetime = computeLifetime({
      accessToken: grant.accessToken,
      expiresInSeconds: grant.expiresInSeconds,
      maxLifetimeSeconds: exchange.preset.maxLifetimeSeconds,
      sentAt,
    });
    if (grant.refreshToken) {
      rememberLiveToken(grant.refreshToken);
      state.refreshToken = grant.refreshToken;
    }
    const token: StoredToken = {
      accessToken: grant.accessToken,
      tokenType: grant.tokenType,
      expiresAt: lifetime.expiresAt,
      obtainedAt: sentAt,
      ...(grant.scope ? { scope: grant.scope } : {}),
    };
    state.blockedUntil = 0;
    state.blockedError = undefined;
    this.#emit({
      type: "token.obtained",
      lifetimeMs: lifetime.expiresAt === null ? null : lifetime.expiresAt - sentAt,
      lifetimeSource: lifetime.source,
      background,
    });
    const scheduled = this.#adopt(state, scheduleRefresh(token, this.#clock.random()));
    // Stored and unlocked before callers go on: they would otherwise flood the event loop with API
    // calls and delay the writes the rest of the fleet is waiting for. The lock is released after the
    // write, so waiters find the token. A slow store costs at most STORE_CALL_LIMIT_MS per operation.
    const ttl = token.expiresAt === null ? undefined : Math.max(1, token.expiresAt - clock.now());
    await this.#guarded.call("set", (s) => s.set(this.#key!, token, ttl));
    if (lock) await this.#release(lock);
    return scheduled;
  }

  #adopt(state: KeyState, token: ScheduledToken): ScheduledToken {
    rememberLiveToken(token.accessToken);
    state.token = token;
    return token;
  }

  #protectEndpoint(state: KeyState, error: CaduceusError): void {
    if (!(error instanceof TokenRequestError) && !(error instanceof TokenResponseError)) return;
    const now = this.#clock.now();
    if (error.code === ErrorCode.TokenRequestRateLimited) {
      const retryAfter = (error as TokenRequestError).retryAfterMs ?? DEFAULT_BLOCK_MS;
      state.blockedUntil = now + Math.min(MAX_BLOCK_MS, retryAfter);
      state.blockedError = error;
    } else if (!error.retryable) {
      state.blockedUntil = now + NEGATIVE_CACHE_MS;
      state.blockedError = error;
    }
  }

  async #waitForHolder(
    limitMs: number,
    isFresh: (token: StoredToken | undefined) => ScheduledToken | undefined,
    signal: AbortSignal,
  ): Promise<ScheduledToken | undefined> {
    const { store, clock } = this.#options;
    const until = clock.now() + limitMs;
    for (let round = 0; clock.now() < until && !signal.aborted; round++) {
      // Polling stores wait before each read; a notifying store that answered early without a
      // fresh token waits too, so a misbehaving store cannot spin this loop.
      if (round > 0 || !store.waitForToken) {
        try {
          await sleep(clock, LOCK_POLL_MS, signal);
        } catch {
          return undefined;
        }
      }
      const remaining = until - clock.now();
      if (remaining <= 0) return undefined;
      const next = store.waitForToken
        ? await this.#guarded.call(
            "wait",
            (s) => s.waitForToken!(this.#key!, remaining, signal),
            remaining + STORE_CALL_LIMIT_MS,
          )
        : await this.#guarded.call("get", (s) => s.get(this.#key!));
      if (!next.ok) return undefined;
      const fresh = isFresh(next.value);
      if (fresh) return fresh;
    }
    return undefined;
  }

  async #release(lock: TokenStoreLock): Promise<void> {
    await this.#guarded.call("lock", () => lock.release());
  }
}
