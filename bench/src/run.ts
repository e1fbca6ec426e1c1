/**
 * `pnpm bench`: measures @caduceus/candid against bare openapi-fetch, plain fetch and the
 * official `candidhealth` SDK, then writes docs/benchmarks.md, docs/benchmarks-per-request.svg and
 * bench/results/latest.json, and prints the targets table.
 *
 * Environment: BENCH_QUICK=1 runs a few rounds only (a smoke test of the harness, figures not worth
 * publishing); BENCH_KEEP_TMP=1 keeps the temporary install directories. `--render-only` measures
 * nothing and rewrites the report and chart from bench/results/latest.json. `--typecheck-only` installs the
 * contestants and measures only the Candid consumer type-check (BENCH_TYPECHECK_ROUNDS rounds, default 11),
 * printing the per-round ratio to the official SDK; it writes no report. `--per-request-only` measures only
 * the warm per-request comparison against the mock vendor process (BENCH_QUICK=1 applies) and prints each
 * variant's time a call and its ratio to bare openapi-fetch; it writes no report.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadCaduceusCandid } from "./caduceus-candid.js";
import { type ClientOverheadPlan, measureClientOverhead } from "./client-overhead.js";
import { measureFhirTypecheck } from "./fhir-typecheck.js";
import {
  installContestants,
  measureBundles,
  measureImports,
  measureInstalled,
  measureTypecheck,
  OFFICIAL_VERSION,
} from "./footprint.js";
import { measurePerRequest, type PerRequestPlan } from "./per-request.js";
import {
  type BenchResults,
  extractPreserved,
  perRequestRatios,
  perRequestSvg,
  renderMarkdown,
  summaryText,
} from "./report.js";
import { formatNumber, formatRatio, pairedRatios, summarize } from "./stats.js";
import { IDEAL, type Implementation, type Scenario, type ScenarioResult } from "./token-scenario.js";
import {
  caduceusVariant,
  officialVariant,
  openapiFetchVariant,
  plainFetchVariant,
  type VariantId,
} from "./variants.js";
import { startVendorProcess } from "./vendor-process.js";

const started = Date.now();
const quick = process.env.BENCH_QUICK === "1";
const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const benchRoot = fileURLToPath(new URL("../", import.meta.url));
const log = (message: string) =>
  process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);

const plan: PerRequestPlan = quick
  ? { rounds: 3, sequentialCalls: 100, concurrentCalls: 300, concurrency: 50, warmupCalls: 100 }
  : { rounds: 30, sequentialCalls: 100, concurrentCalls: 300, concurrency: 50, warmupCalls: 500 };
const overheadPlan: ClientOverheadPlan = quick
  ? { rounds: 3, callsPerRound: 500, warmupCalls: 500 }
  : { rounds: 20, callsPerRound: 3_000, warmupCalls: 3_000 };
const importRounds = quick ? 3 : 11;
const typecheckRounds = quick ? 1 : 5;

/** The warm per-request comparison: the four contestants against the mock vendor in its own process. */
async function measureWarmRequests(
  caduceus: Awaited<ReturnType<typeof loadCaduceusCandid>>,
): Promise<BenchResults["perRequest"]> {
  log("per-request: starting the mock vendor process");
  const vendor = await startVendorProcess();
  try {
    const variants = [
      plainFetchVariant(vendor.origin),
      openapiFetchVariant(vendor.origin),
      caduceusVariant(vendor.origin, caduceus),
      officialVariant(vendor.origin),
    ];
    const measured = await measurePerRequest(variants, plan, (mode, round) => {
      if ((round + 1) % 10 === 0) log(`per-request ${mode}: round ${round + 1}/${plan.rounds}`);
    });
    const stats = await vendor.stats();
    log(
      `per-request: ${stats.apiRequests} API calls, ${stats.tokenRequests} token requests, ${stats.connections} connections`,
    );
    return { plan, samples: measured.wall, cpu: measured.cpu };
  } finally {
    await vendor.stop();
  }
}

