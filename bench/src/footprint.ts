import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { type BuildOptions, build } from "esbuild";
import { type BundleFloor, bundleAnatomy, type ModuleCost } from "./bundle-anatomy.js";
import { rotation } from "./stats.js";

export const OFFICIAL_VERSION = "1.33.0";
export const OPENAPI_FETCH_VERSION = "0.17.0";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const require = createRequire(import.meta.url);

/** One contestant of the footprint comparisons, installed with npm into its own temp directory. */
export interface Install {
  id: "caduceus" | "official" | "openapi-fetch";
  label: string;
  dir: string;
  /** Module specifier a consumer imports. */
  specifier: string;
  /** "create a client and make one call" (ESM JavaScript). */
  entry: string;
  /** A TypeScript consumer making three typed calls (a payer, encounters with a query, a pre-encounter patient), for the type-check timing. */
  consumer: string;
}

const PAYER = "d5e9c84f-c2b2-4bf4-b4b0-7ffd7a9ffc32";

function npm(dir: string, args: string[]): void {
  execFileSync("npm", [...args, "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], {
    cwd: dir,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, npm_config_update_notifier: "false" },
  });
}

function initDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "consumer", version: "0.0.0", private: true, type: "module" }, null, 2),
  );
}

/** `pnpm pack`s a workspace package into `destination` and returns the tarball path. */
function packWorkspace(name: string, folder: string, destination: string): string {
  const dist = join(repoRoot, "packages", folder, "dist", "index.js");
  if (!existsSync(dist)) throw new Error(`${name} is not built (${dist} missing): run pnpm build first`);
  execFileSync("pnpm", ["--filter", name, "pack", "--pack-destination", destination], {
    cwd: repoRoot,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const tarball = readdirSync(destination).find((file) =>
    file.startsWith(folder === "auth-core" ? "caduceus-auth-core-" : `caduceus-${folder}-`),
  );
  if (!tarball) throw new Error(`pnpm pack of ${name} produced no tarball in ${destination}`);
  return join(destination, tarball);
}

/**
 * Installs the three contestants into fresh directories under `root` (outside the repo): ours from
 * `pnpm pack` tarballs of auth-core and candid (openapi-fetch from the registry, as a user gets it),
 * the official SDK and bare openapi-fetch from the registry, each with npm.
 */
export function installContestants(root: string): Install[] {
  const tarballs = join(root, "tarballs");
  mkdirSync(tarballs, { recursive: true });
  const ours = join(root, "caduceus");
  initDir(ours);
  npm(ours, [
    "install",
    packWorkspace("@caduceus/auth-core", "auth-core", tarballs),
    packWorkspace("@caduceus/candid", "candid", tarballs),
  ]);
  const official = join(root, "official");
  initDir(official);
  npm(official, ["install", `candidhealth@${OFFICIAL_VERSION}`]);
  const bare = join(root, "openapi-fetch");
  initDir(bare);
  npm(bare, ["install", `openapi-fetch@${OPENAPI_FETCH_VERSION}`]);

  return [
    {
      id: "openapi-fetch",
      label: `openapi-fetch ${OPENAPI_FETCH_VERSION} (bare, hand-written bearer middleware)`,
      dir: bare,
      specifier: "openapi-fetch",
      entry: [
        `import createClient from "openapi-fetch";`,
        `const client = createClient({ baseUrl: "https://api.joincandidhealth.com" });`,
        `client.use({ onRequest({ request }) { request.headers.set("authorization", "Bearer " + globalThis.TOKEN); } });`,
        `const { data } = await client.GET("/api/payers/v3/{payer_uuid}", { params: { path: { payer_uuid: "${PAYER}" } } });`,
        `console.log(data);`,
      ].join("\n"),
      consumer: "",
    },
    {
      id: "caduceus",
      label: "@caduceus/candid + @caduceus/auth-core + openapi-fetch",
      dir: ours,
      specifier: "@caduceus/candid",
      entry: [
        `import { createCandidClient } from "@caduceus/candid";`,
        `const client = createCandidClient({ clientId: process.env.CANDID_CLIENT_ID, clientSecret: process.env.CANDID_CLIENT_SECRET });`,
        `const { data } = await client.GET("/api/payers/v3/{payer_uuid}", { params: { path: { payer_uuid: "${PAYER}" } } });`,
        `console.log(data);`,
      ].join("\n"),
      consumer: [
        `import { createCandidClient } from "@caduceus/candid";`,
        `const client = createCandidClient({ clientId: "id", clientSecret: "secret" });`,
        `const payer = await client.GET("/api/payers/v3/{payer_uuid}", { params: { path: { payer_uuid: "${PAYER}" } } });`,
        `const encounters = await client.GET("/api/encounters/v4", { params: { query: { limit: 10 } } });`,
        `const patient = await client.GET("/patients/v1/{id}", { params: { path: { id: "p1" } } });`,
        `const name: string | undefined = payer.data?.payer_name;`,
        `const next: string | null | undefined = encounters.data?.next_page_token;`,
        `const mrn: string | undefined = patient.data?.mrn;`,
        `console.log(name, next, mrn, payer.error, encounters.error, patient.error);`,
      ].join("\n"),
    },
    {
      id: "official",
      label: `candidhealth ${OFFICIAL_VERSION} (official SDK)`,
      dir: official,
      specifier: "candidhealth",
      entry: [
        `import { CandidApiClient } from "candidhealth";`,
        `const client = new CandidApiClient({ clientId: process.env.CANDID_CLIENT_ID, clientSecret: process.env.CANDID_CLIENT_SECRET });`,
        `console.log(await client.payers.v3.get("${PAYER}"));`,
      ].join("\n"),
      consumer: [
        `import { CandidApi, CandidApiClient } from "candidhealth";`,
        `const client = new CandidApiClient({ clientId: "id", clientSecret: "secret" });`,
        `const payer = await client.payers.v3.get(CandidApi.payers.v3.PayerUuid("${PAYER}"));`,
        `const encounters = await client.encounters.v4.getAll({ limit: 10 });`,
        `const patient = await client.preEncounter.patients.v1.get(CandidApi.preEncounter.PatientId("p1"));`,
        `const name: string | undefined = payer.ok ? payer.body.payerName : undefined;`,
        `const next: string | undefined = encounters.ok ? encounters.body.nextPageToken : undefined;`,
        `const mrn: string | undefined = patient.ok ? patient.body.mrn : undefined;`,
        `console.log(name, next, mrn);`,
      ].join("\n"),
    },
  ];
}

/** Bytes on disk (apparent sizes) and number of packages under a `node_modules`. */
export interface InstalledSize {
  bytes: number;
  packages: number;
  files: number;
}

/** Walks `dir/node_modules`: sums file sizes, counts files and package roots (nested ones included). */
export function measureInstalled(dir: string): InstalledSize {
  const result: InstalledSize = { bytes: 0, packages: 0, files: 0 };
  const walk = (path: string, isModulesDir: boolean) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isSymbolicLink()) continue;
      if (entry.isDirectory()) {
        if (isModulesDir && entry.name.startsWith("@")) {
          walk(full, true);
          continue;
        }
        if (isModulesDir && entry.name !== ".bin" && existsSync(join(full, "package.json"))) {
          result.packages += 1;
        }
        walk(full, entry.name === "node_modules");
      } else if (entry.isFile() && !(isModulesDir && entry.name === ".package-lock.json")) {
        result.bytes += statSync(full).size;
        result.files += 1;
      }
    }
  };
  walk(join(dir, "node_modules"), true);
  return result;
}

