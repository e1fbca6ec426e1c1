import { describe, expect, it } from "vitest";
import { systemClock } from "../clock.js";
import { decodeJwtTimes } from "../token/jwt.js";
import { createFakeClock } from "./fake-clock.js";
import { createTokenIssuer } from "./token-issuer.js";

describe("forgetExpired", () => {
  it("forgets tokens expired longer ago than the grace, keeps the others", () => {
    let now = 0;
    const issuer = createTokenIssuer({ lifetimeSeconds: 60, clock: { ...systemClock, now: () => now } });
    const old = issuer.issue("a");
    now = 100_000;
    const recent = issuer.issue("b");
    now = 170_000;
    expect(issuer.check(`Bearer ${old}`)).toEqual({ ok: false, reason: "expired" });
    expect(issuer.forgetExpired(60_000)).toBe(1);
    expect(issuer.check(`Bearer ${old}`)).toEqual({ ok: false, reason: "unknown" });
    expect(issuer.check(`Bearer ${recent}`)).toEqual({ ok: false, reason: "expired" });
  });
});

describe("createTokenIssuer", () => {
  it("mints JWT-shaped tokens that expire on the given clock", async () => {
    const clock = createFakeClock();
    const issuer = createTokenIssuer({ clock, lifetimeSeconds: 60, issuer: "acme" });
    const token = issuer.issue("client-1");
    expect(issuer.issued).toBe(1);
    const times = decodeJwtTimes(token);
    expect((times.exp ?? 0) - (times.iat ?? 0)).toBe(60);
    expect(issuer.check(`Bearer ${token}`)).toEqual({ ok: true, subject: "client-1" });
    await clock.advance(60_000);
    expect(issuer.check(`Bearer ${token}`)).toEqual({ ok: false, reason: "expired" });
  });

  it("tells why a header is refused", () => {
    const issuer = createTokenIssuer();
    expect(issuer.check(undefined)).toEqual({ ok: false, reason: "missing" });
    expect(issuer.check("Basic abc")).toEqual({ ok: false, reason: "missing" });
    expect(issuer.check("Bearer nope")).toEqual({ ok: false, reason: "unknown" });
    const token = issuer.issue("x");
    issuer.revokeAll();
    expect(issuer.check(`Bearer ${token}`)).toEqual({ ok: false, reason: "unknown" });
  });

  it("changes the lifetime of the next tokens", () => {
    const issuer = createTokenIssuer();
    issuer.lifetimeSeconds = 5;
    const times = decodeJwtTimes(issuer.issue("x"));
    expect((times.exp ?? 0) - (times.iat ?? 0)).toBe(5);
  });
});
