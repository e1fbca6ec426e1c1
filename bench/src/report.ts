import type { ClientOverheadPlan } from "./client-overhead.js";
import {
  type FhirTypecheckComparison,
  fhirTypecheckSection,
  fhirTypecheckTargets,
} from "./fhir-typecheck.js";
import type { BundleSize, InstalledSize, TypecheckSamples } from "./footprint.js";
import type { Mode, PerRequestPlan, PerRequestSamples } from "./per-request.js";
import { formatBytes, formatNumber, formatRatio, pairedRatios, type Summary, summarize } from "./stats.js";
import { barChartSvg } from "./svg-chart.js";
import type { Scenario, ScenarioResult } from "./token-scenario.js";
import { BASELINE, VARIANT_LABELS, type VariantId } from "./variants.js";

type InstallId = "caduceus" | "official" | "openapi-fetch";

/** Everything one `pnpm bench` run measured (also written as JSON next to the report). */
export interface BenchResults {
  startedAt: string;
  durationSeconds: number;
  machine: { cpu: string; cores: number; node: string; platform: string; loadAverage: [number, number] };
  caduceusSource: string;
  /** The commit measured, and whether auth-core or candid had uncommitted changes (built from the work tree). */
  source?: { commit: string; uncommitted: string[] };
  officialVersion: string;
  /** `samples`: wall-clock µs per request; `cpu`: the client process's CPU µs per request. */
  perRequest: { plan: PerRequestPlan; samples: PerRequestSamples; cpu: PerRequestSamples };
  /** The client's own CPU per call with an in-memory fetch (absent from results of older runs). */
  clientOverhead?: { plan: ClientOverheadPlan; samples: Record<"openapi-fetch" | "caduceus", number[]> };
  tokens: { ideal: Record<Scenario, number>; results: ScenarioResult[] };
  footprint: {
    installs: Array<{ id: InstallId; label: string; installed: InstalledSize; bundles: BundleSize[] }>;
    importRounds: number;
    imports: Record<InstallId, { importMs: number[]; processMs: number[] }>;
    typecheckRounds: number;
    typecheck: Record<string, TypecheckSamples>;
  };
  /** FHIR consumers' type-check against their descriptions' history (absent from older runs). */
  fhirTypecheck?: { rounds: number; comparisons: FhirTypecheckComparison[] };
  /** `turbo run build --filter=@caduceus/candid`: cold with `--force`, then again (expected: all cached). */
  candidBuild?: { coldMs: number; tasks: number; secondMs: number; secondCacheHit: boolean };
}

/** One line of the targets table. */
export interface TargetCheck {
  what: string;
  target: string;
  measured: string;
  met: boolean;
}

const MODES: Array<{ mode: Mode; title: string }> = [
  { mode: "sequential", title: "Sequential (one call at a time)" },
  { mode: "concurrent", title: "Concurrency 50" },
];
const SCENARIOS: Array<{ id: Scenario; title: string }> = [
  { id: "cold-1000", title: "1,000 concurrent calls on a cold cache (one client)" },
  { id: "clients-20", title: "20 clients created separately, same credentials, one call each" },
  { id: "day", title: "Simulated day: one call a minute for 24 h, 5 h tokens" },
];

/** Ratio summaries of every variant against the baseline, per mode. */
export function perRequestRatios(samples: PerRequestSamples): Record<Mode, Record<VariantId, Summary>> {
  const out = {} as Record<Mode, Record<VariantId, Summary>>;
  for (const { mode } of MODES) {
    const byVariant = samples[mode];
    out[mode] = Object.fromEntries(
      Object.entries(byVariant).map(([id, values]) => [
        id,
        summarize(pairedRatios(values, byVariant[BASELINE])),
      ]),
    ) as Record<VariantId, Summary>;
  }
  return out;
}

function tokenCount(
  results: ScenarioResult[],
  implementation: string,
  scenario: Scenario,
): number | undefined {
  return results.find((r) => r.implementation === implementation && r.scenario === scenario)?.tokenRequests;
}

function bundle(results: BenchResults, id: InstallId, platform: "browser" | "node"): BundleSize {
  return results.footprint.installs.find((i) => i.id === id)!.bundles.find((b) => b.platform === platform)!;
}

