// Every example, compiled by tsc (the test script runs it first), runs to completion against its
// vendor's mock: exit code 0, the lines it promises, no secret in its output.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const sources = readdirSync(join(root, "src")).filter((file) => file.endsWith(".ts"));

/** What each example must print (one regular expression per line it promises). */
const expected: Record<string, RegExp[]> = {
  candid: [
    /^payers: \S.+$/m,
    /^encounters: \d+ on the first page$/m,
    /^wrong secret: TokenRequestError CADUCEUS_TOKEN_REQUEST_FAILED \(HTTP 401\)$/m,
    /^token requests: 2$/m,
  ],
  parchment: [/^users: listed \(success: true\)$/m, /^token requests: 1$/m],
  carecentric: [/^patients: \d+ in a Bundle$/m, /^token requests: 1$/m],
  arzamed: [/^doctors: \S.+$/m, /^token requests: 1$/m],
  xcures: [/^subjects: \d+ in the project$/m, /^token requests: 1$/m],
};

/** Vendor credentials must not be in the environment: the examples would call the real APIs. */
const mockOnlyEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^(CANDID|XCURES|PARCHMENT|CARECENTRIC|ARZAMED)_/.test(key)),
);

describe("examples", () => {
  it("has one program per vendor, each with expectations", () => {
    expect(sources.map((file) => file.replace(/\.ts$/, "")).sort()).toEqual(Object.keys(expected).sort());
  });

  for (const file of sources) {
    const name = file.replace(/\.ts$/, "");
    it(`${name} runs against its mock`, () => {
      const compiled = join(root, "dist", `${name}.js`);
      expect(existsSync(compiled), `${compiled} (run tsc first)`).toBe(true);
      const output = execFileSync(process.execPath, [compiled], {
        env: mockOnlyEnv,
        encoding: "utf8",
        timeout: 20_000,
      });
      for (const line of expected[name] ?? []) expect(output).toMatch(line);
      expect(output).not.toMatch(/secret-|mock-.*secret/i);
    });
  }
});
