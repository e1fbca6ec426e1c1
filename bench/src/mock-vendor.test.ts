import { afterEach, describe, expect, it } from "vitest";
import {
  BENCH_CLIENT_ID,
  BENCH_CLIENT_SECRET,
  type MockVendor,
  PAYER_UUID,
  startMockVendor,
  TOKEN_PATH,
} from "./mock-vendor.js";
import { runConcurrently } from "./per-request.js";

let vendor: MockVendor | undefined;
afterEach(async () => {
  await vendor?.close();
  vendor = undefined;
});

const tokenRequest = (origin: string, body: string, contentType = "application/json") =>
  fetch(`${origin}${TOKEN_PATH}`, { method: "POST", headers: { "content-type": contentType }, body });

const credentials = JSON.stringify({ client_id: BENCH_CLIENT_ID, client_secret: BENCH_CLIENT_SECRET });

describe("mock vendor", () => {
  it("counts every token request, good or bad, and issues tokens only for the right credentials", async () => {
    vendor = await startMockVendor({ lifetimeSeconds: 60 });
    const ok = await tokenRequest(vendor.origin, credentials);
    expect(ok.status).toBe(200);
    const token = (await ok.json()) as { access_token: string; expires_in: number; token_type: string };
    expect(token.expires_in).toBe(60);
    expect(token.token_type).toBe("Bearer");

    const form = new URLSearchParams({ client_id: BENCH_CLIENT_ID, client_secret: BENCH_CLIENT_SECRET });
    expect(
      (await tokenRequest(vendor.origin, form.toString(), "application/x-www-form-urlencoded")).status,
    ).toBe(200);
    const wrong = await tokenRequest(
      vendor.origin,
      JSON.stringify({ client_id: BENCH_CLIENT_ID, client_secret: "x" }),
    );
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { errorName: string }).errorName).toBe("UnauthorizedError");
    expect((await tokenRequest(vendor.origin, credentials, "text/plain")).status).toBe(415);

    expect(vendor.stats.tokenRequests).toBe(4);
    expect(vendor.stats.apiRequests).toBe(0);
  });

  it("counts concurrent token requests exactly", async () => {
    vendor = await startMockVendor();
    const origin = vendor.origin;
    await runConcurrently(async () => (await tokenRequest(origin, credentials)).arrayBuffer(), 37, 10);
    expect(vendor.stats.tokenRequests).toBe(37);
    vendor.reset();
    expect(vendor.stats).toEqual({ tokenRequests: 0, apiRequests: 0, unauthorized: 0, connections: 0 });
  });

  it("answers the payer with a valid token and 401 without one or after expiry on its clock", async () => {
    let now = Date.UTC(2026, 0, 1);
    vendor = await startMockVendor({ lifetimeSeconds: 60, now: () => now });
    const url = `${vendor.origin}/api/payers/v3/${PAYER_UUID}`;
    const { access_token } = (await (await tokenRequest(vendor.origin, credentials)).json()) as {
      access_token: string;
    };
    const call = () => fetch(url, { headers: { authorization: `Bearer ${access_token}` } });

    const payer = await call();
    expect(payer.status).toBe(200);
    expect(((await payer.json()) as { payer_uuid: string }).payer_uuid).toBe(PAYER_UUID);
    expect((await fetch(url)).status).toBe(401);
    now += 60_000;
    expect((await call()).status).toBe(401);

    expect(vendor.stats).toMatchObject({ tokenRequests: 1, apiRequests: 3, unauthorized: 2 });
  });
});
