import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TokenRequestError } from "../errors/token-request-error.js";
import { TokenResponseError } from "../errors/token-response-error.js";
import { Redactor } from "../redact.js";
import type { TokenPreset } from "./preset.js";
import { interpretTokenResponse } from "./token-response.js";

// parsing never throws anything but our typed errors and never returns an invalid token.
const presets: TokenPreset[] = [
  { vendor: "Plain", encoding: "form", clientAuthentication: "basic" },
  {
    vendor: "Envelope",
    encoding: "json",
    clientAuthentication: "none",
    response: {
      successPath: "success",
      dataPath: "data",
      fields: { accessToken: "accessToken", expiresIn: "expiresIn" },
    },
    errorBody: { codePaths: ["error.type"], messagePaths: ["error.title", "message"] },
  },
];

const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.double(),
  fc.integer(),
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.stringMatching(/^[ +-]?\d{0,12}(\.\d{0,3})?(e[+-]?\d{1,3})?$/),
  fc.jsonValue(),
);
const tokenish = fc.oneof(anyValue, fc.stringMatching(/^[\w.~+/-]{1,40}=*$/));
const fields = fc.record(
  {
    access_token: tokenish,
    accessToken: tokenish,
    token_type: fc.oneof(anyValue, fc.constantFrom("Bearer", "bearer", "BEARER", "MAC")),
    expires_in: anyValue,
    expiresIn: anyValue,
    scope: anyValue,
    refresh_token: tokenish,
    error: anyValue,
    message: anyValue,
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  fc.string(),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fields.map((value) => JSON.stringify(value)),
  fc.record({ success: anyValue, data: fields, statusCode: anyValue }).map((value) => JSON.stringify(value)),
);
const headers = fc.dictionary(
  fc.constantFrom("content-type", "retry-after", "retry-after-ms", "x-request-id"),
  fc.oneof(
    fc.string(),
    fc.constantFrom("text/html", "application/json", "120", "Wed, 21 Oct 2015 07:28:00 GMT"),
  ),
);
/** What a fetch Headers accepts: drop values it would refuse (the real answer could never carry them). */
const toHeaders = (record: Record<string, string>) =>
  new Headers(Object.entries(record).filter(([, value]) => /^[\t\u0020-\u007e]*$/.test(value)));

describe("interpretTokenResponse (property)", () => {
  it("returns a sendable token or throws TokenRequestError / TokenResponseError, nothing else", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...presets),
        fc.integer({ min: 100, max: 599 }),
        headers,
        body,
        (preset, status, headerRecord, bodyText) => {
          let grant: ReturnType<typeof interpretTokenResponse>;
          try {
            grant = interpretTokenResponse(
              preset,
              {
                method: "POST",
                url: "https://auth.test/token",
                status,
                headers: toHeaders(headerRecord),
                bodyText,
                receivedAt: 0,
                attempts: 1,
              },
              new Redactor(["client-secret-value"]),
            );
          } catch (error) {
            expect(error instanceof TokenRequestError || error instanceof TokenResponseError).toBe(true);
            return;
          }
          expect(status).toBeGreaterThanOrEqual(200);
          expect(status).toBeLessThan(300);
          expect(grant.accessToken).toMatch(/^[\u0021-\u007e\u00a1-\u00ff]+$/);
          expect(grant.tokenType).toBe("Bearer");
          if (grant.expiresInSeconds !== undefined) {
            expect(Number.isFinite(grant.expiresInSeconds)).toBe(true);
            expect(grant.expiresInSeconds).toBeGreaterThan(0);
            expect(grant.expiresInSeconds).toBeLessThanOrEqual(10 * 365 * 24 * 3600);
          }
          if (grant.refreshToken !== undefined)
            expect(grant.refreshToken).toMatch(/^[\u0021-\u007e\u00a1-\u00ff]+$/);
          if (grant.scope !== undefined) expect(grant.scope.every((s) => typeof s === "string")).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
