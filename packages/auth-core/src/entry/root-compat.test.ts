import { describe, expect, it } from "vitest";
import * as root from "../index.js";
import * as engine from "./engine.js";
import * as vendor from "./vendor.js";

/** Names added to ./vendor or ./engine after the move: new, so the root owes them no deprecated alias. */
const NEW_SINCE_MOVE = new Set(["createTokenPaginator"]);
const moved = (entries: Array<[string, unknown]>) => entries.filter(([name]) => !NEW_SINCE_MOVE.has(name));

// Names that moved to ./vendor and ./engine stay at the root, the same values, until 0.3: code that
// imports them from "@caduceus/auth-core" keeps working (only its editor marks them deprecated).
describe("the root keeps every moved name for one minor", () => {
  it.each(moved([...Object.entries(vendor), ...Object.entries(engine)]))(
    "%s is the same value at the root",
    (name, value) => {
      expect((root as Record<string, unknown>)[name]).toBe(value);
    },
  );

  it("marks every moved name @deprecated with its new subpath, and no root-only name", async () => {
    const { readFileSync } = await import("node:fs");
    const source = readFileSync(new URL("../index.ts", import.meta.url), "utf8");
    const deprecated = [
      ...source.matchAll(
        /@deprecated Import from "@caduceus\/auth-core\/(vendor|engine)"; removed in 0\.3\. \*\/\n\s*(?:type )?(\w+),/g,
      ),
    ];
    const deprecatedAt = new Set(deprecated.map((match) => `${match[1]}:${match[2]}`));
    const names = (module: object) => moved(Object.entries(module)).map(([name]) => name);
    for (const name of names(vendor)) expect(deprecatedAt.has(`vendor:${name}`), name).toBe(true);
    for (const name of names(engine)) expect(deprecatedAt.has(`engine:${name}`), name).toBe(true);
    // Types (absent at run time) are checked by the compiler: each named subpath must export them.
    expect(deprecatedAt.size).toBeGreaterThanOrEqual(names(vendor).length + names(engine).length);
    expect([...deprecatedAt].some((entry) => entry.endsWith(":HINT_HEADER"))).toBe(false);
  });
});
