import { describe, expect, it } from "vitest";
import { type Fault, getOnce, runCell } from "./harness/cell.js";
import { generateKey, type KeyMaterial } from "./harness/keys.js";
import { loopbackPair } from "./harness/matrix-suite.js";

/**
 * The harness's own checks for a private key (harness/keys.ts) catch what they claim to: a cell that
 * lets the key's PEM, its JWK `d` or one PEM line slip into a log line or an error fails with a LEAK
 * naming the form, and an assertion the registered key does not verify is a protocol violation.
 */
describe("private key canaries", () => {
  const servers = loopbackPair();

  const leaking = (title: string, leak: (key: KeyMaterial) => string): Fault => ({
    id: `self-${title}`,
    group: "Client assertion",
    title,
    act: async (env) => {
      const outcome = await getOnce(env);
      if (env.creds.key) console.log(`debug: ${leak(env.creds.key)}`);
      return [outcome];
    },
    expect: () => ({ outcome: "200", tokenRequests: 1 }),
  });

  it.each([
    ["the whole PEM", (key: KeyMaterial) => key.pem, "private key PEM in console"],
    ["one PEM line", (key: KeyMaterial) => key.pem.split("\n")[2] ?? "", "private key PEM line 2 in console"],
    ["the JWK d, base64-encoded", (key: KeyMaterial) => btoa(key.jwk.d ?? ""), "private JWK d in console"],
    ["the JWK serialised", (key: KeyMaterial) => JSON.stringify({ key: key.jwk }), "private JWK in console"],
  ])("a log line with %s is a LEAK", async (_what, leak, finding) => {
    const result = await runCell("smart-fhir", leaking(finding, leak), servers.server, servers.other);
    expect(result.problems).toContain(`LEAK: ${finding}`);
  });

  it("an assertion signed by another key is refused and reported", async () => {
    const fault: Fault = {
      id: "self-rogue",
      group: "Client assertion",
      title: "rogue key",
      act: async (env) => {
        const client = env.spec.create(env.creds, {
          origin: env.server.origin,
          privateKey: generateKey("ec").pem,
          clock: env.clock,
          tokenStore: env.store,
        });
        return [await getOnce({ ...env, client })];
      },
      expect: () => ({ outcome: "TokenRequestError 401", tokenRequests: 1 }),
    };
    const result = await runCell("smart-fhir", fault, servers.server, servers.other);
    expect(result.problems).toEqual([
      "protocol: token request: client_assertion refused: signature verification failed",
    ]);
  });
});
