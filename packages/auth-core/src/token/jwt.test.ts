import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeJwtTimes } from "./jwt.js";

const b64url = (text: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replace(/=+$/, "")
    .replace(/\+/g, "-")
    .replace(/\//g, "_");
const jwt = (payload: unknown) => `${b64url('{"alg":"none"}')}.${b64url(JSON.stringify(payload))}.sig`;

describe("decodeJwtTimes", () => {
  it("reads exp and iat in seconds (RFC 7519 §4.1.4, §4.1.6)", () => {
    expect(decodeJwtTimes(jwt({ exp: 1767229200, iat: 1767225600, sub: "x" }))).toEqual({
      exp: 1767229200,
      iat: 1767225600,
    });
  });

  it("gives {} for opaque tokens, JWE, malformed payloads and unusable claims", () => {
    for (const token of [
      "opaque-token",
      "a.b",
      "a.b.c.d.e",
      "a..c",
      `${b64url("{}")}.${b64url("not json")}.s`,
      `${b64url("{}")}.***.s`,
      jwt(null),
      jwt([1, 2]),
      jwt({ exp: "1767229200" }),
      jwt({ exp: -1, iat: Number.MAX_VALUE }),
      jwt({ exp: 1e12 }),
    ]) {
      expect(decodeJwtTimes(token)).toEqual({});
    }
  });

  it("rejects payloads that are not valid UTF-8", () => {
    const bad = btoa("\xff\xfe{").replace(/=+$/, "");
    expect(decodeJwtTimes(`x.${bad}.y`)).toEqual({});
  });

  it("never throws, whatever the string (property)", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: "binary" }),
          fc.tuple(fc.string(), fc.string(), fc.string()).map((parts) => parts.join(".")),
          fc.jsonValue().map((payload) => jwt(payload)),
          fc.record({ exp: fc.anything(), iat: fc.anything() }).map((payload) => {
            try {
              return jwt(payload);
            } catch {
              return "x.y.z";
            }
          }),
        ),
        (token) => {
          const times = decodeJwtTimes(token);
          for (const value of Object.values(times)) {
            expect(Number.isFinite(value)).toBe(true);
            expect(value).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
