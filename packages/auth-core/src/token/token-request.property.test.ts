import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { basicCredential, buildTokenRequest } from "./token-request.js";

// RFC 6749 §2.3.1: id and secret are form-encoded, then joined with ":" and base64-encoded, so any
// value (colons, percent signs, quotes, unicode) comes back intact on the server.
function decodeBasic(credential: string): [string, string] {
  const text = new TextDecoder().decode(Uint8Array.from(atob(credential), (c) => c.charCodeAt(0)));
  const colon = text.indexOf(":");
  const formDecode = (part: string) => new URLSearchParams(`v=${part}`).get("v") ?? "";
  return [formDecode(text.slice(0, colon)), formDecode(text.slice(colon + 1))];
}

const odd = fc.oneof(
  fc.string({ minLength: 1 }),
  fc.string({ minLength: 1, unit: "grapheme" }),
  fc.string({ minLength: 1, unit: fc.constantFrom(":", "%", "+", " ", "&", "=", '"', "'", "é", "🔑", "\\") }),
);

describe("HTTP Basic encoding (property)", () => {
  it("round-trips any id and secret", () => {
    fc.assert(
      fc.property(odd, odd, (clientId, clientSecret) => {
        expect(decodeBasic(basicCredential(clientId, clientSecret))).toEqual([clientId, clientSecret]);
        const request = buildTokenRequest(
          { vendor: "Acme", encoding: "form", clientAuthentication: "basic" },
          { grant: "client_credentials", clientId, clientSecret },
          "https://auth.acme.test/token",
        );
        expect(request.headers.authorization).toBe(`Basic ${basicCredential(clientId, clientSecret)}`);
        // The base64 alphabet only: a header can always carry it.
        expect(request.headers.authorization).toMatch(/^Basic [A-Za-z0-9+/]+=*$/);
      }),
      { numRuns: 1000 },
    );
  });

  it("puts body credentials in the form body intact", () => {
    fc.assert(
      fc.property(odd, odd, (clientId, clientSecret) => {
        const request = buildTokenRequest(
          { vendor: "Acme", encoding: "form", clientAuthentication: "body" },
          { grant: "client_credentials", clientId, clientSecret },
          "https://auth.acme.test/token",
        );
        const form = new URLSearchParams(request.body);
        expect([form.get("client_id"), form.get("client_secret")]).toEqual([clientId, clientSecret]);
      }),
      { numRuns: 500 },
    );
  });
});
