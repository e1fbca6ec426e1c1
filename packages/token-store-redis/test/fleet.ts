// Test kit for fleet tests and the fleet benchmark: a loopback mock token endpoint + API, and a fleet
// of Node processes (test/fleet-worker.mjs) driven over IPC.
import { type ChildProcess, fork } from "node:child_process";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";

const WORKER = fileURLToPath(new URL("./fleet-worker.mjs", import.meta.url));

/** A mock vendor on 127.0.0.1: counts token requests, checks that each API call carries its tenant's token. */
export interface MockVendor {
  readonly tokenUrl: string;
  readonly baseUrl: string;
  /** Token requests received, per tenant (client id). */
  readonly tokenRequests: Map<string, number>;
  /** Total token requests received. */
  totalTokenRequests(): number;
  /** API calls whose token belonged to another tenant (must stay 0). */
  readonly crossTenantCalls: number;
  /** Next token request from this worker is held unanswered (the holder will be killed). */
  holdTokenRequestsFrom(worker: string): void;
  /** Resolves with the worker id of the next token request that arrives. */
  nextTokenRequest(): Promise<string>;
  close(): Promise<void>;
}

export async function startMockVendor(options: { tokenLatencyMs?: number } = {}): Promise<MockVendor> {
  const latency = options.tokenLatencyMs ?? 50;
  const tokenRequests = new Map<string, number>();
  const owners = new Map<string, string>();
  const held = new Set<string>();
  const heldResponses = new Set<ServerResponse>();
  let crossTenantCalls = 0;
  let serial = 0;
  let onToken: ((worker: string) => void) | undefined;

  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => {
        body += chunk;
      });
      req.on("end", () => resolve(body));
    });

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (req.method === "POST" && url.pathname === "/oauth/token") {
      const body = JSON.parse((await readBody(req)) || "{}") as {
        client_id?: string;
        client_secret?: string;
      };
      const tenant = body.client_id ?? "?";
      const worker = String(req.headers["x-fleet-worker"] ?? "?");
      tokenRequests.set(tenant, (tokenRequests.get(tenant) ?? 0) + 1);
      onToken?.(worker);
      onToken = undefined;
      if (held.has(worker)) {
        held.delete(worker);
        heldResponses.add(res);
        res.on("close", () => heldResponses.delete(res));
        return; // never answered: its process is about to be killed
      }
      if (body.client_secret !== `secret-of-${tenant}`) {
        res.writeHead(401, { "content-type": "application/json" }).end('{"error":"invalid_client"}');
        return;
      }
      const token = `mock-${tenant}-${++serial}`;
      owners.set(token, tenant);
      setTimeout(() => {
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ access_token: token, token_type: "Bearer", expires_in: 3600 }));
      }, latency);
      return;
    }
    const match = /^\/v1\/tenants\/([^/]+)\/things$/.exec(url.pathname);
    if (req.method === "GET" && match) {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      const owner = token ? owners.get(token) : undefined;
      if (!owner) {
        res.writeHead(401).end();
        return;
      }
      if (owner !== match[1]) {
        crossTenantCalls++;
        res.writeHead(403).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
      return;
    }
    res.writeHead(404).end();
  });
  server.keepAliveTimeout = 1_000;
  // 8 processes × 100 concurrent calls open up to 800 sockets at once: with Node's default backlog (511)
  // the kernel drops SYNs and retransmits them a second or more later, which looks like a slow store.
  await new Promise<void>((resolve) => server.listen({ port: 0, host: "127.0.0.1", backlog: 4096 }, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    tokenUrl: `http://127.0.0.1:${port}/oauth/token`,
    baseUrl: `http://127.0.0.1:${port}/v1`,
    tokenRequests,
    totalTokenRequests: () => [...tokenRequests.values()].reduce((a, b) => a + b, 0),
    get crossTenantCalls() {
      return crossTenantCalls;
    },
    holdTokenRequestsFrom: (worker) => held.add(worker),
    nextTokenRequest: () =>
      new Promise((resolve) => {
        onToken = resolve;
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of heldResponses) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What one worker reports after a burst of calls. */
export interface BurstResult {
  statuses: Record<string, number>;
  storeErrors: number;
  takeovers: number;
  maxMs: number;
  error?: string;
}

/** Parameters of a burst, as the worker reads them. */
export interface Burst {
  tenant: string;
  calls: number;
  store: "redis" | "memory";
  redisPort?: number;
  lockTtlMs?: number;
  commandTimeoutMs?: number;
  timeoutMs?: number;
}

/** N worker processes. */
export class Fleet {
  readonly workers: ChildProcess[] = [];
  #nextId = 0;

  static async start(size: number, vendor: MockVendor): Promise<Fleet> {
    const fleet = new Fleet();
    await Promise.all(
      Array.from({ length: size }, (_, i) => {
        const child = fork(WORKER, [], {
          execArgv: [],
          env: {
            ...process.env,
            FLEET_WORKER: String(i),
            FLEET_TOKEN_URL: vendor.tokenUrl,
            FLEET_BASE_URL: vendor.baseUrl,
          },
          stdio: ["ignore", "inherit", "inherit", "ipc"],
        });
        fleet.workers.push(child);
        return new Promise<void>((resolve, reject) => {
          child.once("message", () => resolve());
          child.once("exit", (code) => reject(new Error(`fleet worker ${i} exited early (code ${code})`)));
        });
      }),
    );
    return fleet;
  }

  /** Sends one burst to one worker; resolves with its report (rejects if the worker dies). */
  burstOn(index: number, burst: Burst): Promise<BurstResult> {
    const child = this.workers[index]!;
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const onMessage = (message: BurstResult & { id?: number }) => {
        if (message.id !== id) return;
        cleanup();
        resolve(message);
      };
      const onExit = () => {
        cleanup();
        reject(new Error(`fleet worker ${index} exited during a burst`));
      };
      const cleanup = () => {
        child.off("message", onMessage);
        child.off("exit", onExit);
      };
      child.on("message", onMessage);
      child.once("exit", onExit);
      child.send({ cmd: "burst", id, ...burst });
    });
  }

  /** The same burst on every live worker at once. */
  burst(burst: Burst, indexes = this.workers.map((_, i) => i)): Promise<BurstResult[]> {
    return Promise.all(indexes.map((i) => this.burstOn(i, burst)));
  }

  /** Asks every worker to exit cleanly, killing any that does not within 5 s. */
  async stop(): Promise<void> {
    await Promise.all(
      this.workers.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
            child.once("exit", () => {
              clearTimeout(timer);
              resolve();
            });
            if (child.connected) child.send({ cmd: "exit" });
            else child.kill("SIGKILL");
          }),
      ),
    );
  }
}

/** Adds up the statuses of a fleet's reports. */
export function totalStatuses(results: BurstResult[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const r of results) for (const [k, v] of Object.entries(r.statuses)) total[k] = (total[k] ?? 0) + v;
  return total;
}
