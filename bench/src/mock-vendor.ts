import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createTokenIssuer } from "@caduceus/auth-core/testing";

/** Paths of the mock, as Candid serves them under its core API origin. */
export const TOKEN_PATH = "/api/auth/v2/token";
export const PAYER_PATH_PREFIX = "/api/payers/v3/";
/** Control endpoints, used when the mock runs in another process. */
export const STATS_PATH = "/__bench/stats";
export const RESET_PATH = "/__bench/reset";

export const BENCH_CLIENT_ID = "bench-client";
export const BENCH_CLIENT_SECRET = "bench-secret-not-a-real-one";
export const PAYER_UUID = "d5e9c84f-c2b2-4bf4-b4b0-7ffd7a9ffc32";

/** The payer every `GET /api/payers/v3/{uuid}` answers (valid for Candid's schema and the SDK's parser). */
const PAYER = {
  payer_uuid: PAYER_UUID,
  payer_id: "60054",
  payer_name: "Aetna",
  availity_payer_name: "Aetna",
  street_address: {
    address1: "151 Farmington Avenue",
    city: "Hartford",
    state: "CT",
    zip_code: "06156",
    zip_plus_four_code: "0001",
  },
};

/** What crossed the wire since the last reset. */
export interface MockVendorStats {
  tokenRequests: number;
  apiRequests: number;
  unauthorized: number;
  /** TCP connections accepted (keep-alive clients open few). */
  connections: number;
}

/** Options of {@link startMockVendor}. */
export interface MockVendorOptions {
  /** `expires_in` of issued tokens, and when the mock stops accepting them. Default 18,000 s (Candid's 5 h). */
  lifetimeSeconds?: number;
  /** The mock's idea of now, in epoch ms (a fake clock in simulations). Default `Date.now`. */
  now?: () => number;
}

/** A running mock Candid vendor on 127.0.0.1. */
export interface MockVendor {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly stats: MockVendorStats;
  /** Zeroes the counters. */
  reset(): void;
  /** Stops the server and drops its keep-alive connections. */
  close(): Promise<void>;
}

/**
 * Starts a loopback mock of Candid's token endpoint (`POST /api/auth/v2/token`, JSON or form body with
 * `client_id` and `client_secret`, answering `{access_token, expires_in, token_type}`) and of
 * `GET /api/payers/v3/{payer_uuid}`, which checks the bearer token (401 when missing, unknown or
 * expired on the mock's clock). node:http on a random port with keep-alive, as a real vendor would be.
 *
 * @example
 * ```ts
 * const vendor = await startMockVendor();
 * await fetch(`${vendor.origin}/api/payers/v3/${PAYER_UUID}`); // 401
 * await vendor.close();
 * ```
 */
export async function startMockVendor(options: MockVendorOptions = {}): Promise<MockVendor> {
  const now = options.now ?? Date.now;
  const lifetimeSeconds = options.lifetimeSeconds ?? 18_000;
  const issuer = createTokenIssuer({
    lifetimeSeconds,
    issuer: "candid-bench",
    clock: { now, setTimeout, clearTimeout: (h) => clearTimeout(h as never), random: Math.random },
  });
  const stats: MockVendorStats = { tokenRequests: 0, apiRequests: 0, unauthorized: 0, connections: 0 };
  const payerBody = JSON.stringify(PAYER);

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      send(response, 500, { errorName: "InternalServerError", content: { message: String(error) } });
    });
  });
  // Clients keep connections open between calls; never close them under a running benchmark.
  server.keepAliveTimeout = 120_000;
  server.on("connection", () => {
    stats.connections += 1;
  });
  server.headersTimeout = 121_000;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = request.url ?? "/";
    if (request.method === "POST" && url === TOKEN_PATH) {
      stats.tokenRequests += 1;
      const fields = parseBody(request.headers["content-type"], await readBody(request));
      if (fields === undefined) {
        return send(response, 415, {
          errorName: "InvalidContentTypeError",
          content: { message: "Send JSON or a form body." },
        });
      }
      if (fields.client_id !== BENCH_CLIENT_ID || fields.client_secret !== BENCH_CLIENT_SECRET) {
        return send(response, 401, {
          errorName: "UnauthorizedError",
          content: { message: "Invalid client credentials." },
        });
      }
      return send(response, 200, {
        access_token: issuer.issue(fields.client_id),
        expires_in: issuer.lifetimeSeconds,
        token_type: "Bearer",
      });
    }
    if (request.method === "GET" && url.startsWith(PAYER_PATH_PREFIX)) {
      stats.apiRequests += 1;
      request.resume();
      if (!issuer.check(request.headers.authorization).ok) {
        stats.unauthorized += 1;
        return send(response, 401, { errorName: "UnauthorizedError", content: { message: "Unauthorized" } });
      }
      return sendText(response, 200, payerBody);
    }
    if (request.method === "GET" && url === STATS_PATH) return send(response, 200, stats);
    if (request.method === "POST" && url === RESET_PATH) {
      reset();
      return send(response, 200, stats);
    }
    request.resume();
    send(response, 404, { errorName: "NotFoundError", content: { message: `No route ${url}` } });
  }

  function reset(): void {
    stats.tokenRequests = 0;
    stats.apiRequests = 0;
    stats.unauthorized = 0;
    stats.connections = 0;
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    stats,
    reset,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function parseBody(contentType: string | undefined, text: string): Record<string, string> | undefined {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/json") {
    try {
      const parsed = JSON.parse(text) as unknown;
      return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, string>) : {};
    } catch {
      return {};
    }
  }
  if (type === "application/x-www-form-urlencoded") return Object.fromEntries(new URLSearchParams(text));
  return undefined;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  sendText(response, status, JSON.stringify(body));
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  response.end(text);
}
