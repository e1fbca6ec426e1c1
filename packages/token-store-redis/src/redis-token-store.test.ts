import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import {
  createRedisTokenStore,
  isRedisTokenStoreError,
  type RedisTokenStoreEvent,
  type RedisTokenStoreOptions,
} from "./index.js";
import { delay, makeToken, useRedisServer, wakeByWrite } from "./test-support/redis.js";

const redis = useRedisServer();
const { pool } = redis;

const newStore = (options: Partial<RedisTokenStoreOptions> = {}) => pool.store(redis.server.port, options);

describe("get / set / delete", () => {
  it("round-trips a token under the prefixed key with a TTL equal to its remaining life", async () => {
    const store = newStore();
    const token = makeToken();
    await store.set("k1", token, 60_000);
    expect(await store.get("k1")).toEqual(token);
    const pttl = await redis.admin.pttl("caduceus:token:k1");
    expect(pttl).toBeGreaterThan(59_000);
    expect(pttl).toBeLessThanOrEqual(60_000);
  });

  it("stores only the StoredToken fields, never credentials or a refresh token", async () => {
    const store = newStore();
    const token = { ...makeToken(), refreshToken: "rt-secret", clientSecret: "cs-secret" };
    await store.set("k1", token, 60_000);
    const raw = (await redis.admin.get("caduceus:token:k1")) ?? "";
    expect(Object.keys(JSON.parse(raw)).sort()).toEqual([
      "accessToken",
      "expiresAt",
      "obtainedAt",
      "scope",
      "tokenType",
    ]);
    expect(raw).not.toContain('secret"');
    expect(raw).not.toContain("rt-secret");
    expect(raw).not.toContain("cs-secret");
  });

  it("caps the TTL at maxTtlMs, also for a token whose expiry is unknown", async () => {
    const store = newStore({ maxTtlMs: 10_000 });
    await store.set("long", makeToken(), 3_600_000);
    await store.set("unknown", { ...makeToken(), expiresAt: null }, undefined);
    expect(await redis.admin.pttl("caduceus:token:long")).toBeLessThanOrEqual(10_000);
    expect(await redis.admin.pttl("caduceus:token:unknown")).toBeLessThanOrEqual(10_000);
    const forever = newStore({ maxTtlMs: Number.POSITIVE_INFINITY });
    await forever.set("unknown", { ...makeToken(), expiresAt: null }, undefined);
    expect(await redis.admin.pttl("caduceus:token:unknown")).toBe(-1);
  });

  it("does not write a token with no life left", async () => {
    const store = newStore();
    await store.set("k1", makeToken(), 0);
    expect(await redis.admin.exists("caduceus:token:k1")).toBe(0);
  });

  it("lets Redis evict the token when its TTL passes", async () => {
    const store = newStore();
    await store.set("k1", makeToken(), 30);
    await delay(60);
    expect(await store.get("k1")).toBeUndefined();
  });

  it("deletes", async () => {
    const store = newStore();
    await store.set("k1", makeToken(), 60_000);
    await store.delete("k1");
    expect(await store.get("k1")).toBeUndefined();
  });

  it("reads a malformed value as absent, so the engine fetches and overwrites it", async () => {
    const store = newStore();
    await redis.admin.set("caduceus:token:bad", "{not json");
    await redis.admin.set("caduceus:token:shape", JSON.stringify({ accessToken: 42 }));
    expect(await store.get("bad")).toBeUndefined();
    expect(await store.get("shape")).toBeUndefined();
  });

  it("separates tenants by key and applications by prefix", async () => {
    const a = newStore();
    const b = newStore({ prefix: "other-app:" });
    const tenant1 = makeToken();
    const tenant2 = makeToken();
    await a.set("tenant-1", tenant1, 60_000);
    await a.set("tenant-2", tenant2, 60_000);
    expect((await a.get("tenant-1"))?.accessToken).toBe(tenant1.accessToken);
    expect((await a.get("tenant-2"))?.accessToken).toBe(tenant2.accessToken);
    expect(await b.get("tenant-1")).toBeUndefined();
    expect((await redis.admin.keys("*")).sort()).toEqual([
      "caduceus:token:tenant-1",
      "caduceus:token:tenant-2",
    ]);
  });
});

