// A mock vendor on 127.0.0.1 for the fleet tests and the fleet benchmark: a token endpoint that counts
// requests per tenant (client id), and an API that checks each call carries its own tenant's token.
import { createServer } from "node:http";

/** @param {{ tokenLatencyMs?: number, lifetimeSeconds?: number }} [options] */
export async function startMockVendor(options = {}) {
  const latency = options.tokenLatencyMs ?? 50;
  let lifetimeSeconds = options.lifetimeSeconds ?? 3600;
  const tokenRequests = new Map();
  const owners = new Map();
  const held = new Set();
  const heldResponses = new Set();
  let crossTenantCalls = 0;
  let apiCalls = 0;
  let serial = 0;
  let onToken;

  const readBody = (req) =>
    new Promise((resolve) => {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => resolve(body));
    });

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (req.method === "POST" && url.pathname === "/oauth/token") {
      const body = JSON.parse((await readBody(req)) || "{}");
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
      const answer = JSON.stringify({
        access_token: token,
        token_type: "Bearer",
        expires_in: lifetimeSeconds,
      });
      const send = () => res.writeHead(200, { "content-type": "application/json" }).end(answer);
      if (latency > 0) setTimeout(send, latency);
      else send();
      return;
    }
    const match = /^\/v1\/tenants\/([^/]+)\/things$/.exec(url.pathname);
    if (req.method === "GET" && match) {
      apiCalls++;
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
  await new Promise((resolve) => server.listen({ port: 0, host: "127.0.0.1", backlog: 4096 }, resolve));
  const { port } = server.address();
  return {
    tokenUrl: `http://127.0.0.1:${port}/oauth/token`,
    baseUrl: `http://127.0.0.1:${port}/v1`,
    tokenRequests,
    totalTokenRequests: () => [...tokenRequests.values()].reduce((a, b) => a + b, 0),
    get crossTenantCalls() {
      return crossTenantCalls;
    },
    get apiCalls() {
      return apiCalls;
    },
    get lifetimeSeconds() {
      return lifetimeSeconds;
    },
    set lifetimeSeconds(value) {
      lifetimeSeconds = value;
    },
    holdTokenRequestsFrom: (worker) => held.add(worker),
    nextTokenRequest: () =>
      new Promise((resolve) => {
        onToken = resolve;
      }),
    close: () =>
      new Promise((resolve) => {
        for (const res of heldResponses) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