/** Per-request wall time on loopback, both modes, as a ratio to bare openapi-fetch. */
const LOOPBACK_TARGET = 1.03;
/** The client's own CPU per call with an in-memory fetch, as a ratio to bare openapi-fetch. */
const OVERHEAD_TARGET = 1.1;
/** "Create a client and make one call", min+gzip. */
const BUNDLE_TARGET_BYTES = 15_000;

/** Checks the issue's targets against one run. */
export function checkTargets(results: BenchResults): TargetCheck[] {
  const ratios = perRequestRatios(results.perRequest.samples);
  const checks: TargetCheck[] = [];
  const cpuRatios = perRequestRatios(results.perRequest.cpu);
  for (const { mode, title } of MODES) {
    const r = ratios[mode].caduceus;
    checks.push({
      what: `Per-request time, ${title.toLowerCase()}`,
      target: `≤ ${LOOPBACK_TARGET}× bare openapi-fetch`,
      measured: `${formatRatio(r)}; client CPU ${formatRatio(cpuRatios[mode].caduceus)}`,
      met: r.median <= LOOPBACK_TARGET,
    });
  }
  if (results.clientOverhead) {
    const { samples } = results.clientOverhead;
    const r = summarize(pairedRatios(samples.caduceus, samples["openapi-fetch"]));
    checks.push({
      what: "Client CPU per call, network taken out (in-memory fetch)",
      target: `≤ ${OVERHEAD_TARGET.toFixed(2)}× bare openapi-fetch`,
      measured: formatRatio(r),
      met: r.median <= OVERHEAD_TARGET,
    });
  }
  for (const { id, title } of SCENARIOS) {
    const ours = tokenCount(results.tokens.results, "caduceus", id);
    const ideal = results.tokens.ideal[id];
    checks.push({
      what: `Token requests: ${title}`,
      target: `= ideal (${ideal})`,
      measured: `${ours ?? "n/a"} (${ours === undefined ? "n/a" : `${formatNumber(ours / ideal)}× ideal`})`,
      met: ours === ideal,
    });
  }
  for (const platform of ["browser", "node"] as const) {
    const ours = bundle(results, "caduceus", platform).gzip;
    const official = bundle(results, "official", platform).gzip;
    checks.push({
      what: `Bundle, create a client and make one call (${platform}, min+gzip)`,
      target: `≤ ${formatBytes(BUNDLE_TARGET_BYTES)} and ≤ 1/10 of the official SDK`,
      measured: `${formatBytes(ours)} = 1/${formatNumber(official / ours)} of ${formatBytes(official)}`,
      met: ours <= BUNDLE_TARGET_BYTES && ours * 10 <= official,
    });
  }
  const imports = results.footprint.imports;
  const speedup = summarize(pairedRatios(imports.official.importMs, imports.caduceus.importMs));
  checks.push({
    what: "Cold import",
    target: "≥ 5× faster than the official SDK",
    measured: `${formatNumber(speedup.median)}× faster (IQR ${formatNumber(speedup.q1)}–${formatNumber(speedup.q3)})`,
    met: speedup.median >= 5,
  });
  const tc = results.footprint.typecheck;
  if (tc.caduceus && tc.official) {
    const ratio = summarize(pairedRatios(tc.caduceus.ms, tc.official.ms));
    checks.push({
      what: "Candid consumer type-check, three typed calls (tsc wall time)",
      target: `≤ ${CANDID_TYPECHECK_TARGET}× the official SDK`,
      measured: formatRatio(ratio),
      met: ratio.median <= CANDID_TYPECHECK_TARGET,
    });
  }
  if (results.fhirTypecheck) checks.push(...fhirTypecheckTargets(results.fhirTypecheck.comparisons));
  return checks;
}

