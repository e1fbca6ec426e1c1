import { HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { AuthEvent } from "../events.js";
import { useMsw } from "../test-support/msw.js";
import { drive, rejection, scenario, until } from "../test-support/scenario.js";
import type { StoredToken, TokenStore, TokenStoreLock } from "./token-store.js";

// a store that fails or is slow never fails the call: we fall back to the in-process
// cache and emit store.error. A store with a lock gives fleet-wide single flight.
const server = useMsw();

const storeErrors = (events: AuthEvent[]) =>
  events.filter((e): e is Extract<AuthEvent, { type: "store.error" }> => e.type === "store.error");

const throwing: TokenStore = {
  get: async () => {
    throw new Error("store down: token=leaky-store-detail");
  },
  set: async () => {
    throw new Error("store down");
  },
  delete: async () => {
    throw new Error("store down");
  },
  lock: () => {
    throw new Error("lock down");
  },
};
const never = () => new Promise<never>(() => {});
const hanging: TokenStore = { get: never, set: never, delete: never };

/** One backing map, several store objects: as several processes see one shared store. */
function sharedBacking() {
  const map = new Map<string, StoredToken>();
  let holder: symbol | undefined;
  const locks = { taken: 0, refused: 0 };
  const view = (): TokenStore => ({
    get: async (key) => map.get(key),
    set: async (key, token) => {
      map.set(key, token);
    },
    delete: async (key) => {
      map.delete(key);
    },
    lock: async (): Promise<TokenStoreLock | undefined> => {
      if (holder) {
        locks.refused++;
        return undefined;
      }
      const mine = Symbol();
      holder = mine;
      locks.taken++;
      return {
        release: async () => {
          if (holder === mine) holder = undefined;
        },
      };
    },
  });
  return { map, view, locks };
}

describe("a failing store", () => {
  it("that throws: the call succeeds from the in-process cache and store.error is emitted", async () => {
    const env = scenario(server, { client: { tokenStore: throwing } });
    const client = env.make();
    expect((await client.GET("/things")).data?.ok).toBe(true);
    expect((await client.GET("/things")).data?.ok).toBe(true);
    expect(env.tokenRequests).toHaveLength(1);
    const errors = storeErrors(env.events);
    expect(errors.map((e) => e.operation)).toEqual(expect.arrayContaining(["get", "lock", "set"]));
    expect(errors[0]?.error.message).toContain("store down");
  });

  it("that hangs: each store call gives up after 1 s, the call succeeds", async () => {
    const env = scenario(server, { client: { tokenStore: hanging } });
    const call = env.make().GET("/things");
    // The store call's own limit, and the one timer the two deadlines (call, token acquisition) share.
    await until(() => env.clock.pendingTimers === 2, "the store get (beside the deadlines' timer)");
    await env.clock.advance(1_000);
    expect(storeErrors(env.events)[0]).toMatchObject({ operation: "get" });
    expect(storeErrors(env.events)[0]?.error.message).toBe("token store get took longer than 1000 ms");
    await until(() => env.tokenRequests.length === 1 && env.clock.pendingTimers === 2, "the store set");
    await env.clock.advance(1_000);
    expect((await call).data?.ok).toBe(true);
    expect(storeErrors(env.events).map((e) => e.operation)).toEqual(["get", "set"]);
    expect(env.clock.pendingTimers).toBe(0);
  });

  it("that answers garbage: the entry is ignored, a token is fetched", async () => {
    const garbage: TokenStore = {
      get: async () => ({ accessToken: 42, expiresAt: "soon" }) as unknown as StoredToken,
      set: async () => {},
      delete: async () => {},
    };
    const env = scenario(server, { client: { tokenStore: garbage } });
    expect((await env.make().GET("/things")).data?.ok).toBe(true);
    expect(env.tokenRequests).toHaveLength(1);
  });
});

describe("a shared store with a lock (fleet)", () => {
  it("gives one token request across processes", async () => {
    const backing = sharedBacking();
    const env = scenario(server);
    // Two store objects: two "processes", each with its own in-process state.
    const a = env.make({ tokenStore: backing.view() });
    const b = env.make({ tokenStore: backing.view() });
    // A slow token endpoint: the second process finds the lock taken and waits for the token.
    let open!: () => void;
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    env.answers.push(async () => {
      await opened;
      return HttpResponse.json({ access_token: env.issuer.issue("c"), expires_in: 3600 });
    });
    const calls = Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).GET("/things")));
    await until(() => backing.locks.refused === 1, "the second process to find the lock taken");
    open();
    // The waiting process polls the store every 50 ms of fake time.
    const results = await drive(env.clock, calls, 10);
    expect(results.every((r) => r.data?.ok)).toBe(true);
    expect(env.tokenRequests).toHaveLength(1);
    expect(backing.locks).toEqual({ taken: 1, refused: 1 });
  }, 10_000);

  it("a process whose key is blocked still adopts a token another process stored", async () => {
    const backing = sharedBacking();
    const env = scenario(server);
    env.answers.push({ status: 429, body: {}, headers: { "retry-after": "300" } });
    const blocked = env.make({ tokenStore: backing.view() });
    await rejection(blocked.GET("/things"));
    await env.make({ tokenStore: backing.view() }).GET("/things");
    expect((await blocked.GET("/things")).data?.ok).toBe(true);
    expect(env.tokenRequests).toHaveLength(2);
  });

  it("fetches itself when the lock holder never stores a token", async () => {
    const backing = sharedBacking();
    const env = scenario(server, { client: { timeoutMs: 4_000 } });
    await backing.view().lock!("any", 60_000); // a holder that died
    // It waits half the time limit (2 s), polling, then asks the endpoint itself.
    const result = await drive(env.clock, env.make({ tokenStore: backing.view() }).GET("/things"), 50);
    expect(result.data?.ok).toBe(true);
    expect(env.clock.now() - Date.UTC(2026, 0, 1)).toBeGreaterThanOrEqual(2_000);
    expect(env.tokenRequests).toHaveLength(1);
  });

  it("regression: a waitForToken that returns at once cannot spin the wait", async () => {
    const backing = sharedBacking();
    let waits = 0;
    const store: TokenStore = {
      ...backing.view(),
      waitForToken: async () => {
        waits++;
        return undefined;
      },
    };
    const env = scenario(server, { client: { timeoutMs: 2_000 } });
    await backing.view().lock!("any", 60_000);
    const result = await drive(env.clock, env.make({ tokenStore: store }).GET("/things"), 50);
    expect(result.data?.ok).toBe(true);
    // One wait per 50 ms poll over the 1 s it may wait, not thousands.
    expect(waits).toBeLessThanOrEqual(21);
  });
});
