import { type Clock, sleep } from "../clock.js";
import { abortReasonToError, Deadline, detachable } from "../deadline.js";
import { type CaduceusError, isCaduceusError } from "../errors/caduceus-error.js";
import { ErrorCode } from "../errors/codes.js";
import { TokenRequestError } from "../errors/token-request-error.js";
import type { AuthEvent, AuthEventHandler } from "../events.js";
import { rememberLiveToken } from "../redact.js";
import type { StoredToken, TokenStore, TokenStoreLock } from "../store/token-store.js";
import { computeLifetime } from "./lifetime.js";
import { type ExchangeSetup, obtainGrant } from "./obtain-grant.js";

/** How long a non-retryable failure (e.g. `invalid_client`) answers every call without a new request. */
export const NEGATIVE_CACHE_MS = 5_000;
/** Longest a single store call may take before we fall back to the in-process cache. */
const STORE_CALL_LIMIT_MS = 1_000;
/** Poll interval while another process holds the fleet lock and the store cannot notify. */
const LOCK_POLL_MS = 50;
/** Upper bound of the background-refresh back-off after repeated failures. */
const BACKGROUND_BACKOFF_CAP_MS = 60_000;

/** A token as this process schedules it: when to refresh in the background, when callers must wait. */
interface ScheduledToken extends StoredToken {
  /** From here on, a call still uses the token but starts a background refresh. `null`: never. */
  refreshAt: number | null;
  /** From here on, callers wait for a new token (the short final window). `null`: never. */
  blockAt: number | null;
}

/** What every client of one credential identity in this process shares. */
interface KeyState {
  token?: ScheduledToken;
  inflight?: Promise<ScheduledToken>;
  refreshToken?: string;
  /** Until then no token request is sent for this key (429 Retry-After, or a remembered failure). */
  blockedUntil: number;
  blockedError?: CaduceusError;
  /** Earliest time of the next background refresh after a failed one. */
  nextBackgroundAt: number;
  backgroundFailures: number;
}

/** Shared per store and key, across clients and across duplicate installs of auth-core. */
function sharedStates(store: TokenStore): Map<string, KeyState> {
  const slot = Symbol.for("@caduceus/auth-core/key-states");
  const holder = globalThis as unknown as Record<
    symbol,
    WeakMap<TokenStore, Map<string, KeyState>> | undefined
  >;
  holder[slot] ??= new WeakMap();
  let states = holder[slot].get(store);
  if (!states) {
    states = new Map();
    holder[slot].set(store, states);
  }
  return states;
}

/** Options of {@link TokenProvider}. */
export interface TokenProviderOptions {
  exchange: ExchangeSetup;
  store: TokenStore;
  /** Resolves to the cache key (hashing is async with Web Crypto). */
  key: Promise<string>;
  clock: Clock;
  /** Time limit of one shared acquisition (independent of any one caller). 0 = none. */
  timeoutMs: number;
  onEvent?: AuthEventHandler;
}

/**
 * The lifecycle of one credential identity's token: in-process cache, single flight, the shared store
 * and its fleet lock, two-tier refresh, and protection of the token endpoint after failures.
 *
 * - A token is used until its final window; in the refresh window before that, calls still use it
 *   while one background refresh runs. If that refresh fails, the old token is served until it truly
 *   expires, and the refresh is retried with back-off (issue #3, Azure-style token cycling).
 * - Any number of concurrent misses cause one request (per process; per fleet with a locking store).
 * - A 429 blocks new requests for the key until Retry-After passes; a non-retryable failure is
 *   remembered for {@link NEGATIVE_CACHE_MS} so a burst of calls causes one request, not hundreds.
 */
export class TokenProvider {
  readonly #options: TokenProviderOptions;
  #state?: KeyState;
  #key?: string;

  constructor(options: TokenProviderOptions) {
    this.#options = options;
  }

  /**
   * Resolves to a valid access token. `signal` detaches only this caller: a shared acquisition it was
   * waiting on goes on for the others under its own time limit.
   */
  async getToken(signal?: AbortSignal): Promise<string> {
    const state = await this.#stateFor();
    const now = this.#options.clock.now();
    const token = state.token;
    if (token && (token.blockAt === null || now < token.blockAt)) {
      this.#emit({ type: "cache.hit" });
      if (
        token.refreshAt !== null &&
        now >= token.refreshAt &&
        !state.inflight &&
        now >= state.nextBackgroundAt
      ) {
        this.#refreshInBackground(state);
      }
      return token.accessToken;
    }
    this.#emit({ type: "cache.miss" });
    const fresh = await detachable(
      this.#joinOrStart(state, false),
      signal,
      `${this.#vendor} token acquisition`,
    );
    return fresh.accessToken;
  }

