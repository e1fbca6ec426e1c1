import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleAnatomy, withoutText } from "./bundle-anatomy.js";

describe("withoutText", () => {
  it("empties string literals and template text, keeping expressions, regular expressions and code", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript source under test, templates included
    const code = 'const a="long message",b=`x ${a} y ${f("z")} w`,r=/"q"/g;g(\'it\\\'s\');';
    // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript source under test, templates included
    expect(withoutText(code)).toBe('const a="",b=`${a}${f("")}`,r=/"q"/g;g(\'\');');
  });
});

describe("bundleAnatomy", () => {
  let dir: string;
  const options = () => ({
    entryPoints: [join(dir, "entry.mjs")],
    absWorkingDir: dir,
    bundle: true,
    format: "esm" as const,
    platform: "browser" as const,
    write: false,
    logLevel: "silent" as const,
  });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "bundle-anatomy-"));
    const lib = join(dir, "node_modules", "lib", "dist");
    mkdirSync(lib, { recursive: true });
    writeFileSync(
      join(dir, "node_modules", "lib", "package.json"),
      '{"name":"lib","type":"module","main":"dist/index.js"}',
    );
    // A module that is mostly text (that gzip cannot squeeze to nothing), and one that is mostly code.
    let seed = 7;
    const text = Array.from({ length: 600 }, () => {
      seed = (seed * 48_271) % 2_147_483_647;
      return "abcdefghijklmnopqrstuvwxyz "[seed % 27];
    }).join("");
    writeFileSync(
      join(lib, "messages.js"),
      `export const explain = (n) => n > 1 ? ${JSON.stringify(text)} : "short";\n`,
    );
    writeFileSync(
      join(lib, "index.js"),
      [
        'import { explain } from "./messages.js";',
        "export function work(items) { let total = 0; for (const item of items) { if (item.kind === 1) total += item.value * 2; else if (item.kind === 2) total -= item.value; } return [total, explain(total)]; }",
      ].join("\n"),
    );
    writeFileSync(
      join(dir, "entry.mjs"),
      'import { work } from "lib";\nconsole.log(work(globalThis.items));\n',
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("gives each module its minified bytes and a positive gzip share, the text-heavy one first", async () => {
    const { modules: costs } = await bundleAnatomy(options(), [
      { feature: "messages", modules: /^lib\/dist\/messages\.js$/ },
    ]);
    expect(costs.map((c) => c.module)).toEqual(["lib/dist/messages.js", "lib/dist/index.js", "entry.mjs"]);
    for (const cost of costs) {
      expect(cost.minified).toBeGreaterThan(0);
      expect(cost.gzip).toBeGreaterThan(0);
    }
  });

  it("weighs the code without its text, and the bundle without a feature's modules", async () => {
    const { floor } = await bundleAnatomy(options(), [
      { feature: "messages", modules: /^lib\/dist\/messages\.js$/ },
    ]);
    expect(floor.codeOnly).toBeLessThan(floor.whole);
    expect(floor.without).toHaveLength(1);
    expect(floor.without[0]!.feature).toBe("messages");
    expect(floor.without[0]!.gzip).toBeLessThan(floor.whole);
  });

  it("fails when a feature names no bundled module, so a renamed module cannot read as free", async () => {
    await expect(
      bundleAnatomy(options(), [{ feature: "gone", modules: /^lib\/dist\/gone\.js$/ }]),
    ).rejects.toThrow("bundle floor: no bundled module is gone");
  });
});