export function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(" | ")} |`,
    `|${header.map((_, i) => (i === 0 ? "---" : "---:")).join("|")}|`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ].join("\n");
}

const ms = (s: Summary) => `${formatNumber(s.median)} ms (IQR ${formatNumber(s.q1)}–${formatNumber(s.q3)})`;
const us = (s: Summary) =>
  `${formatNumber(s.median)} µs (IQR ${formatNumber(s.q1)}–${formatNumber(s.q3)}, range ${formatNumber(s.min)}–${formatNumber(s.max)})`;

/** The section on the client's own CPU per call, with the network taken out. */
function clientOverheadSection(overhead: NonNullable<BenchResults["clientOverhead"]>): string[] {
  const { plan, samples } = overhead;
  const ratio = summarize(pairedRatios(samples.caduceus, samples["openapi-fetch"]));
  return [
    "### The client's own work, network taken out",
    "",
    `The same call, but every client is given a \`fetch\` that answers from memory (a fresh \`Response\` per call), so no socket and no mock vendor dilute the figures: what is left is the work of the client library itself (openapi-fetch, and for Caduceus the middleware, the call's deadline and the body watch). CPU time of the process per call; ${plan.rounds} interleaved rounds of ${plan.callsPerRound} sequential calls per variant after ${plan.warmupCalls} warm-up calls. This is the upper bound of Caduceus's overhead: against a network, even loopback, it is diluted by the transport's own work (the tables above).`,
    "",
    table(
      ["variant", "client CPU per call", "× baseline (per-round ratio)"],
      [
        [
          `${VARIANT_LABELS["openapi-fetch"]} (baseline)`,
          us(summarize(samples["openapi-fetch"])),
          "1 (baseline)",
        ],
        [VARIANT_LABELS.caduceus, us(summarize(samples.caduceus)), formatRatio(ratio)],
      ],
    ),
  ];
}

/** The SVG chart of per-request ratios. */
export function perRequestSvg(results: BenchResults): string {
  const ratios = perRequestRatios(results.perRequest.samples);
  const order: VariantId[] = ["fetch", "openapi-fetch", "caduceus", "official"];
  return barChartSvg({
    title: "Warm per-request time, relative to bare openapi-fetch (lower is faster)",
    subtitle: `GET /api/payers/v3/{uuid} on a loopback mock with keep-alive; ${results.perRequest.plan.rounds} interleaved rounds; Node ${results.machine.node}, ${results.machine.cores} cores; ${results.startedAt.slice(0, 10)}`,
    groups: MODES.map(({ mode, title }) => ({
      title,
      bars: order.map((id) => ({
        label: VARIANT_LABELS[id],
        ...ratios[mode][id],
        baseline: id === BASELINE,
        highlight: id === "caduceus",
      })),
    })),
    reference: 1,
    target: { value: LOOPBACK_TARGET, label: `target ${LOOPBACK_TARGET}×` },
    unit: "×",
  });
}

