import { describe, expect, it } from "vitest";
import * as root from "../index.js";
import * as engine from "./engine.js";
import * as vendor from "./vendor.js";

/** Names added to ./vendor and ./engine after the move: never at the root, so nothing to deprecate. */
const NEW_SINCE_MOVE = new Set(["createTokenPaginator", "JWT_BEARER_ASSERTION_TYPE"]);
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
    const marked = new Set(deprecated.map((match) => `${match[1]}:${match[2]}`));
    const movedVendor = moved(Object.entries(vendor)).map(([name]) => name);
    const movedEngine = moved(Object.entries(engine)).map(([name]) => name);
    for (const name of movedVendor) expect(marked.has(`vendor:${name}`), name).toBe(true);
    for (const name of movedEngine) expect(marked.has(`engine:${name}`), name).toBe(true);
    // Types (absent at run time) are checked by the compiler: each named subpath must export them.
    expect(marked.size).toBeGreaterThanOrEqual(movedVendor.length + movedEngine.length);
    expect([...marked].some((entry) => entry.endsWith(":HINT_HEADER"))).toBe(false);
  });
});