async function measure(): Promise<BenchResults> {
  const loadAverage = loadavg();
  const caduceus = await loadCaduceusCandid();
  log(`Caduceus variant: ${caduceus.source}`);
  const perRequest = await measureWarmRequests(caduceus);

  log(
    `client overhead: ${overheadPlan.rounds} rounds of ${overheadPlan.callsPerRound} calls, in-memory fetch`,
  );
  const overhead = await measureClientOverhead(caduceus, overheadPlan);
  const clientOverhead: BenchResults["clientOverhead"] = { plan: overheadPlan, samples: overhead.samples };

  const tokenResults: ScenarioResult[] = [];
  for (const scenario of ["cold-1000", "clients-20", "day"] as Scenario[]) {
    for (const implementation of ["caduceus", "official"] as Implementation[]) {
      log(`tokens: ${implementation} ${scenario}`);
      const output = execFileSync(
        process.execPath,
        [fileURLToPath(new URL("./token-scenario.js", import.meta.url)), implementation, scenario],
        { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
      );
      tokenResults.push(JSON.parse(output.trim().split("\n").pop()!) as ScenarioResult);
    }
  }

  const tmp = mkdtempSync(join(tmpdir(), "caduceus-bench-"));
  let footprint: BenchResults["footprint"];
  try {
    log(`weight: installing the contestants with npm into ${tmp}`);
    const installs = installContestants(tmp);
    const measured: BenchResults["footprint"]["installs"] = [];
    for (const install of installs) {
      log(`weight: bundling ${install.id}`);
      measured.push({
        id: install.id,
        label: install.label,
        installed: measureInstalled(install.dir),
        bundles: await measureBundles(install),
      });
    }
    log(`weight: cold imports, ${importRounds} rounds`);
    const imports = measureImports(installs, importRounds);
    log(`weight: type-check, ${typecheckRounds} rounds`);
    const typecheck = measureTypecheck(installs, typecheckRounds);
    footprint = { installs: measured, importRounds, imports, typecheckRounds, typecheck };
  } finally {
    if (process.env.BENCH_KEEP_TMP !== "1") rmSync(tmp, { recursive: true, force: true });
  }

  log(`FHIR type-check: CareCentric and SMART on FHIR against their history, ${typecheckRounds} rounds`);
  const fhirTypecheck = { rounds: typecheckRounds, comparisons: await measureFhirTypecheck(typecheckRounds) };

  log("build: @caduceus/candid cold (turbo --force), then again from the cache");
  const candidBuild = measureCandidBuild();

  const results: BenchResults = {
    startedAt: new Date(started).toISOString(),
    durationSeconds: (Date.now() - started) / 1000,
    machine: {
      cpu: cpus()[0]?.model.trim() ?? "unknown CPU",
      cores: cpus().length,
      node: process.versions.node,
      platform: `${process.platform} ${process.arch}`,
      loadAverage: [loadAverage[0]!, loadAverage[1]!],
    },
    caduceusSource: caduceus.source === "@caduceus/candid" ? "`@caduceus/candid`" : caduceus.source,
    source: gitState(),
    officialVersion: OFFICIAL_VERSION,
    perRequest,
    clientOverhead,
    tokens: { ideal: IDEAL, results: tokenResults },
    footprint,
    fhirTypecheck,
    candidBuild,
  };
  return results;
}

/**
 * Build time of @caduceus/candid with its workspace dependencies: a cold `turbo run build --force` (turbo
 * cache off), then the same build again, which should be a full cache hit.
 */
function measureCandidBuild(): NonNullable<BenchResults["candidBuild"]> {
  const build = (force: boolean) => {
    const start = Date.now();
    const output = execFileSync(
      "pnpm",
      [
        "turbo",
        "run",
        "build",
        "--filter=@caduceus/candid",
        "--output-logs=none",
        ...(force ? ["--force"] : []),
      ],
      { cwd: repoRoot, encoding: "utf8" },
    );
    const cached = /Cached:\s+(\d+) cached, (\d+) total/.exec(output);
    return { ms: Date.now() - start, cached: Number(cached?.[1]), tasks: Number(cached?.[2]) };
  };
  const cold = build(true);
  const second = build(false);
  return {
    coldMs: cold.ms,
    tasks: cold.tasks,
    secondMs: second.ms,
    secondCacheHit: second.cached === second.tasks,
  };
}

/** The commit measured and which measured packages differ from it (others may be editing them). */
function gitState(): BenchResults["source"] {
  try {
    const git = (args: string[]) => execFileSync("git", args, { cwd: repoRoot, encoding: "utf8" });
    // Not trimmed: each porcelain line starts with a two-letter status that may begin with a space.
    const changed = git(["status", "--porcelain", "--", "packages/auth-core/src", "packages/candid/src"]);
    return {
      commit: git(["rev-parse", "HEAD"]).trim(),
      uncommitted: changed
        .split("\n")
        .filter(Boolean)
        .map((line) => line.slice(3)),
    };
  } catch {
    return undefined;
  }
}

/** The repo's formatter owns Markdown tables and JSON layout; run it so `pnpm lint` stays clean. */
function formatWithBiome(paths: string[]): void {
  try {
    execFileSync("pnpm", ["exec", "biome", "format", "--write", ...paths], {
      cwd: repoRoot,
      stdio: "ignore",
    });
  } catch {
    log(`biome format failed; left unformatted: ${paths.join(", ")}`);
  }
}

function publish(results: BenchResults): void {
  const docs = join(repoRoot, "docs");
  mkdirSync(docs, { recursive: true });
  const reportPath = join(docs, "benchmarks.md");
  const previous = existsSync(reportPath) ? readFileSync(reportPath, "utf8") : "";
  const notesPath = join(benchRoot, "notes", "findings.md");
  const notes = existsSync(notesPath) ? readFileSync(notesPath, "utf8") : "";
  if (quick) {
    log("BENCH_QUICK=1: docs/benchmarks.md left untouched (results in bench/results/quick.json)");
  } else {
    const svgPath = join(docs, "benchmarks-per-request.svg");
    writeFileSync(svgPath, perRequestSvg(results));
    writeFileSync(
      reportPath,
      renderMarkdown(results, {
        svgFile: "benchmarks-per-request.svg",
        notes,
        preserved: extractPreserved(previous),
      }),
    );
    formatWithBiome([reportPath, svgPath, join(benchRoot, "results", "latest.json")]);
    log("wrote docs/benchmarks.md, docs/benchmarks-per-request.svg, bench/results/latest.json");
  }
  process.stdout.write(`\nCaduceus (${results.caduceusSource}) vs targets:\n${summaryText(results)}\n`);
}

/** The Candid consumer type-check alone: install, measure interleaved, print the ratio with its IQR. */
function typecheckOnly(): void {
  const rounds = Number(process.env.BENCH_TYPECHECK_ROUNDS ?? 11);
  const tmp = mkdtempSync(join(tmpdir(), "caduceus-bench-"));
  try {
    log(`type-check only: installing the contestants with npm into ${tmp}`);
    const typecheck = measureTypecheck(installContestants(tmp), rounds);
    const official = typecheck.official!;
    for (const [id, s] of Object.entries(typecheck)) {
      const ratio = formatRatio(summarize(pairedRatios(s.ms, official.ms)));
      process.stdout.write(
        `${id}: ${formatNumber(summarize(s.ms).median)} ms, ${s.types} types, ${s.instantiations} instantiations, ${ratio} the official SDK\n`,
      );
    }
  } finally {
    if (process.env.BENCH_KEEP_TMP !== "1") rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The warm per-request comparison alone: prints each variant's time a call, wall clock and this
 * process's CPU, with its ratio to bare openapi-fetch (the CPU one is the steadier on a busy machine).
 */
async function perRequestOnly(): Promise<void> {
  const caduceus = await loadCaduceusCandid();
  log(`Caduceus variant: ${caduceus.source}`);
  const { samples, cpu } = await measureWarmRequests(caduceus);
  const [wallRatios, cpuRatios] = [perRequestRatios(samples), perRequestRatios(cpu)];
  for (const mode of ["sequential", "concurrent"] as const) {
    for (const id of Object.keys(samples[mode]) as VariantId[]) {
      const [wall, own] = [summarize(samples[mode][id]).median, summarize(cpu[mode][id]).median];
      process.stdout.write(
        `${mode} ${id}: wall ${formatNumber(wall)} µs, ${formatRatio(wallRatios[mode][id])}; ` +
          `CPU ${formatNumber(own)} µs, ${formatRatio(cpuRatios[mode][id])} (ratios to bare openapi-fetch)\n`,
      );
    }
  }
}

if (process.argv.includes("--typecheck-only")) {
  typecheckOnly();
} else if (process.argv.includes("--per-request-only")) {
  await perRequestOnly();
} else if (process.argv.includes("--render-only")) {
  publish(JSON.parse(readFileSync(join(benchRoot, "results", "latest.json"), "utf8")) as BenchResults);
} else {
  const results = await measure();
  mkdirSync(join(benchRoot, "results"), { recursive: true });
  writeFileSync(
    join(benchRoot, "results", quick ? "quick.json" : "latest.json"),
    `${JSON.stringify(results, null, 2)}\n`,
  );
  publish(results);
}
