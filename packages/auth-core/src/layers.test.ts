import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, posix, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The import graph of the shipped modules (tests and test helpers aside), read from the sources: the
// layers only point down, so no cycle (type-only imports included) and none of the upward imports
// that once tangled the engine may come back.
const root = dirname(fileURLToPath(import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "test-support" ? [] : sourceFiles(path);
    return /\.ts$/.test(entry.name) && !/\.test(-d)?\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** Module (path relative to src, `.ts`) → the relative modules it imports or re-exports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(root)) {
    const from = relative(root, file).split("\\").join("/");
    const text = readFileSync(file, "utf8");
    const targets = [...text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)].map((match) =>
      posix.normalize(posix.join(posix.dirname(from), match[1]!)).replace(/\.js$/, ".ts"),
    );
    graph.set(from, [...new Set(targets)]);
  }
  return graph;
}

/** Every cycle found by a depth-first walk, each as the chain of modules that closes it. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const walk = (module: string, path: string[]): void => {
    const at = path.indexOf(module);
    if (at >= 0) {
      found.push([...path.slice(at), module]);
      return;
    }
    if (done.has(module)) return;
    for (const next of graph.get(module) ?? []) walk(next, [...path, module]);
    done.add(module);
  };
  for (const module of graph.keys()) walk(module, []);
  return found;
}

const graph = importGraph();
const imports = (from: string, to: string) => graph.get(from)?.includes(to) ?? false;

describe("module layers of auth-core", () => {
  it("reads the real graph (the walk found the engine's modules)", () => {
    expect(graph.get("token/token-provider.ts")).toContain("deadline.ts");
    expect(graph.size).toBeGreaterThan(40);
  });

  it("has no import cycle, type-only imports included", () => {
    expect(cycles(graph).map((cycle) => cycle.join(" -> "))).toEqual([]);
  });

  it("keeps the engine below the client: token/, store/, errors/ and http/ import no options, client or vendor code", () => {
    const upper = ["client.ts", "client-options.ts", "vendor.ts", "index.ts"];
    const isUpper = (to: string) => upper.includes(to) || to.startsWith("config/") || to.startsWith("entry/");
    const upward = [...graph].flatMap(([from, targets]) =>
      from.startsWith("token/") || from.startsWith("store/") || from.startsWith("errors/")
        ? targets.filter((to) => isUpper(to) || to.startsWith("http/")).map((to) => `${from} -> ${to}`)
        : from.startsWith("http/")
          ? targets.filter(isUpper).map((to) => `${from} -> ${to}`)
          : [],
    );
    expect(upward).toEqual([]);
  });

  it.each([
    ["token/token-provider.ts", "client-options.ts"],
    ["token/lifetime.ts", "events.ts"],
    ["http/auth-fetch.ts", "http/auth-middleware.ts"],
    ["token/token-error-answer.ts", "token/token-response.ts"],
  ])("%s does not import %s", (from, to) => {
    expect(graph.has(from)).toBe(true);
    expect(imports(from, to)).toBe(false);
  });

  it("keeps the token presets beside the engine that reads them (no preset.ts <-> token/* loop)", () => {
    const preset = [...graph.keys()].filter((module) => module.endsWith("preset.ts"));
    expect(preset).toEqual(["token/preset.ts"]);
    expect(graph.get("token/preset.ts")!.every((to) => to.startsWith("token/"))).toBe(true);
  });
});
