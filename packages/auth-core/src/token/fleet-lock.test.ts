import { describe, expect, it } from "vitest";
import { Deadline } from "../deadline.js";
import { Redactor } from "../redact.js";
import { GuardedStore } from "../store/guarded-store.js";
import type { StoredToken, TokenStore } from "../store/token-store.js";
import { createFakeClock } from "../testing/fake-clock.js";
import { type FleetTurn, takeFleetTurn } from "./fleet-lock.js";
import { scheduleRefresh } from "./refresh-schedule.js";

// The fleet lock protocol on its own, over an in-memory store whose lock another "process" may hold
// (docs/contract.md, behaviours 2 and 9): take the lock or wait for the holder's token, and never
// wait so long that there is no time left to fetch.
const KEY = "fleet-key";

function fleet(options: { lockable?: boolean; heldByOther?: boolean } = {}) {
  const clock = createFakeClock();
  const tokens = new Map<string, StoredToken>();
  const log: string[] = [];
  let holder: "other" | "us" | undefined = options.heldByOther ? "other" : undefined;
  const store: TokenStore = {
    get: async (key) => tokens.get(key),
    set: async (key, token) => void tokens.set(key, token),
    delete: async (key) => void tokens.delete(key),
    ...(options.lockable === false
      ? {}
      : {
          lock: async () => {
            log.push(holder ? "lock refused" : "lock taken");
            if (holder) return undefined;
            holder = "us";
            return {
              release: async () => {
                log.push("released");
                holder = undefined;
              },
            };
          },
        }),
  };
  const errors: string[] = [];
  const guarded = new GuardedStore(store, clock, new Redactor(), (operation) => errors.push(operation));
  const token = (accessToken: string): StoredToken => ({
    accessToken,
    tokenType: "Bearer",
    obtainedAt: clock.now(),
    expiresAt: clock.now() + 3_600_000,
  });
  const isFresh = (value: StoredToken | undefined) => (value ? scheduleRefresh(value, 0) : undefined);
  /** Takes a turn under a 10 s deadline, driving the fake clock until it settles. */
  async function turn(): Promise<FleetTurn> {
    const deadline = new Deadline(clock, 10_000, () => "Acme token request");
    let settled = false;
    const taking = takeFleetTurn({ store, guarded, clock, key: KEY }, 10_000, deadline, isFresh).finally(
      () => {
        settled = true;
      },
    );
    for (let step = 0; step < 1_000 && !settled; step++) await clock.advance(10);
    deadline.clear();
    return taking;
  }
  return { clock, tokens, log, errors, token, turn };
}

describe("takeFleetTurn", () => {
  it("fetches without a lock when the store cannot lock", async () => {
    const env = fleet({ lockable: false });
    expect(await env.turn()).toEqual({ kind: "fetch" });
  });

  it("takes the lock and fetches, holding it, when nobody stored a token", async () => {
    const env = fleet();
    const turn = await env.turn();
    expect(turn.kind).toBe("fetch");
    expect(turn.kind === "fetch" && turn.lock).toBeTruthy();
    expect(env.log).toEqual(["lock taken"]);
  });

  it("adopts a token stored between the first read and the lock, and releases the lock", async () => {
    const env = fleet();
    env.tokens.set(KEY, env.token("stored-meanwhile"));
    const turn = await env.turn();
    expect(turn.kind === "adopt" && turn.token.accessToken).toBe("stored-meanwhile");
    expect(env.log).toEqual(["lock taken", "released"]);
  });

  it("waits for the holder's token when another process holds the lock", async () => {
    const env = fleet({ heldByOther: true });
    env.clock.setTimeout(() => env.tokens.set(KEY, env.token("from-the-holder")), 1_000);
    const startedAt = env.clock.now();
    const turn = await env.turn();
    expect(turn.kind === "adopt" && turn.token.accessToken).toBe("from-the-holder");
    expect(env.clock.now() - startedAt).toBeLessThan(1_200);
  });

  it("gives up waiting after half the time left and fetches itself, without the lock", async () => {
    const env = fleet({ heldByOther: true });
    const startedAt = env.clock.now();
    expect(await env.turn()).toEqual({ kind: "fetch" });
    const waited = env.clock.now() - startedAt;
    expect(waited).toBeGreaterThanOrEqual(5_000);
    expect(waited).toBeLessThan(5_200);
    expect(env.errors).toEqual([]);
  });
});
