import { gzipSync } from "node:zlib";
import { type BuildOptions, build, transform } from "esbuild";
import ts from "typescript";

/**
 * The Caduceus bundle taken apart: what each module costs, and how small the bundle could get at best
 * (its code without any text, and without whole features). These explain the bundle figure; they are
 * not bundles anyone could ship (a bundle with a module cut out does not run).
 */

/** One module's share of a bundle. */
export interface ModuleCost {
  /** Path inside its package, e.g. `auth-core/dist/redact.js` or `openapi-fetch/dist/index.mjs`. */
  module: string;
  /** Bytes of the minified bundle that are this module's (esbuild metafile, `bytesInOutput`). */
  minified: number;
  /** How much smaller the min+gzip bundle gets without this module's code (leave-one-out). */
  gzip: number;
}

/** The bundle's lower bounds: what it would weigh if some of its content cost nothing. */
export interface BundleFloor {
  /** min+gzip bytes of the whole bundle, measured as the bounds are (re-minified from its parts). */
  whole: number;
  /** min+gzip bytes with every string literal and template text emptied: the code alone. */
  codeOnly: number;
  /** min+gzip bytes with one feature's modules cut out, per feature. */
  without: Array<{ feature: string; gzip: number }>;
}

/**
 * The features whose cost the floor measures, by the bundled modules that implement them (a path
 * inside its package matches the pattern). The last one is the sum of the behaviours a smaller client
 * would have to drop first.
 */
export const BUNDLE_FEATURES: ReadonlyArray<{ feature: string; modules: RegExp }> = [
  { feature: "openapi-fetch", modules: /^openapi-fetch\// },
  {
    feature: "the option checks (`config/*`, `security`)",
    modules: /^auth-core\/dist\/(config\/|security\.js)/,
  },
  { feature: "the redactor (`redact`)", modules: /^auth-core\/dist\/redact\.js/ },
  { feature: "the typed errors (`errors/*`)", modules: /^auth-core\/dist\/errors\// },
  {
    feature: "the API-call path (fetch wrapper, retries, redirects, body watch, deadline, routes)",
    modules:
      /^auth-core\/dist\/(http\/(auth-fetch|api-retry|follow-redirects|release-on-body-end|call-request|call-context|transport-details|routes)\.js|deadline)/,
  },
  { feature: "the token engine (`token/*`, `store/*`)", modules: /^auth-core\/dist\/(token|store)\// },
  {
    feature: "the option checks, redactor, body watch and redirects together",
    modules:
      /^auth-core\/dist\/(config\/|security\.js|redact\.js|http\/(release-on-body-end|follow-redirects)\.js)/,
  },
];

/** A package-relative name for a bundled file: `auth-core/dist/redact.js`, `openapi-fetch/dist/index.mjs`. */
const moduleName = (path: string) => path.replace(/^.*node_modules\/(@caduceus\/)?/, "");
const gzipBytes = (text: string) => gzipSync(text, { level: 9 }).byteLength;
const shrink = async (code: string) =>
  (await transform(code, { minify: true, format: "esm", target: "es2022", loader: "js" })).code;

/** One bundled module's code, as esbuild lays it out when whitespace is kept. */
interface BundlePart {
  /** Package-relative name; undefined for the bundle's own glue before the first module. */
  module?: string;
  code: string;
}

/** What the bundle of `entry` is made of, cut at the `// path` line esbuild starts each module with. */
async function bundleParts(
  common: BuildOptions,
): Promise<{ parts: BundlePart[]; bytes: Map<string, number> }> {
  const minified = await build({ ...common, minify: true, metafile: true });
  const inputs = Object.values(minified.metafile!.outputs)[0]!.inputs;
  const bytes = new Map(
    Object.entries(inputs).map(([input, { bytesInOutput }]) => [moduleName(input), bytesInOutput]),
  );
  const readable = await build({ ...common, minifySyntax: true, minifyIdentifiers: true });
  const parts = readable.outputFiles![0]!.text.split(/^(?=\/\/ )/m).map((code) => {
    const path = /^\/\/ (.+)/.exec(code)?.[1];
    return { module: path === undefined ? undefined : moduleName(path), code };
  });
  return { parts, bytes };
}

/**
 * The bundle taken apart, from one build of its parts:
 *
 * - what each module costs: its minified bytes from esbuild's metafile, and its gzip share measured
 *   leave-one-out (gzip compresses across modules, so shares do not simply add up): each module's code
 *   is cut out in turn and the rest minified and gzipped again;
 * - how small the bundle could get: with no text at all (error messages, option names, URLs and header
 *   names emptied, the code kept), and with each feature (by default {@link BUNDLE_FEATURES}) cut out.
 *   A feature that matches no bundled module fails the run: a renamed module must not read as "free".
 */
export async function bundleAnatomy(
  common: BuildOptions,
  features: ReadonlyArray<{ feature: string; modules: RegExp }> = BUNDLE_FEATURES,
): Promise<{ modules: ModuleCost[]; floor: BundleFloor }> {
  const { parts, bytes } = await bundleParts(common);
  const gzipOf = async (kept: BundlePart[]) => gzipBytes(await shrink(kept.map((p) => p.code).join("")));
  const minified = await shrink(parts.map((p) => p.code).join(""));
  const whole = gzipBytes(minified);
  const modules: ModuleCost[] = [];
  for (const part of parts) {
    if (part.module === undefined) continue;
    const rest = await gzipOf(parts.filter((other) => other !== part));
    modules.push({ module: part.module, minified: bytes.get(part.module) ?? 0, gzip: whole - rest });
  }
  const without = [];
  for (const { feature, modules: pattern } of features) {
    const kept = parts.filter((p) => p.module === undefined || !pattern.test(p.module));
    if (kept.length === parts.length) throw new Error(`bundle floor: no bundled module is ${feature}`);
    without.push({ feature, gzip: await gzipOf(kept) });
  }
  return {
    modules: modules.sort((x, y) => y.gzip - x.gzip),
    floor: { whole, codeOnly: gzipBytes(withoutText(minified)), without },
  };
}

/**
 * `code` with the text of every string literal and template emptied (`"…"` → `""`, `` `a${x}b` `` →
 * `` `${x}` ``): what is left is what the code itself weighs. Parsed with TypeScript, so a quote inside a
 * regular expression or a comment is never taken for a string.
 */
export function withoutText(code: string): string {
  const source = ts.createSourceFile("bundle.js", code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const cuts: Array<[number, number]> = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateTail(node))
      cuts.push([node.getStart(source) + 1, node.getEnd() - 1]);
    else if (ts.isTemplateHead(node) || ts.isTemplateMiddle(node))
      cuts.push([node.getStart(source) + 1, node.getEnd() - 2]);
    ts.forEachChild(node, visit);
  };
  visit(source);
  // The walk visits nodes in source order and literals hold no literals, so the cuts come sorted and apart.
  let out = "";
  let from = 0;
  for (const [start, end] of cuts) {
    out += code.slice(from, start);
    from = end;
  }
  return out + code.slice(from);
}
