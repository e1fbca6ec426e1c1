import type { Clock } from "@caduceus/auth-core";
import { serveLoopback } from "@caduceus/auth-core/testing/node";
import { type CandidMock, createCandidMock } from "@caduceus/candid/testing";

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

/** A running mock Candid vendor on 127.0.0.1; `stats` is a fresh snapshot on every read. */
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
 * Starts Candid's own mock (`@caduceus/candid/testing`) on auth-core's loopback server: its token
 * endpoint (`POST /api/auth/v2/token`, JSON or form body with `client_id` and `client_secret`,
 * answering `{access_token, expires_in, token_type}`) and `GET /api/payers/v3/{payer_uuid}`, which
 * checks the bearer token (401 when missing, unknown or expired on the mock's clock). node:http on a
 * random port with keep-alive, as a real vendor would be; the bench adds only its control paths and
 * the connection count.
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
  const clock: Clock = {
    now,
    setTimeout,
    clearTimeout: (h) => clearTimeout(h as never),
    random: Math.random,
  };
  let mock: CandidMock | undefined;
  let connectionsAtReset = 0;
  const server = await serveLoopback(
    async (request) => {
      const { pathname } = new URL(request.url);
      if (request.method === "GET" && pathname === STATS_PATH) return Response.json(stats());
      if (request.method === "POST" && pathname === RESET_PATH) {
        reset();
        return Response.json(stats());
      }
      return mock!.respond(request);
    },
    // Clients keep connections open between calls; never close them under a running benchmark.
    { keepAliveTimeoutMs: 120_000 },
  );
  mock = createCandidMock({
    // Both of Candid's hosts on the one loopback origin: core paths start with /api/, the others do not.
    baseUrl: server.origin,
    preEncounterBaseUrl: server.origin,
    clock,
    tokenLifetimeSeconds: options.lifetimeSeconds ?? 18_000,
    credentials: { clientId: BENCH_CLIENT_ID, clientSecret: BENCH_CLIENT_SECRET },
  });
  mock.data.payers.unshift(PAYER);
  const stats = (): MockVendorStats => ({
    ...mock!.controls.stats,
    connections: server.connections - connectionsAtReset,
  });
  function reset(): void {
    // Records too: a long benchmark must not keep every request it made.
    mock!.reset();
    connectionsAtReset = server.connections;
  }
  return {
    origin: server.origin,
    get stats() {
      return stats();
    },
    reset,
    close: () => server.close(),
  };
}