/** Minified and gzipped size of one consumer's bundle. */
export interface BundleSize {
  platform: "browser" | "node";
  minified: number;
  gzip: number;
  /** What each bundled module costs, largest gzip share first (Caduceus's browser bundle only). */
  modules?: ModuleCost[];
  /** How small it could get at best (Caduceus's browser bundle only). */
  floor?: BundleFloor;
}

/** Bundles `install.entry` with esbuild (minified ESM) for the browser and for Node, and gzips it. */
export async function measureBundles(install: Install): Promise<BundleSize[]> {
  const entry = join(install.dir, "entry.mjs");
  writeFileSync(entry, `${install.entry}\n`);
  const sizes: BundleSize[] = [];
  for (const platform of ["browser", "node"] as const) {
    const options: BuildOptions = {
      entryPoints: [entry],
      absWorkingDir: install.dir,
      bundle: true,
      format: "esm",
      platform,
      target: "es2022",
      write: false,
      logLevel: "silent",
      // The official SDK imports Node built-ins lazily for old runtimes; a browser build leaves them out.
      ...(platform === "browser" ? { external: ["node:*"] } : {}),
    };
    const code = (await build({ ...options, minify: true })).outputFiles![0]!.contents;
    const size: BundleSize = {
      platform,
      minified: code.byteLength,
      gzip: gzipSync(code, { level: 9 }).byteLength,
    };
    if (install.id === "caduceus" && platform === "browser")
      Object.assign(size, await bundleAnatomy(options));
    sizes.push(size);
  }
  return sizes;
}

