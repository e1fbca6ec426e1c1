import { readFileSync } from "node:fs";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createRedisTokenStore } from "./index.js";
import { makeToken, type RedisServerHandle, startRedisServer } from "./test-support/redis.js";

// Every ```ts block of README.md runs here, verbatim between `#region readme-N` markers (imports
// mapped from the package name to the sources); the first test keeps the two identical.
const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const self = readFileSync(new URL(import.meta.url), "utf8");
const specifiers: Record<string, string> = { "@caduceus/token-store-redis": "./index.js" };

let server: RedisServerHandle;
beforeAll(async () => {
  server = await startRedisServer();
  process.env.REDIS_URL = server.url;
});
afterAll(async () => {
  delete process.env.REDIS_URL;
  await server.stop();
});

describe("README examples", () => {
  it("are the code below, verbatim", () => {
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const regions = [...self.matchAll(/\/\/ #region readme-\d+\n([\s\S]*?)\n\s*\/\/ #endregion/g)].map((m) =>
      dedent(m[1]!),
    );
    expect(blocks.length).toBe(3);
    expect(regions.length).toBe(blocks.length);
    const imported = importsOf(self);
    blocks.forEach((block, i) => {
      const lines = block.trimEnd().split("\n");
      for (const line of lines.filter((l) => l.startsWith("import "))) {
        const [, names, from] = /^import \{ (.+) \} from "(.+)";$/.exec(line) ?? [];
        for (const name of names!.split(", "))
          expect(imported.get(specifiers[from!] ?? from!)).toContain(name);
      }
      const body = lines
        .filter((l) => !l.startsWith("import "))
        .join("\n")
        .trim();
      expect(regions[i]).toBe(body);
    });
  });

  it("quick start and shutdown: a working store, then nothing left open", async () => {
    // #region readme-1
    // Fail fast while disconnected: queued commands would only make calls wait for a Redis that is gone.
    const redis = new Redis(process.env.REDIS_URL!, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    const tokenStore = createRedisTokenStore({ client: redis, prefix: "billing:tokens:" });

    // Give the same store (same Redis, same prefix) to the clients of every process of the fleet:
    // const candid = createCandidClient({ clientId, clientSecret, tokenStore });
    // #endregion
    const token = makeToken();
    await tokenStore.set("k1", token, 60_000);
    expect(await tokenStore.get("k1")).toEqual(token);
    expect(await redis.exists("billing:tokens:k1")).toBe(1);

    // #region readme-2
    await tokenStore.close();
    await redis.quit();
    // #endregion
    await new Promise((resolve) =>
      redis.status === "end" ? resolve(undefined) : redis.once("end", resolve),
    );
    expect(JSON.stringify(tokenStore)).toContain('"closed":true');
  });

  it("health events: degraded when Redis goes, recovered when it returns", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const info = vi.spyOn(console, "info").mockImplementation(() => {});
    const redis = new Redis(process.env.REDIS_URL!, { enableOfflineQueue: false, retryStrategy: () => 50 });
    redis.on("error", () => {});
    try {
      // #region readme-3
      const monitored = createRedisTokenStore({
        client: redis, // the client of the quick start
        commandTimeoutMs: 250,
        onEvent(event) {
          if (event.type === "redis.degraded") console.warn(`token store degraded (${event.error.code})`);
          if (event.type === "redis.recovered") console.info(`token store back after ${event.downMs} ms`);
        },
      });
      // #endregion
      expect(await monitored.get("k1")).toBeUndefined();
      await server.kill();
      await monitored.get("k1").catch(() => {});
      expect(warn).toHaveBeenCalledWith("token store degraded (CADUCEUS_TOKEN_STORE_UNAVAILABLE)");
      await server.restart();
      for (
        let i = 0;
        i < 100 &&
        !(await monitored.get("k1").then(
          () => true,
          () => false,
        ));
        i++
      ) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(info).toHaveBeenCalledWith(expect.stringMatching(/^token store back after \d+ ms$/));
      await monitored.close();
    } finally {
      redis.disconnect();
      vi.restoreAllMocks();
    }
  });
});

/** Names imported by this file, per module specifier. */
function importsOf(source: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [, names, from] of source.matchAll(/^import \{([^}]+)\} from "([^"]+)";$/gm)) {
    map.set(
      from!,
      names!.split(",").map((n) => n.trim().replace(/^type /, "")),
    );
  }
  return map;
}

function dedent(text: string): string {
  const lines = text.split("\n");
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines
    .map((l) => l.slice(indent))
    .join("\n")
    .trim();
}
