import { describe, expect, it } from "vitest";
import { Redactor } from "./redact.js";

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

// Regression (reliability campaign property "secrets with odd characters", docs/reliability.md): a vendor error body
// echoing the secret's base64, cut short so its `==` padding was gone, went through unscrubbed.
describe("Redactor: base64 of a secret inside other text", () => {
  const secret = ':  +::::::::":::"-:ü#organizationSecret';
  const redactor = new Redactor([secret]);

  it("scrubs base64 whose padding was cut off", () => {
    const echoed = `invalid ${b64(secret).replace(/=+$/, "")} (truncated)`;
    expect(redactor.scrub(echoed)).not.toContain(b64(secret).replace(/=+$/, "").slice(0, 20));
  });

  it("scrubs the secret inside a larger base64 blob at any byte offset (an HTTP Basic credential)", () => {
    for (const prefix of ["a:", "ab:", "abc:"]) {
      const blob = b64(`${prefix}${secret}`);
      const scrubbed = redactor.scrub(`Authorization: Basic ${blob}`);
      expect(scrubbed).toContain("[redacted]");
      expect(scrubbed.length).toBeLessThan(`Authorization: Basic ${blob}`.length);
    }
  });

  it("scrubs base64url forms too", () => {
    const url = b64(secret).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
    expect(redactor.scrub(`token=${url}`)).not.toContain(url.slice(0, 20));
  });
});
