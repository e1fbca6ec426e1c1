import { describe, expect, it } from "vitest";
import { dedent, importsOf, layoutFree } from "./readme-examples.js";

describe("readme-examples helpers", () => {
  it("ignores layout but not code", () => {
    expect(layoutFree("f(\n  a,\n  b,\n);")).toBe(layoutFree("f(a, b);"));
    expect(layoutFree("f(a, b)")).not.toBe(layoutFree("f(a, c)"));
  });

  it("dedents by the smallest indentation", () => {
    expect(dedent("    a\n      b\n    c")).toBe("a\n  b\nc");
  });

  it("collects names per specifier, type imports and multi-line imports included", () => {
    const source =
      'import { a, type B } from "./x.js";\nimport {\n  c,\n  d,\n} from "./x.js";\nimport type { E } from "y";\n';
    expect(importsOf(source)).toEqual(
      new Map([
        ["./x.js", ["a", "B", "c", "d"]],
        ["y", ["E"]],
      ]),
    );
  });
});
