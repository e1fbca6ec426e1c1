import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { TokenRequestError } from "./errors/token-request-error.js";
import { base64, Redactor, rememberLiveToken } from "./redact.js";

describe("Redactor", () => {
  it("removes a secret in every form it travels in", () => {
    const secret = 'p@ss:wörd "quoted" +&=';
    const redactor = new Redactor([secret]);
    for (const form of [
      secret,
      encodeURIComponent(secret),
      new URLSearchParams({ s: secret }).toString().slice(2),
      JSON.stringify(secret).slice(1, -1),
      base64(secret),
    ]) {
      expect(redactor.scrub(`before ${form} after`)).toBe("before [redacted] after");
    }
  });

  it("ignores empty and very short values (they would scrub ordinary words)", () => {
    const redactor = new Redactor(["", undefined, "ab"]);
    expect(redactor.scrub("ab cd")).toBe("ab cd");
  });

  it("removes every occurrence, overlapping ones included", () => {
    expect(new Redactor(["abab"]).scrub("xabababx")).toBe("x[redacted]x");
  });

  it("regression: the marker never combines with neighbouring text into a secret", () => {
    const cases: Array<[string, string]> = [
      ["]abc", "]abcabc"],
      ["d]d]", "d]d]d]"],
      ["dact", "dact"],
      ["[red", "x[redx"],
      ["ted]x", "ted]xted]x"],
    ];
    for (const [secret, text] of cases) {
      const out = new Redactor([secret]).scrub(text);
      expect(out).not.toContain(secret);
      expect(out).not.toBe(text);
    }
  });

  it("removes live tokens of the process from every client's output", () => {
    const token = `live-token-${Math.random()}`;
    rememberLiveToken(token);
    expect(new Redactor().scrub(`Bearer ${token}`)).toBe("Bearer [redacted]");
    expect(new Redactor().scrub(`Basic ${base64(token)}`)).toBe("Basic [redacted]");
  });

  it("turns any thrown value into a plain, scrubbed Error with its code and cause chain", () => {
    const redactor = new Redactor(["the-secret"]);
    const raw = Object.assign(
      new TypeError("fetch failed for the-secret", { cause: new Error("inner the-secret") }),
      {
        code: "ECONNRESET",
        options: { headers: { authorization: "the-secret" } },
      },
    );
    const safe = redactor.scrubError(raw);
    expect(safe).not.toBe(raw);
    expect(safe).toMatchObject({
      name: "TypeError",
      message: "fetch failed for [redacted]",
      code: "ECONNRESET",
    });
    expect((safe.cause as Error).message).toBe("inner [redacted]");
    expect(inspect(safe, { depth: 5 })).not.toContain("the-secret");
    expect(redactor.scrubError("plain the-secret").message).toBe("plain [redacted]");
  });

  it("seals our own errors in place: message, stack, fields and cause", () => {
    const redactor = new Redactor(["the-secret"]);
    const error = new TokenRequestError("CADUCEUS_TOKEN_REQUEST_FAILED", "bad the-secret", {
      method: "POST",
      url: "https://a.test/the-secret",
      errorDescription: "echo the-secret",
      attempts: 1,
      retryable: false,
      cause: new Error("cause the-secret"),
    });
    expect(redactor.seal(error)).toBe(error);
    const text = [
      error.message,
      error.stack,
      JSON.stringify(error),
      inspect(error, { depth: 5 }),
      String(error),
    ].join("\n");
    expect(text).not.toContain("the-secret");
    expect(error.code).toBe("CADUCEUS_TOKEN_REQUEST_FAILED");
  });
});