/** The whole docs/benchmarks.md. `preserved` sections (owned by others) are kept verbatim. */
export function renderMarkdown(
  results: BenchResults,
  options: { svgFile: string; notes: string; preserved: string[] },
): string {
  const { plan, samples, cpu } = results.perRequest;
  const ratios = perRequestRatios(samples);
  const cpuRatios = perRequestRatios(cpu);
  const order: VariantId[] = ["openapi-fetch", "fetch", "caduceus", "official"];
  const targets = checkTargets(results);
  const out: string[] = [];
  out.push(
    "# Benchmarks",
    "",
    "Generated by `pnpm bench` (package `bench/`, see bench/README.md); do not edit by hand except the sections marked as owned by others.",
    `Run of ${results.startedAt} on ${results.machine.cores} × ${results.machine.cpu}, Node ${results.machine.node} (${results.machine.platform}); load average at start ${results.machine.loadAverage.map((l) => l.toFixed(1)).join(" / ")} (1 / 5 min); took ${Math.round(results.durationSeconds)} s.`,
    `"Caduceus" is ${results.caduceusSource}; "official SDK" is npm \`candidhealth@${results.officialVersion}\`, pinned.` +
      (results.source
        ? ` Measured at commit \`${results.source.commit.slice(0, 10)}\`${results.source.uncommitted.length > 0 ? ` with uncommitted changes in ${results.source.uncommitted.map((p) => `\`${p}\``).join(", ")} (built from the work tree)` : ""}.`
        : ""),
    "",
    "Every figure is a median with its spread, and a ratio against a baseline measured in the same run. Timings are",
    "interleaved: each round measures every variant once, in rotated order, and ratios are taken per round, so noise",
    "from the machine (other processes, CPU frequency) hits numerator and denominator alike. Absolute times depend on",
    "the machine; compare the ratios.",
    "",
    "## Targets",
    "",
    table(
      ["what", "target", "measured", "met"],
      targets.map((t) => [t.what, t.target, t.measured, t.met ? "yes" : "**no**"]),
    ),
    "",
    "## Warm per-request time",
    "",
    `One \`GET /api/payers/v3/{payer_uuid}\` with a bearer token against Candid's own mock (\`@caduceus/candid/testing\`) on auth-core's loopback server, in its own process on 127.0.0.1 (random port, keep-alive), response parsed as JSON. All variants use Node's built-in fetch (undici), warmed up first (${plan.warmupCalls} calls each: token cached, sockets open, code optimised). ${plan.rounds} rounds; per round and variant, ${plan.sequentialCalls} calls one after another, then ${plan.concurrentCalls} calls with ${plan.concurrency} in flight. Baseline: **bare openapi-fetch with a hand-written bearer middleware** (token fetched once and cached, no retries, no 401 replay). Two measures: wall-clock time per request (what the issue's target is about) and the client process's CPU time per request (user + system, from \`process.cpuUsage\`; the mock runs in another process), which other load on a shared machine disturbs much less. On a busy machine the wall-clock ratios spread widely (see their IQR and range); the CPU ratios are the steadier estimate of each client's own overhead.`,
    "",
    `![Per-request time relative to bare openapi-fetch](${options.svgFile})`,
    "",
  );
  for (const { mode, title } of MODES) {
    out.push(
      `### ${title}`,
      "",
      table(
        [
          "variant",
          "time per request",
          "× baseline (per-round ratio)",
          "ratio range",
          "client CPU per request",
          "CPU × baseline",
        ],
        order.map((id) => {
          const r = ratios[mode][id];
          return [
            VARIANT_LABELS[id] + (id === BASELINE ? " (baseline)" : ""),
            us(summarize(samples[mode][id])),
            formatRatio(r),
            `${r.min.toFixed(2)}–${r.max.toFixed(2)}`,
            `${formatNumber(summarize(cpu[mode][id]).median)} µs`,
            formatRatio(cpuRatios[mode][id]),
          ];
        }),
      ),
      "",
    );
  }
  if (results.clientOverhead) out.push(...clientOverheadSection(results.clientOverhead), "");
  out.push(
    "## Token requests",
    "",
    "Each scenario runs in a fresh Node process (cold caches) against an in-process mock vendor that counts token",
    "requests and expires tokens after `expires_in` = 18,000 s (Candid's documented 5 h). Baseline: the ideal, one token",
    "request per credential identity per token lifetime. The day is 1,440 calls, one a minute: Caduceus gets auth-core's",
    "injected fake clock (`createFakeClock`), the official SDK takes no clock, so `Date` is faked with",
    '`@sinonjs/fake-timers` (`toFake: ["Date"]`; sockets and timers stay real) and the mock reads the same clock.',
    "",
    table(
      ["scenario", "ideal (baseline)", "Caduceus", "official SDK"],
      SCENARIOS.map(({ id, title }) => {
        const ideal = results.tokens.ideal[id];
        const cell = (impl: string) => {
          const n = tokenCount(results.tokens.results, impl, id);
          return n === undefined ? "n/a" : `${n} (${formatNumber(n / ideal)}×)`;
        };
        return [title, String(ideal), cell("caduceus"), cell("official")];
      }),
    ),
    "",
    "API calls answered 401 during these scenarios: " +
      results.tokens.results.map((r) => `${r.implementation}/${r.scenario} ${r.unauthorized}`).join(", ") +
      ".",
    "",
    "## Weight",
    "",
    "Each contestant is installed with npm into its own fresh temporary directory outside the repo: Caduceus from",
    "`pnpm pack` tarballs of `@caduceus/auth-core` and `@caduceus/candid` (openapi-fetch from the registry), the",
    `official SDK and bare openapi-fetch from the registry. Baseline: bare \`openapi-fetch@0.17.0\`.`,
    "",
    "### Cold import",
    "",
    `Time of \`await import(pkg)\` inside a fresh \`node\` process (the process's own start excluded; whole-process wall time alongside), median of ${results.footprint.importRounds} process starts per contestant, interleaved.`,
    "",
  );
  const imports = results.footprint.imports;
  const importRows = (["openapi-fetch", "caduceus", "official"] as InstallId[]).map((id) => {
    const ratio = summarize(pairedRatios(imports[id].importMs, imports["openapi-fetch"].importMs));
    return [
      results.footprint.installs.find((i) => i.id === id)!.label,
      ms(summarize(imports[id].importMs)),
      formatRatio(ratio),
      ms(summarize(imports[id].processMs)),
    ];
  });
  out.push(table(["contestant", "import", "× baseline", "whole process"], importRows), "");
  const speedup = summarize(pairedRatios(imports.official.importMs, imports.caduceus.importMs));
  out.push(
    `Caduceus imports **${formatNumber(speedup.median)}× faster** than the official SDK (per-round ratio, IQR ${formatNumber(speedup.q1)}–${formatNumber(speedup.q3)}).`,
    "",
    "### Bundle: create a client and make one call",
    "",
    "esbuild, `bundle`, `minify`, ESM, target es2022; gzip level 9. The entry creates a client and makes one call",
    "(`GET /api/payers/v3/{payer_uuid}` or the SDK's `payers.v3.get`).",
    "",
  );
  const bundleRows: string[][] = [];
  for (const install of results.footprint.installs) {
    for (const b of install.bundles) {
      const base = bundle(results, "openapi-fetch", b.platform).gzip;
      bundleRows.push([
        install.label,
        b.platform,
        formatBytes(b.minified),
        formatBytes(b.gzip),
        `${formatNumber(b.gzip / base)}×`,
      ]);
    }
  }
  out.push(table(["contestant", "platform", "minified", "min+gzip", "gzip × baseline"], bundleRows), "");
  out.push(...moduleCostSection(results), ...bundleFloorSection(results));
  out.push(
    "### Installed size",
    "",
    table(
      ["contestant", "node_modules size", "packages", "files", "size × baseline"],
      results.footprint.installs.map((i) => {
        const base = results.footprint.installs.find((x) => x.id === "openapi-fetch")!.installed.bytes;
        return [
          i.label,
          formatBytes(i.installed.bytes),
          String(i.installed.packages),
          String(i.installed.files),
          `${formatNumber(i.installed.bytes / base)}×`,
        ];
      }),
    ),
    "",
    "### Type-check time of a one-file consumer",
    "",
    `\`tsc --noEmit\` (TypeScript 5.9, \`strict\`, \`skipLibCheck\`, NodeNext, \`@types/node\`) (\`--extendedDiagnostics\`) on a file that creates a client and makes three typed calls (get a payer, list encounters with a query, get a pre-encounter patient), reading a field of each. Wall time of the tsc process, median of ${results.footprint.typecheckRounds} runs each, interleaved; the ratio is taken per round; types and instantiations as tsc counts them.`,
    "",
  );
  const tc = results.footprint.typecheck;
  out.push(
    table(
      ["consumer of", "tsc wall time", "files in program", "types", "instantiations", "× official SDK"],
      Object.entries(tc).map(([id, s]) => [
        results.footprint.installs.find((i) => i.id === id)!.label,
        ms(summarize(s.ms)),
        String(s.files),
        s.types === undefined ? "not measured" : formatNumber(s.types),
        s.instantiations === undefined ? "not measured" : formatNumber(s.instantiations),
        tc.official ? formatRatio(summarize(pairedRatios(s.ms, tc.official.ms))) : "",
      ]),
    ),
    "",
  );
  if (results.candidBuild) {
    const b = results.candidBuild;
    out.push(
      "### Build time of @caduceus/candid",
      "",
      `\`turbo run build --filter=@caduceus/candid\` with its workspace dependencies (${b.tasks} tasks: spec generation included): ${formatNumber(b.coldMs / 1000)} s cold with \`--force\` (turbo cache off); the second run took ${formatNumber(b.secondMs / 1000)} s and was ${b.secondCacheHit ? "a full cache hit" : "not a full cache hit"}.`,
      "",
    );
  }
  if (results.fhirTypecheck)
    out.push(...fhirTypecheckSection(results.fhirTypecheck.comparisons, results.fhirTypecheck.rounds));
  out.push(options.notes.trim(), "");
  for (const section of options.preserved) out.push(section.trim(), "");
  return `${out
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim()}\n`;
}

