// The ioredis options of every client the tests and the fleet workers make. Plain JavaScript so the
// workers (Node 20, no TypeScript loader) share it with src/test-support/redis.ts.

/**
 * Clients made for tests: fail fast while disconnected (the recommended production settings), and
 * reconnect every 50 ms so recovery tests take milliseconds.
 */
export function testClientOptions(port) {
  return {
    host: "127.0.0.1",
    port,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: () => 50,
    connectTimeout: 1_000,
  };
}
