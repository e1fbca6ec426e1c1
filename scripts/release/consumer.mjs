// The consumer: a fresh npm project in the system temp dir (outside the workspace, no pnpm, no
// links) that installs the released packages from the test's registry as a user would, plus msw for
// the `./testing` mocks, and bundles the same checks for workerd and the browser with esbuild.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { runtimeBin } from "@caduceus/test-runtimes";
import { runOrThrow } from "./lib/run.mjs";
import { registryEnv } from "./release.mjs";

const template = join(dirname(fileURLToPath(import.meta.url)), "consumer");
const TEMPLATE_FILES = [
  "vendors.mjs",
  "checks.mjs",
  "run.mjs",
  "worker.mjs",
  "browser.mjs",
  "mock-server.mjs",
  "msw-node.mjs",
];

/**
 * Creates the consumer in `dir` and installs `versions` (name → version) from `registry`. Throws
 * when the install fails or installs anything but the released versions.
 */
export async function createConsumer({ dir, versions, registry, msw }) {
  mkdirSync(dir, { recursive: true });
  const manifest = {
    name: "caduceus-consumer",
    version: "1.0.0",
    private: true,
    type: "module",
    dependencies: versions,
    devDependencies: Object.fromEntries(msw.map((spec) => spec.split(/(?<=.)@/))),
  };
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  // As a team using a private registry would: the @caduceus scope from it, everything else (msw,
  // openapi-fetch) from the machine's npm registry. --prefer-online revalidates every packument, so a
  // cached copy of an earlier run's same-numbered release can never stand in for this one's.
  writeFileSync(join(dir, ".npmrc"), `@caduceus:registry=${registry.url}\n`);
  const env = registryEnv();
  const flags = [
    "--prefer-online",
    "--omit-lockfile-registry-resolved=false",
    "--no-audit",
    "--no-fund",
    "--loglevel=error",
  ];
  await runOrThrow("npm", ["install", ...flags], {
    cwd: dir,
    env,
    timeoutMs: 300_000,
  });
  const lock = JSON.parse(readFileSync(join(dir, "package-lock.json"), "utf8"));
  for (const [name, version] of Object.entries(versions)) {
    const installed = JSON.parse(readFileSync(join(dir, "node_modules", name, "package.json"), "utf8"));
    const resolved = lock.packages?.[`node_modules/${name}`]?.resolved ?? "";
    if (!resolved.startsWith(registry.url))
      throw new Error(`npm resolved ${name} from ${resolved || "nowhere"}, not the test's registry`);
    if (installed.version !== version)
      throw new Error(`npm installed ${name}@${installed.version}, not the released ${version}`);
    for (const [dep, range] of Object.entries({ ...installed.dependencies, ...installed.peerDependencies })) {
      if (String(range).startsWith("workspace:"))
        throw new Error(`installed ${name} still depends on ${dep}@${range}`);
    }
  }

  for (const file of TEMPLATE_FILES) cpSync(join(template, file), join(dir, file));
  const names = Object.keys(versions);
  // Static imports, so esbuild bundles exactly the packages' main entries for workerd and the browser;
  // server-only packages (Redis over TCP, node:crypto) stay out of those bundles.
  const entry = (list) =>
    [
      ...list.map((name, i) => `import * as m${i} from ${JSON.stringify(name)};`),
      `export const modules = { ${list.map((name, i) => `${JSON.stringify(name)}: m${i}`).join(", ")} };`,
      "",
    ].join("\n");
  const { packages: specs } = await import(pathToFileURL(join(template, "vendors.mjs")).href);
  writeFileSync(join(dir, "entry.mjs"), entry(names));
  writeFileSync(join(dir, "entry-web.mjs"), entry(names.filter((name) => !specs[name]?.serverOnly)));
  mkdirSync(join(dir, "public"));
  writeFileSync(
    join(dir, "public", "index.html"),
    '<!doctype html><meta charset="utf-8"><title>Caduceus in the browser</title><script type="module" src="/browser.js"></script>\n',
  );
  return { dir, names };
}

/**
 * Bundles the consumer's checks with esbuild for a runtime that cannot read node_modules: `worker`
 * (workerd) → worker.bundle.js, `browser` → public/browser.js. Throws with esbuild's errors.
 */
export async function bundleConsumer(dir, target) {
  const [entry, out, platform, conditions] =
    target === "worker"
      ? ["worker.mjs", "worker.bundle.js", "neutral", "workerd,worker,browser"]
      : ["browser.mjs", "public/browser.js", "browser", "browser"];
  const args = [entry, "--bundle", "--format=esm", `--platform=${platform}`, `--conditions=${conditions}`];
  args.push("--main-fields=module,main", `--outfile=${out}`, "--log-level=error");
  await runOrThrow(runtimeBin("esbuild"), args, { cwd: dir });
}