/** Modules listed one by one in the module-cost table; the rest are summed in one row. */
const MODULE_ROWS = 25;

/** What each module of Caduceus's browser bundle costs (absent from results of older runs). */
function moduleCostSection(results: BenchResults): string[] {
  const modules = bundle(results, "caduceus", "browser").modules;
  if (!modules?.length) return [];
  const byPackage = new Map<string, { minified: number; gzip: number }>();
  for (const cost of modules) {
    const name = cost.module.split("/dist/")[0]!;
    const sum = byPackage.get(name) ?? { minified: 0, gzip: 0 };
    byPackage.set(name, { minified: sum.minified + cost.minified, gzip: sum.gzip + cost.gzip });
  }
  const rest = modules.slice(MODULE_ROWS);
  const sumOf = (list: typeof modules, key: "minified" | "gzip") => list.reduce((n, m) => n + m[key], 0);
  const rows = modules
    .slice(0, MODULE_ROWS)
    .map((m) => [`\`${m.module}\``, formatBytes(m.minified), formatBytes(m.gzip)]);
  if (rest.length > 0)
    rows.push([
      `${rest.length} smaller modules`,
      formatBytes(sumOf(rest, "minified")),
      formatBytes(sumOf(rest, "gzip")),
    ]);
  return [
    "#### What each module of the Caduceus bundle costs",
    "",
    "The browser bundle above, taken apart: minified bytes per module from esbuild's metafile, and each module's",
    "gzip share measured leave-one-out (the bundle minified and gzipped again without that module's code; gzip",
    "compresses across modules, so shares add up to a little less than the whole).",
    "",
    table(
      ["package", "minified", "gzip share"],
      [...byPackage].map(([name, sum]) => [name, formatBytes(sum.minified), formatBytes(sum.gzip)]),
    ),
    "",
    table(["module", "minified", "gzip share"], rows),
    "",
  ];
}