  /**
   * Drops `accessToken` after an API 401, if it is still the cached one (a newer token fetched by a
   * concurrent replay is kept). Also removes it from the store when the store holds that same token.
   */
  async invalidate(accessToken: string): Promise<void> {
    const state = await this.#stateFor();
    if (state.token?.accessToken === accessToken) state.token = undefined;
    this.#emit({ type: "token.invalidated", reason: "401" });
    const stored = await this.#storeCall("get", (store, key) => store.get(key));
    if (stored.ok && stored.value?.accessToken === accessToken) {
      await this.#storeCall("delete", (store, key) => store.delete(key));
    }
  }

  async #stateFor(): Promise<KeyState> {
    if (this.#state) return this.#state;
    const key = await this.#options.key;
    const states = sharedStates(this.#options.store);
    let state = states.get(key);
    if (!state) {
      state = { blockedUntil: 0, nextBackgroundAt: 0, backgroundFailures: 0 };
      states.set(key, state);
    }
    this.#key = key;
    this.#state = state;
    return state;
  }

  get #vendor(): string {
    return this.#options.exchange.preset.vendor;
  }

  #emit(event: Parameters<ExchangeSetup["emit"]>[0]): void {
    const handler = this.#options.onEvent;
    if (!handler) return;
    try {
      handler({
        ...event,
        vendor: this.#vendor,
        key: this.#key ?? "",
        at: this.#options.clock.now(),
      } as AuthEvent);
    } catch {
      // An observer that throws must never fail a call.
    }
  }

  #joinOrStart(state: KeyState, background: boolean): Promise<ScheduledToken> {
    if (state.inflight) return state.inflight;
    const flight: Promise<ScheduledToken> = this.#acquire(state, background).finally(() => {
      if (state.inflight === flight) state.inflight = undefined;
    });
    state.inflight = flight;
    return flight;
  }

  #refreshInBackground(state: KeyState): void {
    const clock = this.#options.clock;
    this.#joinOrStart(state, true).then(
      () => {
        state.backgroundFailures = 0;
        state.nextBackgroundAt = 0;
      },
      () => {
        // Keep serving the still-valid token; try again later, backing off.
        state.backgroundFailures += 1;
        const delay = Math.min(BACKGROUND_BACKOFF_CAP_MS, 1_000 * 2 ** (state.backgroundFailures - 1));
        state.nextBackgroundAt = clock.now() + delay * (0.5 + clock.random() / 2);
      },
    );
  }

  async #acquire(state: KeyState, background: boolean): Promise<ScheduledToken> {
    const { clock, timeoutMs } = this.#options;
    const deadline = new Deadline(clock, timeoutMs, () => `${this.#vendor} token acquisition`);
    try {
      if (clock.now() < state.blockedUntil && state.blockedError) throw state.blockedError;
      const isFresh = (token: StoredToken) => {
        const scheduled = this.#schedule(token);
        const now = clock.now();
        const limit = background ? scheduled.refreshAt : scheduled.blockAt;
        return (limit === null || now < limit) && token.accessToken !== state.token?.accessToken
          ? scheduled
          : undefined;
      };
      const stored = await this.#storeCall("get", (store, key) => store.get(key));
      const adoptable = stored.ok && stored.value ? isFresh(stored.value) : undefined;
      if (adoptable) return this.#adopt(state, adoptable);

      let lock: TokenStoreLock | undefined;
      if (this.#options.store.lock) {
        const lockTtl = timeoutMs > 0 ? timeoutMs : 30_000;
        const taken = await this.#storeCall("lock", (store, key) => store.lock!(key, lockTtl));
        if (taken.ok && taken.value) {
          lock = taken.value;
          // Another process may have stored a token between our read and our lock.
          const again = await this.#storeCall("get", (store, key) => store.get(key));
          const fresh = again.ok && again.value ? isFresh(again.value) : undefined;
          if (fresh) {
            await this.#release(lock);
            return this.#adopt(state, fresh);
          }
        } else if (taken.ok) {
          // Someone else in the fleet is refreshing. In the background we simply keep our token.
          if (background) throw new Error("another process holds the refresh lock");
          const waited = await this.#waitForHolder(lockTtl, isFresh, deadline.signal);
          if (waited) return this.#adopt(state, waited);
          // The holder died or is too slow: fetch ourselves rather than fail the call.
        }
      }
      try {
        return await this.#fetchAndStore(state, deadline.signal, background);
      } finally {
        if (lock) await this.#release(lock);
      }
    } catch (error) {
      const failure = isCaduceusError(error)
        ? error
        : abortReasonToError(error, `${this.#vendor} token acquisition`);
      if (isCaduceusError(failure)) {
        this.#protectEndpoint(state, failure);
        this.#emit({ type: "token.failed", error: failure, background });
      }
      throw failure;
    } finally {
      deadline.clear();
    }
  }

  async #fetchAndStore(state: KeyState, signal: AbortSignal, background: boolean): Promise<ScheduledToken> {
    const { exchange, clock } = this.#options;
    let result: Awaited<ReturnType<typeof obtainGrant>>;
    try {
      result = await obtainGrant(exchange, signal, state.refreshToken);
    } catch (error) {
      // A refresh token that is refused (expired, rotated elsewhere) falls back to the credentials once.
      if (!state.refreshToken || !(error instanceof TokenRequestError) || error.retryable) throw error;
      state.refreshToken = undefined;
      result = await obtainGrant(exchange, signal);
    }
    const { grant, sentAt } = result;
    const lifetime = computeLifetime({
      accessToken: grant.accessToken,
      expiresInSeconds: grant.expiresInSeconds,
      maxLifetimeSeconds: exchange.preset.maxLifetimeSeconds,
      sentAt,
    });
    rememberLiveToken(grant.accessToken);
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
    const ttl = token.expiresAt === null ? undefined : Math.max(1, token.expiresAt - clock.now());
    await this.#storeCall("set", (store, key) => store.set(key, token, ttl));
    state.blockedUntil = 0;
    state.blockedError = undefined;
    this.#emit({
      type: "token.obtained",
      lifetimeMs: lifetime.expiresAt === null ? null : lifetime.expiresAt - sentAt,
      lifetimeSource: lifetime.source,
      background,
    });
    return this.#adopt(state, this.#schedule(token));
  }

  #adopt(state: KeyState, token: ScheduledToken): ScheduledToken {
    rememberLiveToken(token.accessToken);
    state.token = token;
    return token;
  }

  /**
   * Refresh window: min(5 min, 20 % of the life), shortened by up to 30 % at random so a fleet does not
   * refresh in lockstep. Final window (callers wait): min(30 s, 5 % of the life). A 60 s token is
   * thus refreshed about every 50 s, not on every call; a 5 h token refreshes in the background.
   */
  #schedule(token: StoredToken): ScheduledToken {
    if (token.expiresAt === null) return { ...token, refreshAt: null, blockAt: null };
    const life = Math.max(0, token.expiresAt - token.obtainedAt);
    const refreshWindow = Math.min(300_000, life * 0.2) * (1 - 0.3 * this.#options.clock.random());
    const finalWindow = Math.min(30_000, life * 0.05);
    return { ...token, refreshAt: token.expiresAt - refreshWindow, blockAt: token.expiresAt - finalWindow };
  }

  #protectEndpoint(state: KeyState, error: CaduceusError): void {
    if (!(error instanceof TokenRequestError)) return;
    const now = this.#options.clock.now();
    if (error.code === ErrorCode.TokenRequestRateLimited) {
      state.blockedUntil = now + (error.retryAfterMs ?? 1_000);
      state.blockedError = error;
    } else if (!error.retryable) {
      state.blockedUntil = now + NEGATIVE_CACHE_MS;
      state.blockedError = error;
    }
  }

  async #waitForHolder(
    lockTtl: number,
    isFresh: (token: StoredToken) => ScheduledToken | undefined,
    signal: AbortSignal,
  ): Promise<ScheduledToken | undefined> {
    const { store, clock } = this.#options;
    const until = clock.now() + lockTtl;
    while (clock.now() < until && !signal.aborted) {
      const remaining = until - clock.now();
      const next = store.waitForToken
        ? await this.#storeCall(
            "wait",
            (s, key) => s.waitForToken!(key, remaining, signal),
            remaining + STORE_CALL_LIMIT_MS,
          )
        : await sleep(clock, LOCK_POLL_MS, signal).then(
            () => this.#storeCall("get", (s, key) => s.get(key)),
            () => ({ ok: false as const }),
          );
      if (!next.ok) return undefined;
      const fresh = next.value ? isFresh(next.value) : undefined;
      if (fresh) return fresh;
    }
    return undefined;
  }

  async #release(lock: TokenStoreLock): Promise<void> {
    await this.#storeCall("lock", () => lock.release());
  }

  /**
   * Calls the store with a short time limit. A store that throws or hangs never fails the call: we
   * report `store.error` and carry on with the in-process cache (issue #3).
   */
  async #storeCall<T>(
    operation: "get" | "set" | "delete" | "lock" | "wait",
    call: (store: TokenStore, key: string) => Promise<T>,
    limitMs = STORE_CALL_LIMIT_MS,
  ): Promise<{ ok: true; value: T } | { ok: false }> {
    const { store, clock } = this.#options;
    let timer: unknown;
    const timeout = new Promise<never>((_, reject) => {
      timer = clock.setTimeout(
        () => reject(new Error(`token store ${operation} took longer than ${limitMs} ms`)),
        limitMs,
      );
    });
    try {
      return { ok: true, value: await Promise.race([call(store, this.#key ?? ""), timeout]) };
    } catch (error) {
      const safe = this.#options.exchange.redactor.scrubError(error);
      this.#emit({ type: "store.error", operation, error: safe });
      return { ok: false };
    } finally {
      clock.clearTimeout(timer);
    }
  }
}
