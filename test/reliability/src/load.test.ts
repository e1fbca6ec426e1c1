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
const IMPOSTORS = 10;

interface LoadRow {
  vendor: VendorId;
  stormTokenRequests: number;
  stormOk: number;
  failStormTokenRequests: number;
  failStormTyped: number;
  sharedTokenRequests: number;
  impostorsRejected: number;
  /** The status(es) the impostors' token requests were refused with. */
  impostorStatus: string;
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
    `| vendor | ${COLD_CALLS.toLocaleString("en")} concurrent cold calls | ${TENANTS} tenants × ${CALLS_PER_TENANT} concurrent calls (+ ${IMPOSTORS} impostors with a wrong secret) | ${COLD_CALLS.toLocaleString("en")} concurrent calls, token revoked (401 storm) | ${COLD_CALLS.toLocaleString("en")} concurrent cold calls, token endpoint 400 | 10 clients, same credentials |`,
    "|---|---|---|---|---|---|",
    ...rows.map(
      (row) =>
        `| ${VENDOR_SPECS[row.vendor].label} | ${row.coldOk} ok, ${row.coldTokenRequests} token request, ${(row.coldMs / 1000).toFixed(1)} s | ${row.tenantOk} ok, ${row.tenantWrongToken} with another tenant's token, ${row.tenantTokenRequests.min === row.tenantTokenRequests.max ? row.tenantTokenRequests.min : `${row.tenantTokenRequests.min}–${row.tenantTokenRequests.max}`} token request per tenant, ${row.impostorsRejected}/${IMPOSTORS * 5} impostor calls rejected (${row.impostorStatus}), ${(row.tenantMs / 1000).toFixed(1)} s | ${row.stormOk} ok after one replay each, ${row.stormTokenRequests} new token request | ${row.failStormTyped} × TokenRequestError 400, ${row.failStormTokenRequests} token request | ${row.sharedTokenRequests} token request for 100 calls |`,
    ),
  ].join("\n");
  saveResults("load-1", { order: 1, markdown: table });
});

function simFor(vendor: VendorId): VendorSim {
  const sim = new VendorSim(VENDOR_SPECS[vendor], undefined, server.origin);
  server.reset();
  server.route = (request) => sim.handle(request);
  return sim;
}

