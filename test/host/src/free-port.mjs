// @ts-check
import { createServer } from "node:net";

/**
 * Asks the kernel for a free loopback port. Racy by nature (another process may bind it before the
 * caller does): callers bind it at once and, like `startRedisServer`, try another port on a clash.
 *
 * @example
 * const port = await freePort(); // e.g. 41327
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}
