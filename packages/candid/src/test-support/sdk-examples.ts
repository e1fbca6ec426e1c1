import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import vm from "node:vm";

/** One `@example` of the official SDK: a call of one client method, its arguments as source text. */
export interface SdkExample {
  /** The SDK method as the client reaches it: `encounters.v4.getAll`, `preEncounter.patients.v1.get`. */
  method: string;
  /** The argument list as written in the example, without the parentheses. */
  args: string;
  /** The declaration file it was read from, relative to the SDK's folder. */
  file: string;
}

/** The installed `candidhealth` package's folder (resolved from this package, its test-only dependency). */
export function sdkFolder(): string {
  return dirname(createRequire(import.meta.url).resolve("candidhealth/package.json"));
}

function clientDeclarations(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return clientDeclarations(path);
    return entry.name === "Client.d.ts" ? [path] : [];
  });
}

/**
 * Every `@example` of the SDK's generated clients (`api/resources/**\/client/Client.d.ts`), in file
 * order. Each is one `await client.<method>(<args>)`; one of another shape is an error, so that a
 * changed SDK cannot silently shrink the set.
 */
export function readSdkExamples(folder: string): SdkExample[] {
  const out: SdkExample[] = [];
  for (const path of clientDeclarations(join(folder, "api/resources"))) {
    const text = readFileSync(path, "utf8");
    for (const [, block] of text.matchAll(/@example\n((?:[ \t]*\*.*\n)+?)[ \t]*\*\//g)) {
      const code = block!
        .split("\n")
        .map((line) => line.replace(/^\s*\* ?/, ""))
        .join("\n")
        .trim();
      const call = /^await client\.([\w.]+)\(([\s\S]*)\)$/.exec(code);
      if (!call)
        throw new Error(`${relative(folder, path)}: an @example that is not one client call: ${code}`);
      out.push({ method: call[1]!, args: call[2]!, file: relative(folder, path) });
    }
  }
  return out;
}

/**
 * Evaluates examples' arguments to values, in one context that holds only the SDK's `CandidApi`
 * namespace (the branded-id helpers the examples call) and this realm's `Date`, `Set` and `Map` (the SDK
 * checks `instanceof`, which a context's own `Set` fails): an example reaching for anything else (a file
 * stream, …) throws.
 */
export function exampleEvaluator(namespace: unknown): (example: SdkExample) => unknown[] {
  const context = vm.createContext({ CandidApi: namespace, Date, Set, Map });
  return (example) => vm.runInContext(`[${example.args}]`, context, { filename: example.file }) as unknown[];
}
