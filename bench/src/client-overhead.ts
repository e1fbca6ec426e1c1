import { cpuUsage } from "node:process";
import createClient, { type Middleware } from "openapi-fetch";
import type { BenchPaths, CaduceusImplementation } from "./caduceus-candid.js";
import { BENCH_CLIENT_ID, BENCH_CLIENT_SECRET, PAYER_UUID, TOKEN_PATH } from "./mock-vendor.js";
import { pairedRatios, rotation, type Summary, summarize } from "./stats.js";

/**
 * The client's own CPU time per call, with the network taken out: every variant gets a `fetch` that
 * answers from memory, so what is left is the work of the client library itself (openapi-fetch, the
 * middleware, the deadline, the body wrapper). On loopback the mock vendor's and the socket's work
 * dilute this; against a real API it is what a client adds to each call.
 */
export interface ClientOverheadPlan {
  rounds: number;
  callsPerRound: number;
  warmupCalls: number;
}

export interface ClientOverheadResult {
  /** Microseconds of this process's CPU per call, one sample per round. */
  samples: Record<"openapi-fetch" | "caduceus", number[]>;
  /** Per-round ratio caduceus / openapi-fetch. */
  ratio: Summary;
}

const ORIGIN = "https://candid.bench.invalid";
const PAYER_JSON = JSON.stringify({ payer_uuid: PAYER_UUID, payer_id: "60054", payer_name: "Aetna" });
const TOKEN_JSON = JSON.stringify({ access_token: "bench-token", expires_in: 18_000 });

/** A fetch that answers the token and payer requests from memory, as a fresh Response each time. */
const inMemoryVendor: typeof fetch = async (input) => {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  const body = url.endsWith(TOKEN_PATH) ? TOKEN_JSON : PAYER_JSON;
  return new Response(body, { status: 200, headers: { "content-type": "application/json" } });
};

type Call = () => Promise<unknown>;

function bareOpenapiFetch(): Call {
  const bearer: Middleware = {
    async onRequest({ request }) {
      request.headers.set("authorization", "Bearer bench-token");
      return request;
    },
  };
  const client = createClient<BenchPaths>({ baseUrl: ORIGIN, fetch: inMemoryVendor });
  client.use(bearer);
  return async () => {
    const { data } = await client.GET("/api/payers/v3/{payer_uuid}", {
      params: { path: { payer_uuid: PAYER_UUID } },
    });
    if (!data) throw new Error("openapi-fetch: call failed");
  };
}

function caduceus(implementation: CaduceusImplementation): Call {
  const client = implementation.create({
    origin: ORIGIN,
    clientId: BENCH_CLIENT_ID,
    clientSecret: BENCH_CLIENT_SECRET,
    fetch: inMemoryVendor,
  });
  return async () => {
    const { data } = await client.GET("/api/payers/v3/{payer_uuid}", {
      params: { path: { payer_uuid: PAYER_UUID } },
    });
    if (!data) throw new Error("caduceus: call failed");
  };
}

async function cpuMicrosPerCall(call: Call, calls: number): Promise<number> {
  const before = cpuUsage();
  for (let i = 0; i < calls; i++) await call();
  const used = cpuUsage(before);
  return (used.user + used.system) / calls;
}

/** Interleaved rounds, the order rotated per round, so drift and noise hit both variants alike. */
export async function measureClientOverhead(
  implementation: CaduceusImplementation,
  plan: ClientOverheadPlan,
): Promise<ClientOverheadResult> {
  const calls = { "openapi-fetch": bareOpenapiFetch(), caduceus: caduceus(implementation) } as const;
  const ids = ["openapi-fetch", "caduceus"] as const;
  for (const id of ids) for (let i = 0; i < plan.warmupCalls; i++) await calls[id]();
  const samples: ClientOverheadResult["samples"] = { "openapi-fetch": [], caduceus: [] };
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let round = 0; round < plan.rounds; round++) {
    for (const id of rotation(ids, round)) {
      gc?.();
      samples[id].push(await cpuMicrosPerCall(calls[id], plan.callsPerRound));
    }
  }
  return { samples, ratio: summarize(pairedRatios(samples.caduceus, samples["openapi-fetch"])) };
}
