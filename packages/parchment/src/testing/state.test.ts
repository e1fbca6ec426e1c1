import { createFakeClock, createTokenIssuer } from "@caduceus/auth-core/testing";
import { describe, expect, it } from "vitest";
import { defaultCredentials } from "./fixtures.js";
import { createState, recordGrant } from "./state.js";

describe("recordGrant", () => {
  it("forgets the grants of expired tokens once the map has doubled, so a long-running mock stays flat", async () => {
    const clock = createFakeClock();
    const issuer = createTokenIssuer({ clock, lifetimeSeconds: 60 });
    const state = createState({
      clock,
      issuer,
      expected: defaultCredentials,
      userIds: [],
      allowedScopes: new Set(),
    });
    const grant = { organizationId: "org", userId: "user", scope: [] };
    for (let minute = 0; minute < 5_000; minute++) {
      recordGrant(state, issuer.issue("org/user"), grant);
      await clock.advance(61_000);
    }
    const live = issuer.issue("org/user");
    recordGrant(state, live, grant);
    // Every grant but those recorded since the last sweep is gone; the live token's grant stays.
    expect(state.grants.size).toBeLessThan(1_024);
    expect(state.grants.get(live)).toBe(grant);
  });
});