/** How small Caduceus's browser bundle could get at best (absent from results of older runs). */
function bundleFloorSection(results: BenchResults): string[] {
  const floor = bundle(results, "caduceus", "browser").floor;
  if (!floor) return [];
  const row = (what: string, gzip: number) => [
    what,
    formatBytes(gzip),
    gzip <= BUNDLE_TARGET_BYTES ? "yes" : `no, ${formatBytes(gzip - BUNDLE_TARGET_BYTES)} over`,
  ];
  return [
    `#### How far the bundle is from ${formatBytes(BUNDLE_TARGET_BYTES)}`,
    "",
    "The same browser bundle with parts of it made free, to see what the target would take. Every string literal",
    "and template text emptied (error messages, option names, URLs, header names) leaves what the code alone",
    'weighs; cutting out one feature\'s modules (listed under "Bundle" above) leaves what the rest weighs. Neither',
    "is a bundle that runs: these are lower bounds, not options.",
    "",
    table(
      ["the bundle", "min+gzip", `≤ ${formatBytes(BUNDLE_TARGET_BYTES)}`],
      [
        row("as built", floor.whole),
        row("code alone, every text emptied", floor.codeOnly),
        ...floor.without.map(({ feature, gzip }) => row(`without ${feature}`, gzip)),
      ],
    ),
    "",
  ];
}

/** Sections of an existing report owned by others, kept across runs (by their `## ` heading). */
/** The Caduceus Candid consumer may take at most this many times the official SDK consumer's type-check. */
export const CANDID_TYPECHECK_TARGET = 0.75;

export const PRESERVED_HEADINGS = ["## Fleet: token requests with the Redis store"];

/** Extracts the preserved sections from the current docs/benchmarks.md text. */
export function extractPreserved(markdown: string): string[] {
  const sections: string[] = [];
  for (const heading of PRESERVED_HEADINGS) {
    const start = markdown.indexOf(`${heading}\n`);
    if (start < 0) continue;
    const next = markdown.indexOf("\n## ", start + heading.length);
    sections.push(markdown.slice(start, next < 0 ? undefined : next + 1));
  }
  return sections;
}

/** The short table printed to stdout at the end of a run. */
export function summaryText(results: BenchResults): string {
  const rows = [
    ["", "what", "target", "measured"],
    ...checkTargets(results).map((t) => [t.met ? "ok" : "MISS", t.what, t.target, t.measured]),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) => row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join("  "))
    .join("\n");
}
