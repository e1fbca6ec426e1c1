import type { Clock } from "../clock.js";
import { abortReasonToError, DEFAULT_TIMEOUT_MS, Deadline, detachable } from "../deadline.js";
import { type CaduceusError, isCaduceusError } from "../errors/caduceus-error.js";
import { TimeoutError } from "../errors/timeout-error.js";
import { TokenRequestError } from "../errors/token-request-error.js";
import type { AuthEvent, EventInput } from "../events.js";
import { rememberLiveToken } from "../redact.js";
import { GuardedStore } from "../store/guarded-store.js";
import type { StoredToken, TokenStoreLock } from "../store/token-store.js";
import { releaseFleetLock, takeFleetTurn } from "./fleet-lock.js";
import {
  adoptable,
  backOff,
  blockingError,
  decideCached,
  decideMiss,
  endpointBlock,
  stillValidToken,
} from "./key-decisions.js";
import { joinKeyState, type KeyState, keyStatesOf } from "./key-state.js";
import { computeLifetime } from "./lifetime.js";
import { describeTokenRequest, obtainGrant } from "./obtain-grant.js";
import { type ScheduledToken, scheduleRefresh } from "./refresh-schedule.js";
import type { TokenProviderOptions } from "./token-provider-options.js";

export { NEGATIVE_CACHE_MS } from "./key-decisions.js";
export { MAX_KEY_STATES } from "./key-state.js";
export type { TokenProviderOptions } from "./token-provider-options.js";

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
 *
 * @group Token lifecycle
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
    if (!state.token) return undefined;
    const decision = decideCached(state, this.#clock.now());
    if (decision.kind === "miss") return undefined;
    this.#hit();
    if (decision.refreshAhead) this.#refreshInBackground(state);
    return decision.token;
  }

  #hit(): void {
    if (this.#options.onEvent) this.#emit({ type: "cache.hit" });
  }

  async #wait(state: KeyState, signal: AbortSignal | undefined): Promise<ScheduledToken> {
    // A caller aborted before it asked starts no token request (nobody would wait for its answer).
    if (signal?.aborted) throw abortReasonToError(signal.reason, this.#describe());
    this.#emit({ type: "cache.miss" });
    const decision = decideMiss(state, this.#clock.now());
    if (decision.kind === "back-off") throw decision.error;
    try {
      try {
        return await detachable(this.#joinOrStart(state, false), signal, this.#describe());
      } catch (error) {
        // The shared request ran out of the time limit of the client that started it (another client
        // of this key may have a shorter timeoutMs), not of this caller, which still has time: ask
        // again once, under this client's limit (found by the reliability campaign, docs/reliability.md).
        if (!(error instanceof TimeoutError) || signal?.aborted) throw error;
        return await detachable(this.#joinOrStart(state, false), signal, this.#describe());
      }
    } catch (error) {
      // The refresh failed in the final window, but the token we hold is still valid.
      const held = signal?.aborted ? undefined : stillValidToken(state, this.#clock.now());
      if (held) return held;
      throw error;
    }
  }

  async #stateFor(): Promise<KeyState> {
    const key = this.#key ?? (await this.#options.key);
    const state = joinKeyState(keyStatesOf(this.#options.store), key, this.#state);
    this.#key = key;
    this.#state = state;
    return state;
  }

  get #vendor(): string {
    return this.#options.exchange.preset.vendor;
  }

  #describe(): string {
    return describeTokenRequest(this.#options.exchange);
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
    Object.assign(state, backOff(state.failures, this.#clock.now(), this.#clock.random()));
    state.lastError = error;
  }

  async #acquire(state: KeyState, background: boolean): Promise<ScheduledToken> {
    const { clock, store } = this.#options;
    // A shared acquisition always has a limit: with timeoutMs 0 (no per-call limit) a hung
    // connection would otherwise hold every later caller of this key for as long as it hangs.
    const timeoutMs = this.#options.timeoutMs > 0 ? this.#options.timeoutMs : DEFAULT_TIMEOUT_MS;
    const deadline = new Deadline(clock, timeoutMs, () => this.#describe());
    let blocked = false;
    try {
      const isFresh = (token: StoredToken | undefined) =>
        adoptable(token, state, clock.now(), () => clock.random(), background);
      // Another process may hold a fresh token even while this key is blocked here.
      const stored = await this.#guarded.call("get", (s) => s.get(this.#key!));
      const found = stored.ok ? isFresh(stored.value) : undefined;
      if (found) return this.#adopt(state, found);
      const blockedBy = blockingError(state, clock.now());
      if (blockedBy) {
        blocked = true;
        throw blockedBy;
      }
      const fleet = { store, guarded: this.#guarded, clock, key: this.#key! };
      const turn = await takeFleetTurn(fleet, timeoutMs, deadline, isFresh);
      if (turn.kind === "adopt") return this.#adopt(state, turn.token);
      return await this.#fetchAndStore(state, deadline, background, turn.lock);
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
      if (lock) void releaseFleetLock(this.#guarded, lock);
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
    if (lock) await releaseFleetLock(this.#guarded, lock);
    return scheduled;
  }

  #adopt(state: KeyState, token: ScheduledToken): ScheduledToken {
    rememberLiveToken(token.accessToken);
    state.token = token;
    return token;
  }

  #protectEndpoint(state: KeyState, error: CaduceusError): void {
    const block = endpointBlock(error, this.#clock.now());
    if (block) Object.assign(state, block);
  }
}
