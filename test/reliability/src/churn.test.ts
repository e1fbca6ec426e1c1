import { MemoryTokenStore } from "@caduceus/auth-core";
import { expect, it } from "vitest";
import { heapAfterGc } from "./harness/heap.js";
import { saveResults } from "./harness/report.js";
import { inProcessFetch, VendorSim } from "./harness/sim.js";
import { makeCreds, VENDOR_SPECS } from "./harness/vendors.js";

/**
 * Tenant churn: one process serving ever new tenants (a client per clinic, made per request, as an
 * Arzamed integration would). The token store is capped (10,000 entries), and so must be everything
 * else auth-core keeps per credential identity: past the cap the heap stays flat.
 */

const TENANTS = 15_000;
const CAP = 10_000;

it(`${TENANTS.toLocaleString("en")} tenants one after another: memory flat past the ${CAP.toLocaleString("en")}-identity cap`, async () => {
  const spec = VENDOR_SPECS.arzamed;
  const origin = "https://arzamed.vendor.test";
  const sim = new VendorSim(spec, undefined, origin);
  sim.record = false;
  const fetch = inProcessFetch(sim, origin);
  const store = new MemoryTokenStore();
  const heap: Array<[number, number]> = [];
  const started = performance.now();
  for (let tenant = 1; tenant <= TENANTS; tenant++) {
    const creds = makeCreds("arzamed", `churn-${tenant}`);
    sim.addTenant(creds);
    const client = spec.create(creds, { origin, fetch, tokenStore: store });
    const { response } = await client.GET(spec.paths(creds).get, {});
    expect(response.status).toBe(200);
    sim.removeTenant(creds.tenant);
    if (tenant >= CAP && tenant % 2_500 === 0) {
      sim.revokeAll();
      heap.push([tenant, heapAfterGc()]);
    }
  }
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  const growth = heap.at(-1)![1] - heap[0]![1];
  saveResults("week-2", {
    order: 2,
    markdown: `Tenant churn: ${TENANTS.toLocaleString("en")} tenants, each a new client making one call, on one store: heap after GC ${heap.map(([tenant, bytes]) => `${mb(bytes)} MB at ${tenant.toLocaleString("en")}`).join(", ")} (growth past the cap ${mb(growth)} MB; store ${store.size} entries). Wall time ${((performance.now() - started) / 1000).toFixed(1)} s.`,
  });
  expect(store.size).toBeLessThanOrEqual(CAP);
  expect(growth, "heap growth past the cap").toBeLessThan(2 * 1024 * 1024);
}, 300_000);
