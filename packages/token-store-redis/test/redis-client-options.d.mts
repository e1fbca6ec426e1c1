import type { RedisOptions } from "ioredis";

/** Clients made for tests: fail fast while disconnected, reconnect every 50 ms. */
export function testClientOptions(port: number): RedisOptions;