/** Milliseconds to `import()` the package in a fresh Node process, one sample per process. */
export function importOnce(install: Install): { importMs: number; processMs: number } {
  const code = `const t = performance.now(); await import(${JSON.stringify(install.specifier)}); process.stdout.write(String(performance.now() - t));`;
  const start = performance.now();
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", code], {
    cwd: install.dir,
    encoding: "utf8",
  });
  const processMs = performance.now() - start;
  if (run.status !== 0) throw new Error(`import of ${install.specifier} failed: ${run.stderr}`);
  return { importMs: Number(run.stdout), processMs };
}

/** Cold import times, interleaved across installs over `rounds` rounds. */
export function measureImports(
  installs: readonly Install[],
  rounds: number,
): Record<Install["id"], { importMs: number[]; processMs: number[] }> {
  const samples = Object.fromEntries(
    installs.map((i) => [i.id, { importMs: [], processMs: [] }]),
  ) as unknown as Record<Install["id"], { importMs: number[]; processMs: number[] }>;
  for (const install of installs) importOnce(install); // fill the OS file cache first
  for (let round = 0; round < rounds; round++) {
    for (const install of rotation(installs, round)) {
      const sample = importOnce(install);
      samples[install.id].importMs.push(sample.importMs);
      samples[install.id].processMs.push(sample.processMs);
    }
  }
  return samples;
}

/** Writes the one-file TypeScript consumer and its tsconfig into the install's directory. */
function writeConsumer(install: Install): void {
  writeFileSync(join(install.dir, "consumer.ts"), `${install.consumer}\n`);
  const typeRoots = join(fileURLToPath(new URL("../node_modules/@types", import.meta.url)));
  writeFileSync(
    join(install.dir, "tsconfig.json"),
    JSON.stringify(
      {
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          lib: ["ES2023", "DOM"],
          strict: true,
          skipLibCheck: true,
          noEmit: true,
          types: ["node"],
          typeRoots: [typeRoots],
        },
        files: ["consumer.ts"],
      },
      null,
      2,
    ),
  );
}

/** What one `tsc -p dir --extendedDiagnostics` run reports, with its wall time. */
export interface TscRun {
  /** Wall time of the process, tsc's own start-up included, in ms. */
  ms: number;
  /** tsc's `Total time`, in ms. */
  totalMs: number;
  files: number;
  types: number;
  instantiations: number;
}

/** Runs `tsc -p dir --extendedDiagnostics` (the project sets `noEmit`) and reads its counters. */
export function tscDiagnostics(dir: string): TscRun {
  const tsc = require.resolve("typescript/bin/tsc");
  const start = performance.now();
  const run = spawnSync(process.execPath, [tsc, "-p", dir, "--extendedDiagnostics"], {
    cwd: dir,
    encoding: "utf8",
  });
  const ms = performance.now() - start;
  if (run.status !== 0) throw new Error(`tsc failed in ${dir}:\n${run.stdout}${run.stderr}`);
  const read = (label: string) => Number(new RegExp(`^${label}:\\s+([\\d.]+)`, "m").exec(run.stdout)?.[1]);
  return {
    ms,
    totalMs: read("Total time") * 1000,
    files: read("Files"),
    types: read("Types"),
    instantiations: read("Instantiations"),
  };
}

/** One type-check of an install's consumer. */
export function typecheckOnce(install: Install): TscRun {
  return tscDiagnostics(install.dir);
}

/** Type-check samples of one consumer: wall times per round, and tsc's counters (the same every run). */
export interface TypecheckSamples {
  ms: number[];
  files: number;
  types?: number;
  instantiations?: number;
}

/** Type-check times of the consumers, interleaved over `rounds` rounds. */
export function measureTypecheck(
  installs: readonly Install[],
  rounds: number,
): Record<string, TypecheckSamples> {
  const withConsumer = installs.filter((install) => install.consumer !== "");
  for (const install of withConsumer) writeConsumer(install);
  const samples: Record<string, TypecheckSamples> = {};
  for (const install of withConsumer) {
    const { files, types, instantiations } = typecheckOnce(install);
    samples[install.id] = { ms: [], files, types, instantiations };
  }
  for (let round = 0; round < rounds; round++) {
    for (const install of rotation(withConsumer, round))
      samples[install.id]!.ms.push(typecheckOnce(install).ms);
  }
  return samples;
}

/** Versions actually installed, read back from the temp directories. */
export function installedVersion(dir: string, name: string): string {
  return (
    JSON.parse(readFileSync(join(dir, "node_modules", name, "package.json"), "utf8")) as { version: string }
  ).version;
}
