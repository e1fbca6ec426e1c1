import { MemoryTokenStore } from "@caduceus/auth-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Loopback } from "./harness/loopback.js";
import { saveResults } from "./harness/report.js";
import { VendorSim } from "./harness/sim.js";
import { type LooseClient, makeCreds, VENDOR_SPECS, VENDORS, type VendorId } from "./harness/vendors.js";

/**
 * Load on real sockets (keep-alive loopback server): a cold burst of 1,000 concurrent calls must cause
 * one token request; 50 tenants × 20 concurrent calls in one process must each carry their own
 * tenant's token (the server checks the token's tenant against the tenant the call names) with one
 * token request per tenant.
 */

const COLD_CALLS = 1_000;
const TENANTS = 50;
const CALLS_PER_TENANT = 20;

interface LoadRow {
  vendor: VendorId;
  coldTokenRequests: number;
  coldOk: number;
  coldMs: number;
  tenantTokenRequests: { min: number; max: number };
  tenantOk: number;
  tenantWrongToken: number;
  tenantMs: number;
}

const rows: LoadRow[] = [];
let server: Loopback;

beforeAll(async () => {
  server = await Loopback.start("127.0.0.1", { keepAlive: true });
});

afterAll(async () => {
  await server.close();
  rows.sort((a, b) => VENDORS.indexOf(a.vendor) - VENDORS.indexOf(b.vendor));
  const table = [
    `| vendor | ${COLD_CALLS.toLocaleString("en")} concurrent cold calls | ${TENANTS} tenants × ${CALLS_PER_TENANT} concurrent calls |`,
    "|---|---|---|",
    ...rows.map(
      (row) =>
        `| ${VENDOR_SPECS[row.vendor].label} | ${row.coldOk} ok, ${row.coldTokenRequests} token request, ${(row.coldMs / 1000).toFixed(1)} s | ${row.tenantOk} ok, ${row.tenantWrongToken} with another tenant's token, ${row.tenantTokenRequests.min === row.tenantTokenRequests.max ? row.tenantTokenRequests.min : `${row.tenantTokenRequests.min}–${row.tenantTokenRequests.max}`} token request per tenant, ${(row.tenantMs / 1000).toFixed(1)} s |`,
    ),
  ].join("\n");
  saveResults("load-1", { order: 1, markdown: table });
});

function simFor(vendor: VendorId): VendorSim {
  const sim = new VendorSim(VENDOR_SPECS[vendor]);
  server.reset();
  server.route = (request) => sim.handle(request);
  return sim;
}

describe.each(VENDORS)("load: %s", (vendor) => {
  const spec = VENDOR_SPECS[vendor];
  const row: LoadRow = {
    vendor,
    coldTokenRequests: 0,
    coldOk: 0,
    coldMs: 0,
    tenantTokenRequests: { min: 0, max: 0 },
    tenantOk: 0,
    tenantWrongToken: 0,
    tenantMs: 0,
  };
  rows.push(row);

  it(`${COLD_CALLS} concurrent cold calls cause one token request`, async () => {
    const sim = simFor(vendor);
    const creds = makeCreds(vendor, "cold");
    sim.addTenant(creds);
    const client = spec.create(creds, {
      origin: server.origin,
      tokenStore: new MemoryTokenStore(),
      timeoutMs: 30_000,
    });
    const path = spec.paths(creds).get;
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: COLD_CALLS }, () => client.GET(path, {})));
    row.coldMs = performance.now() - started;
    row.coldOk = results.filter((result) => result.response.status === 200).length;
    row.coldTokenRequests = sim.tokenRequests.length;
    expect(sim.violations).toEqual([]);
    expect(row.coldOk).toBe(COLD_CALLS);
    expect(sim.tokenRequests).toHaveLength(1);
  });

  it(`${TENANTS} tenants × ${CALLS_PER_TENANT} concurrent calls: each call carries its own tenant's token`, async () => {
    const sim = simFor(vendor);
    // The process-wide default store, as users get it: tenants must be kept apart by the cache key.
    const tenants = Array.from({ length: TENANTS }, (_, index) => {
      const creds = makeCreds(vendor, `tenant${index}-${Date.now()}`);
      sim.addTenant(creds);
      return {
        creds,
        client: spec.create(creds, { origin: server.origin, timeoutMs: 30_000 }) as LooseClient,
      };
    });
    const started = performance.now();
    const results = await Promise.all(
      tenants.flatMap(({ creds, client }) =>
        Array.from({ length: CALLS_PER_TENANT }, () =>
          client.GET(spec.paths(creds).get, { params: { query: { tenant: creds.tenant } } }),
        ),
      ),
    );
    row.tenantMs = performance.now() - started;
    row.tenantOk = results.filter((result) => result.response.status === 200).length;
    row.tenantWrongToken = sim.violations.filter((violation) => violation.includes("used for")).length;
    const perTenant = tenants.map(({ creds }) => sim.tokensPerTenant.get(creds.tenant) ?? 0);
    row.tenantTokenRequests = { min: Math.min(...perTenant), max: Math.max(...perTenant) };
    expect(sim.violations).toEqual([]);
    expect(row.tenantOk).toBe(TENANTS * CALLS_PER_TENANT);
    expect(perTenant.every((count) => count === 1)).toBe(true);
    expect(sim.tokenRequests).toHaveLength(TENANTS);
  });
});
