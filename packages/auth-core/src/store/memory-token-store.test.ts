import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { MemoryTokenStore } from "./memory-token-store.js";
import type { StoredToken } from "./token-store.js";

const token = (accessToken: string): StoredToken => ({
  accessToken,
  tokenType: "Bearer",
  expiresAt: null,
  obtainedAt: 0,
});

describe("MemoryTokenStore", () => {
  it("gets, sets and deletes by key", async () => {
    const store = new MemoryTokenStore();
    await store.set("k", token("a"), undefined);
    expect(await store.get("k")).toEqual(token("a"));
    await store.delete("k");
    expect(await store.get("k")).toBeUndefined();
  });

  it("drops an entry once its TTL has passed", async () => {
    let now = 1_000;
    const store = new MemoryTokenStore({ now: () => now });
    await store.set("k", token("a"), 500);
    now = 1_499;
    expect(await store.get("k")).toBeDefined();
    now = 1_500;
    expect(await store.get("k")).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it("evicts the oldest written entry past maxEntries", async () => {
    const store = new MemoryTokenStore({ maxEntries: 2 });
    await store.set("a", token("a"), undefined);
    await store.set("b", token("b"), undefined);
    await store.set("a", token("a2"), undefined); // rewriting makes it the newest
    await store.set("c", token("c"), undefined);
    expect(await store.get("b")).toBeUndefined();
    expect((await store.get("a"))?.accessToken).toBe("a2");
    expect(store.size).toBe(2);
  });

  it("never shows its tokens when inspected or serialised", async () => {
    const store = new MemoryTokenStore();
    await store.set("k", token("very-secret-token"), undefined);
    expect(JSON.stringify(store)).toBe('{"size":1}');
    expect(inspect(store)).toBe("MemoryTokenStore { size: 1 }");
    store.clear();
    expect(store.size).toBe(0);
  });
});
