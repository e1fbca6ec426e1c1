import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSourceConfig } from "./config.mjs";
import type { FhirDefinitionsConfig } from "./fhir-definitions.mjs";
import { sharedSpecsDir } from "./paths.mjs";

/** The real mirror folder (../shared/specs), which the tests read but never modify. */
export const realSharedSpecs = sharedSpecsDir({ override: undefined });

/** A throw-away copy of ../shared/specs that a test may alter. Remove it with the returned function. */
export async function copySharedSpecs(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "caduceus-specs-"));
  await cp(realSharedSpecs, dir, { recursive: true });
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Rewrites a JSON file in place through `edit`. */
export async function editJson(file: string, edit: (doc: any) => void): Promise<void> {
  const doc = JSON.parse(await readFile(file, "utf8"));
  edit(doc);
  await writeFile(file, JSON.stringify(doc, null, 2));
}

/** An empty temporary folder. */
export async function emptyDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "caduceus-empty-"));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Every `$ref` string anywhere in `node` (a description or a part of one), in document order. */
export function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) refs(item, out);
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") out.push(value);
      else refs(value, out);
    }
  }
  return out;
}

/** The `fhir` block of specs/<vendor>/source.json, read through the pipeline's own loader. */
export async function fhirConfigOf(vendor: string): Promise<FhirDefinitionsConfig> {
  const { fhir } = (await loadSourceConfig(vendor)) as { fhir?: FhirDefinitionsConfig };
  if (!fhir) throw new Error(`specs/${vendor}/source.json has no fhir block`);
  return fhir;
}