describe("lock", () => {
  it("is taken by one holder at a time, with SET NX PX and a random fencing value", async () => {
    const a = newStore();
    const b = newStore();
    const lock = await a.lock("k1", 5_000);
    expect(lock).toBeDefined();
    expect(await b.lock("k1", 5_000)).toBeUndefined();
    expect(await a.lock("k1", 5_000)).toBeUndefined();
    const fence = await redis.admin.get("caduceus:token:lock:k1");
    expect(fence).toMatch(/^[0-9a-f]{32}$/);
    const pttl = await redis.admin.pttl("caduceus:token:lock:k1");
    expect(pttl).toBeGreaterThan(4_000);
    await lock?.release();
    expect(await b.lock("k1", 5_000)).toBeDefined();
  });

  it("frees itself after its TTL when the holder never releases it", async () => {
    const a = newStore();
    const b = newStore();
    expect(await a.lock("k1", 50)).toBeDefined();
    expect(await b.lock("k1", 5_000)).toBeUndefined();
    await delay(80);
    expect(await b.lock("k1", 5_000)).toBeDefined();
  });

  it("is released only by its holder: a late release never frees the next holder's lock", async () => {
    const a = newStore();
    const b = newStore();
    const stale = await a.lock("k1", 30);
    await delay(60);
    const fresh = await b.lock("k1", 5_000);
    expect(fresh).toBeDefined();
    await stale?.release();
    expect(await redis.admin.exists("caduceus:token:lock:k1")).toBe(1);
    expect(await a.lock("k1", 5_000)).toBeUndefined();
    await fresh?.release();
    await fresh?.release(); // idempotent
    expect(await redis.admin.exists("caduceus:token:lock:k1")).toBe(0);
  });

  it("lives at most lockTtlMs, whatever TTL the engine asks for", async () => {
    const store = newStore({ lockTtlMs: 2_000 });
    await store.lock("k1", 30_000);
    expect(await redis.admin.pttl("caduceus:token:lock:k1")).toBeLessThanOrEqual(2_000);
  });

  it("separates locks of different keys", async () => {
    const a = newStore();
    expect(await a.lock("tenant-1", 5_000)).toBeDefined();
    expect(await a.lock("tenant-2", 5_000)).toBeDefined();
  });
});

