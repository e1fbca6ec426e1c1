import { isAuthConfigError } from "@caduceus/auth-core";
import { describe, expect, it } from "vitest";
import { createRedisTokenStore, type RedisTokenStoreClient, type RedisTokenStoreOptions } from "./index.js";

/** Enough of a client for option checks; never connected. */
const client = {
  status: "wait",
  get: async () => null,
  set: async () => null,
  del: async () => 0,
  pttl: async () => -2,
  eval: async () => null,
  connect: async () => {},
  duplicate: () => {
    throw new Error("not in these tests");
  },
  once: () => {},
  off: () => {},
} as RedisTokenStoreClient;

function optionAtFault(options: unknown): string | undefined {
  try {
    createRedisTokenStore(options as RedisTokenStoreOptions);
    return undefined;
  } catch (error) {
    if (!isAuthConfigError(error)) throw error;
    return error.option;
  }
}

describe("options", () => {
  it("accepts a client alone and applies the documented defaults", () => {
    const store = createRedisTokenStore({ client });
    expect(store.prefix).toBe("caduceus:token:");
    expect(store.healthy).toBe(true);
  });

  it.each([
    [undefined, "options"],
    [{}, "client"],
    [{ client: { status: "ready" } }, "client"],
    [{ client: "redis://localhost" }, "client"],
    [{ client, prefix: "" }, "prefix"],
    [{ client, prefix: "x".repeat(257) }, "prefix"],
    [{ client, prefix: 5 }, "prefix"],
    [{ client, commandTimeoutMs: 0 }, "commandTimeoutMs"],
    [{ client, commandTimeoutMs: Number.NaN }, "commandTimeoutMs"],
    [{ client, commandTimeoutMs: 120_000 }, "commandTimeoutMs"],
    [{ client, lockTtlMs: 50 }, "lockTtlMs"],
    [{ client, pollIntervalMs: 1 }, "pollIntervalMs"],
    [{ client, subscriberIdleMs: -1 }, "subscriberIdleMs"],
    [{ client, maxTtlMs: 0 }, "maxTtlMs"],
    [{ client, maxTtlMs: "1h" }, "maxTtlMs"],
    [{ client, pubSub: "yes" }, "pubSub"],
    [{ client, onEvent: "log" }, "onEvent"],
    [{ client, clock: "fake" }, "clock"],
    [{ client, clock: { now: () => 0 } }, "clock"],
  ])("rejects %j with an AuthConfigError naming %s", (options, option) => {
    expect(optionAtFault(options)).toBe(option);
  });

  it("names the bad value's kind without echoing it (options may sit next to secrets)", () => {
    try {
      createRedisTokenStore({ client, prefix: "" });
    } catch (error) {
      expect(String(error)).toContain(
        "createRedisTokenStore: option `prefix` must be a string of 1 to 256 characters",
      );
    }
    try {
      createRedisTokenStore({ client, pubSub: "hunter2" as unknown as boolean });
    } catch (error) {
      expect(String(error)).not.toContain("hunter2");
    }
  });
});