describe.each(VENDORS)("load: %s", (vendor) => {
  const spec = VENDOR_SPECS[vendor];
  /** A fresh sim with one new tenant, and a client of that tenant with a token store of its own. */
  const coldTenant = (name: string) => {
    const sim = simFor(vendor);
    const creds = makeCreds(vendor, name);
    sim.addTenant(creds);
    const client = spec.create(creds, {
      origin: server.origin,
      tokenStore: new MemoryTokenStore(),
      timeoutMs: 30_000,
    });
    return { sim, creds, client, path: spec.paths(creds).get };
  };
  const row: LoadRow = {
    vendor,
    coldTokenRequests: 0,
    coldOk: 0,
    coldMs: 0,
    tenantTokenRequests: { min: 0, max: 0 },
    tenantOk: 0,
    tenantWrongToken: 0,
    tenantMs: 0,
    stormTokenRequests: 0,
    stormOk: 0,
    failStormTokenRequests: 0,
    failStormTyped: 0,
    sharedTokenRequests: 0,
    impostorsRejected: 0,
    impostorStatus: "",
  };
  rows.push(row);

  it(`${COLD_CALLS} concurrent cold calls cause one token request`, async () => {
    const { sim, client, path } = coldTenant("cold");
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
    // Impostors: the first tenants' ids with a wrong secret, calling at the same time. They must never
    // be handed the real tenant's token (the cache key covers the secret).
    const impostors = tenants.slice(0, IMPOSTORS).map(({ creds }) => {
      const wrong = { ...creds };
      for (const field of spec.secretFields) wrong[field] = `${creds[field]}-wrong`;
      return {
        creds: wrong,
        client: spec.create(wrong, { origin: server.origin, timeoutMs: 30_000 }) as LooseClient,
      };
    });
    const started = performance.now();
    const impostorCalls = Promise.all(
      impostors.flatMap(({ creds, client }) =>
        Array.from({ length: 5 }, () =>
          client.GET(spec.paths(creds).get, { params: { query: { tenant: creds.tenant } } }).then(
            () => "answered",
            (error: { name?: string; status?: number }) => `${error.name} ${error.status}`,
          ),
        ),
      ),
    );
    const results = await Promise.all(
      tenants.flatMap(({ creds, client }) =>
        Array.from({ length: CALLS_PER_TENANT }, () =>
          client.GET(spec.paths(creds).get, { params: { query: { tenant: creds.tenant } } }),
        ),
      ),
    );
    const impostorOutcomes = await impostorCalls;
    row.tenantMs = performance.now() - started;
    // Refused client authentication: 401, or 400 invalid_client where the vendor answers so (CareCentric's
    // IdentityServer, RFC 6749 §5.2 allows both).
    const refused = (outcome: string) => /^TokenRequestError 40[01]$/.test(outcome);
    row.impostorsRejected = impostorOutcomes.filter(refused).length;
    row.impostorStatus = [...new Set(impostorOutcomes.map((outcome) => outcome.split(" ").at(-1)))].join("/");
    // The simulation records each impostor's token request as a credential mismatch; nothing else may appear.
    const violations = sim.violations.filter((violation) => !/mismatch/.test(violation));
    row.tenantOk = results.filter((result) => result.response.status === 200).length;
    row.tenantWrongToken = violations.filter((violation) => violation.includes("used for")).length;
    const perTenant = tenants.map(({ creds }) => sim.tokensPerTenant.get(creds.tenant) ?? 0);
    row.tenantTokenRequests = { min: Math.min(...perTenant), max: Math.max(...perTenant) };
    expect(violations).toEqual([]);
    expect(row.tenantOk).toBe(TENANTS * CALLS_PER_TENANT);
    expect(perTenant.every((count) => count === 1)).toBe(true);
    expect(impostorOutcomes.every(refused)).toBe(true);
    // One per tenant, and one per impostor (its failure is remembered for its other calls).
    expect(sim.tokenRequests).toHaveLength(TENANTS + IMPOSTORS);
  });

  it(`${COLD_CALLS} concurrent calls whose token was revoked: one new token, each call replayed once`, async () => {
    const { sim, client, path } = coldTenant("storm");
    expect((await client.GET(path, {})).response.status).toBe(200);
    sim.revokeAll(); // the vendor revokes every token: each call's first attempt answers 401
    const results = await Promise.all(Array.from({ length: COLD_CALLS }, () => client.GET(path, {})));
    row.stormOk = results.filter((result) => result.response.status === 200).length;
    row.stormTokenRequests = sim.tokenRequests.length - 1;
    const statuses = results.map((result) => result.response.status).filter((status) => status !== 200);
    expect(sim.violations).toEqual([]);
    expect(statuses, "calls that did not end in 200").toEqual([]);
    expect(row.stormTokenRequests).toBe(1);
    // Every call was answered 401 once and replayed once (none reused the revoked token twice).
    expect(sim.apiRequests.length - 1, "API requests of the storm").toBe(2 * COLD_CALLS);
  });

  it(`${COLD_CALLS} concurrent cold calls while the token endpoint answers 400: one token request`, async () => {
    const { sim, client, path } = coldTenant("failstorm");
    sim.tokenScript.push(spec.tokenError(400, "invalid_client", "Client authentication failed"));
    const outcomes = await Promise.all(
      Array.from({ length: COLD_CALLS }, () =>
        client.GET(path, {}).then(
          () => "answered",
          (error: { name?: string; status?: number }) => `${error.name} ${error.status}`,
        ),
      ),
    );
    row.failStormTyped = outcomes.filter((outcome) => outcome === "TokenRequestError 400").length;
    row.failStormTokenRequests = sim.tokenRequests.length;
    expect(row.failStormTyped).toBe(COLD_CALLS);
    expect(sim.tokenRequests).toHaveLength(1);
    expect(sim.apiRequests).toHaveLength(0);
  });

  it("10 clients created separately with the same credentials share one token", async () => {
    const sim = simFor(vendor);
    const creds = makeCreds(vendor, `shared-${Date.now()}`);
    sim.addTenant(creds);
    // The default store, shared by the whole process.
    const clients = Array.from({ length: 10 }, () =>
      spec.create(creds, { origin: server.origin, timeoutMs: 30_000 }),
    );
    const results = await Promise.all(
      clients.flatMap((client) => Array.from({ length: 10 }, () => client.GET(spec.paths(creds).get, {}))),
    );
    row.sharedTokenRequests = sim.tokenRequests.length;
    expect(results.every((result) => result.response.status === 200)).toBe(true);
    expect(sim.tokenRequests).toHaveLength(1);
  });
});
