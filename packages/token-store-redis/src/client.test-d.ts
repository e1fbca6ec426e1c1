import type { TokenStore, TokenStoreLock } from "@caduceus/auth-core";
import type { Cluster, Redis } from "ioredis";
import { describe, expectTypeOf, it } from "vitest";
import {
  createRedisTokenStore,
  type RedisTokenStore,
  type RedisTokenStoreClient,
  type RedisTokenStoreEvent,
  type RedisTokenStoreOptions,
} from "./index.js";

describe("types", () => {
  it("accepts ioredis Redis and Cluster clients as they are", () => {
    expectTypeOf<Redis>().toExtend<RedisTokenStoreClient>();
    expectTypeOf<Cluster>().toExtend<RedisTokenStoreClient>();
    expectTypeOf<{ client: Redis }>().toExtend<RedisTokenStoreOptions>();
  });

  it("is a TokenStore with the optional lock and waitForToken", () => {
    expectTypeOf<RedisTokenStore>().toExtend<TokenStore>();
    expectTypeOf<RedisTokenStore["lock"]>().returns.resolves.toEqualTypeOf<TokenStoreLock | undefined>();
    expectTypeOf(createRedisTokenStore).returns.toEqualTypeOf<RedisTokenStore>();
  });

  it("narrows events by type", () => {
    const onEvent = (event: RedisTokenStoreEvent) => {
      if (event.type === "redis.recovered") expectTypeOf(event.downMs).toBeNumber();
      if (event.type === "redis.degraded") expectTypeOf(event.error.code).toBeString();
    };
    expectTypeOf(onEvent).toExtend<NonNullable<RedisTokenStoreOptions["onEvent"]>>();
  });
});
