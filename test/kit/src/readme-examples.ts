import { readFileSync } from "node:fs";
import { afterEach, expect, it, vi } from "vitest";

/** Options of {@link expectReadmeMatchesTest}. */
export interface ReadmeExamplesOptions {
  /** The package's README.md. */
  readme: URL;
  /** The test file holding the examples between `// #region readme-N` and `// #endregion`. */
  test: URL;
  /** How many ```ts blocks the README has (so a dropped example is noticed). */
  blocks: number;
  /** README import specifiers → the test's (e.g. `"@caduceus/candid"` → `"./index.js"`). */
  specifiers: Record<string, string>;
  /**
   * `"verbatim"`: each region equals its README block line for line. `"layout"` (default): equal up to
   * whitespace and trailing commas, because Biome wraps code by indentation, which differs between a
   * README block and a test body.
   */
  compare?: "verbatim" | "layout";
}

/**
 * Asserts that every ```ts block of a README is the code a test runs: same statements, and every name
 * the block imports is imported by the test from the mapped module. Keeps README examples compiled
 * and run in CI without a separate extraction step.
 */
export function expectReadmeMatchesTest(options: ReadmeExamplesOptions): void {
  const readme = readFileSync(options.readme, "utf8");
  const source = readFileSync(options.test, "utf8");
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
  const regions = [...source.matchAll(/\/\/ #region readme-\d+\n([\s\S]*?)\n\s*\/\/ #endregion/g)].map(
    (match) => dedent(match[1] ?? ""),
  );
  const imported = importsOf(source);
  expect(blocks.length, "```ts blocks in the README").toBe(options.blocks);
  expect(regions.length, "#region readme-N blocks in the test").toBe(blocks.length);
  const normalise = options.compare === "verbatim" ? (text: string) => text.trim() : layoutFree;
  blocks.forEach((block, index) => {
    const lines = block.trimEnd().split("\n");
    for (const line of lines.filter((text) => text.startsWith("import "))) {
      const [, names = "", from = ""] = /^import (?:type )?\{ (.+) \} from "(.+)";$/.exec(line) ?? [];
      for (const name of names.split(", ").map((entry) => entry.replace(/^type /, ""))) {
        expect(
          imported.get(options.specifiers[from] ?? from),
          `README block ${index + 1} imports ${name}`,
        ).toContain(name);
      }
    }
    const body = lines.filter((text) => !text.startsWith("import ")).join("\n");
    expect(normalise(regions[index] ?? ""), `README block ${index + 1}`).toBe(normalise(body));
  });
}

/** Code without layout: whitespace and trailing commas removed. */
export function layoutFree(text: string): string {
  return text.replace(/\s+/g, "").replace(/,([)\]}])/g, "$1");
}

/** Removes the common indentation of a block of lines. */
export function dedent(text: string): string {
  const lines = text.split("\n");
  const indent = Math.min(
    ...lines.filter((line) => line.trim()).map((line) => line.length - line.trimStart().length),
  );
  return lines
    .map((line) => line.slice(indent))
    .join("\n")
    .trim();
}

/** Names imported per specifier in a source text (multi-line imports included). */
export function importsOf(source: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [, names = "", from = ""] of source.matchAll(
    /^import (?:type )?\{([^}]+)\} from "([^"]+)";/gm,
  )) {
    const list = names
      .split(",")
      .map((name) => name.trim().replace(/^type /, ""))
      .filter(Boolean);
    map.set(from, [...(map.get(from) ?? []), ...list]);
  }
  return map;
}

/** Options of {@link useVendorReadme}. */
export interface VendorReadmeOptions {
  /** The vendor package's name, e.g. `"@caduceus/xcures"`: the README imports it and its `/testing`. */
  packageName: string;
  /** Prefix of the environment variables the examples read (e.g. `"XCURES_"`), removed after each test. */
  envPrefix: string;
  /** `import.meta.url` of the package's `src/readme.test.ts`; the README is `../README.md` from it. */
  test: string;
  /** How many ```ts blocks the README has. */
  blocks: number;
  /** How a region is compared with its block (see {@link ReadmeExamplesOptions.compare}). */
  compare: "verbatim" | "layout";
}

/**
 * The frame of a vendor package's README test, called inside its `describe`: after each test the
 * spies are restored and the `envPrefix` variables removed, so one example's environment never leaks
 * into the next; and a first test, "are the code below", holds README.md's ```ts blocks to the test's
 * `#region readme-N` blocks ({@link expectReadmeMatchesTest}, the package and its `/testing` mapped to
 * `./index.js` and `./testing/index.js`).
 *
 * @example
 * ```ts
 * describe("README examples", () => {
 *   useVendorReadme({ packageName: "@caduceus/xcures", envPrefix: "XCURES_", test: import.meta.url, blocks: 3, compare: "layout" });
 * });
 * ```
 */
export function useVendorReadme(options: VendorReadmeOptions): void {
  afterEach(() => {
    vi.restoreAllMocks();
    for (const name of Object.keys(process.env))
      if (name.startsWith(options.envPrefix)) delete process.env[name];
  });
  it("are the code below", () => {
    expectReadmeMatchesTest({
      readme: new URL("../README.md", options.test),
      test: new URL(options.test),
      blocks: options.blocks,
      specifiers: {
        [options.packageName]: "./index.js",
        [`${options.packageName}/testing`]: "./testing/index.js",
      },
      compare: options.compare,
    });
  });
}