describe("waitForToken", () => {
  it("wakes through pub/sub as soon as another process stores the token", async () => {
    const waiter = newStore();
    const writer = newStore();
    await writer.lock("k1", 5_000);
    expect(await waiter.get("k1")).toBeUndefined();
    const token = makeToken();
    const started = Date.now();
    const waiting = waiter.waitForToken("k1", 5_000);
    await delay(50);
    await writer.set("k1", token, 60_000);
    expect(await waiting).toEqual(token);
    // Well before the 1 s safety re-read: the notification woke it.
    expect(Date.now() - started).toBeLessThan(800);
  });

  it("wakes when the lock holder releases without storing a token (a failed refresh)", async () => {
    const waiter = newStore();
    const holder = newStore();
    const lock = await holder.lock("k1", 10_000);
    await waiter.get("k1");
    const started = Date.now();
    const waiting = waiter.waitForToken("k1", 5_000);
    await delay(50);
    await lock?.release();
    expect(await waiting).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(800);
  });

  it("lets exactly one waiter take over a lock whose holder vanished; its set wakes the others", async () => {
    const holder = newStore({ lockTtlMs: 100 });
    const waiters = [newStore(), newStore(), newStore()];
    // Timed from before the lock is taken: its 100 ms TTL runs from then, so no waiter may take over
    // sooner (timing from after the waiters' reads let a slow machine see the TTL half spent).
    const started = Date.now();
    expect(await holder.lock("k1", 100)).toBeDefined(); // never released: the holder "died"
    for (const w of waiters) await w.get("k1");
    const outcomes = waiters.map((w) =>
      w.waitForToken("k1", 5_000).then(
        (token) => ({ ok: true as const, token }),
        (error: unknown) => ({ ok: false as const, error }),
      ),
    );
    const first = await Promise.race(outcomes.map((o, i) => o.then((r) => ({ ...r, i }))));
    expect(first.ok).toBe(false);
    expect(!first.ok && isRedisTokenStoreError(first.error) && first.error.code).toBe(
      "CADUCEUS_TOKEN_STORE_LOCK_TAKEN_OVER",
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(Date.now() - started).toBeLessThan(2_000);
    // The taker now holds the lock; its set() stores the token, wakes the others and releases the lock.
    expect(await redis.admin.exists("caduceus:token:lock:k1")).toBe(1);
    const token = makeToken();
    await waiters[first.i]!.set("k1", token, 60_000);
    const rest = await Promise.all(outcomes.filter((_, i) => i !== first.i));
    expect(rest).toEqual([
      { ok: true, token },
      { ok: true, token },
    ]);
    expect(await redis.admin.exists("caduceus:token:lock:k1")).toBe(0);
  });

  it("returns at once when a token was stored between the engine's read and the wait", async () => {
    const waiter = newStore();
    const writer = newStore();
    const stale = makeToken(1_000);
    await writer.set("k1", stale, 60_000);
    expect(await waiter.get("k1")).toEqual(stale);
    const fresh = makeToken();
    await writer.set("k1", fresh, 60_000);
    const started = Date.now();
    expect(await waiter.waitForToken("k1", 5_000)).toEqual(fresh);
    expect(Date.now() - started).toBeLessThan(800);
  });

  it("keeps waiting while the stored token is still the one the engine read (no spin on a stale token)", async () => {
    const waiter = newStore();
    const stale = makeToken(1_000);
    await waiter.set("k1", stale, 60_000);
    await newStore().lock("k1", 5_000);
    await waiter.get("k1");
    const started = Date.now();
    expect(await waiter.waitForToken("k1", 300)).toEqual(stale);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("resolves with whatever is stored after timeoutMs", async () => {
    const waiter = newStore();
    await newStore().lock("k1", 5_000);
    await waiter.get("k1");
    const started = Date.now();
    expect(await waiter.waitForToken("k1", 200)).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("rejects with the signal's reason when aborted", async () => {
    const waiter = newStore();
    await newStore().lock("k1", 5_000);
    await waiter.get("k1");
    const controller = new AbortController();
    const waiting = waiter.waitForToken("k1", 5_000, controller.signal);
    setTimeout(() => controller.abort(new Error("caller gave up")), 50);
    await expect(waiting).rejects.toThrow("caller gave up");
    const aborted = AbortSignal.abort(new Error("already"));
    await expect(waiter.waitForToken("k1", 5_000, aborted)).rejects.toThrow("already");
  });

  it("polls every pollIntervalMs when pub/sub is off", async () => {
    const waiter = newStore({ pubSub: false, pollIntervalMs: 20 });
    const writer = newStore({ pubSub: false });
    const wake = await wakeByWrite(waiter, writer, { settleMs: 50 });
    expect(wake.woken).toEqual(wake.token);
    expect(wake.afterWriteMs).toBeLessThan(800);
    const clients = await redis.admin.client("LIST");
    expect(String(clients)).not.toContain("cmd=subscribe");
  });

  it("polls every pollIntervalMs when subscribing is refused (an ACL without SUBSCRIBE)", async () => {
    await redis.admin.acl("SETUSER", "nosub", "on", "nopass", "~*", "&*", "+@all", "-subscribe");
    const client = pool.create(redis.server.port, { username: "nosub", password: "x" });
    const waiter = newStore({ client, pollIntervalMs: 20 });
    const writer = newStore();
    const wake = await wakeByWrite(waiter, writer, { settleMs: 50 });
    expect(wake.woken).toEqual(wake.token);
    // Woken by polling, not by the 1 s safety poll of a subscribed waiter.
    expect(wake.afterWriteMs).toBeLessThan(800);
    await redis.admin.acl("DELUSER", "nosub");
  });

  it("opens the subscriber connection on the first wait and closes it after subscriberIdleMs", async () => {
    const waiter = newStore({ subscriberIdleMs: 100 });
    await newStore().lock("k1", 5_000);
    const subscribers = async () =>
      Number(await redis.admin.pubsub("NUMSUB", "caduceus:token:stored").then((r) => r[1]));
    expect(await subscribers()).toBe(0);
    await waiter.get("k1");
    await waiter.waitForToken("k1", 50);
    expect(await subscribers()).toBe(1);
    await waiter.waitForToken("k1", 50); // reuses it
    expect(await subscribers()).toBe(1);
    await delay(250);
    expect(await subscribers()).toBe(0);
  });
});

describe("hygiene", () => {
  it("never shows the client or a token when inspected or serialised", async () => {
    const store = newStore();
    const token = makeToken();
    await store.set("k1", token, 60_000);
    expect(inspect(store)).toBe(
      'RedisTokenStore { prefix: "caduceus:token:", healthy: true, closed: false }',
    );
    expect(JSON.stringify(store)).toBe('{"prefix":"caduceus:token:","healthy":true,"closed":false}');
  });

  it("rejects every call with a Closed error after close(), and leaves the client to its owner", async () => {
    const client = pool.create(redis.server.port);
    const store = createRedisTokenStore({ client });
    await store.close();
    await store.close();
    const error = await store.get("k1").catch((e: unknown) => e);
    expect(isRedisTokenStoreError(error) && error.code).toBe("CADUCEUS_TOKEN_STORE_CLOSED");
    expect(await pool.ready(client).then((c) => c.ping())).toBe("PONG");
  });

  it("reports a Redis error reply without the command's arguments (the token)", async () => {
    const events: RedisTokenStoreEvent[] = [];
    const store = newStore({ onEvent: (e) => events.push(e) });
    await redis.admin.hset("caduceus:token:k1", "f", "v"); // wrong type for GET
    const error = await store.get("k1").catch((e: unknown) => e);
    expect(isRedisTokenStoreError(error) && error.code).toBe("CADUCEUS_TOKEN_STORE_COMMAND_FAILED");
    expect(String(error)).toContain("WRONGTYPE");
    // A refused write (a read-only ACL user): the script's arguments hold the token and must not leak.
    await redis.admin.acl(
      "SETUSER",
      "ro",
      "on",
      "nopass",
      "~*",
      "+get",
      "+ping",
      "+hello",
      "+client",
      "+info",
    );
    const readonly = pool.create(redis.server.port, { username: "ro", password: "x" });
    const roStore = newStore({ client: readonly });
    const token = makeToken();
    const setError = await roStore.set("k2", token, 60_000).catch((e: unknown) => e);
    expect(isRedisTokenStoreError(setError) && setError.code).toBe("CADUCEUS_TOKEN_STORE_COMMAND_FAILED");
    for (const shown of [String(setError), inspect(setError, { depth: 5 }), JSON.stringify(setError)]) {
      expect(shown).not.toContain(token.accessToken);
    }
    expect(events).toEqual([]); // Redis answered: not a health transition
    await redis.admin.acl("DELUSER", "ro");
  });
});
