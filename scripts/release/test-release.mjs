#!/usr/bin/env node
// pnpm test:release — the whole path a release takes, for real, then every runtime a user may run it
// on. Prints a table (check or runtime × package → result) and exits non-zero if any cell is not a pass.
//
//   1. build the public packages (turbo) and check their packaging: publint --strict, attw --pack,
//      the manifest fields and the exact published file list;
//   2. release them on a throw-away copy: changeset → changeset status → changeset version (changelogs)
//      → changeset publish, to a Verdaccio started on 127.0.0.1 for this run;
//   3. in a fresh npm project outside the workspace, `npm install` them from that registry;
//   4. run that consumer on Node 20 (this Node), 22 and 24, Bun, Deno, workerd and Chromium against
//      the packages' own mocks (in msw on Node, on a loopback server for every runtime).
//
// Options: --packages auth-core,candid  (folders under packages/; default: every public package)
//          --keep                       (leave the temp directories for inspection)
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { installChromium, installRuntimes, runtimeBin } from "@caduceus/test-runtimes";
import { checkApiDocs } from "./api-docs.mjs";
import { createConsumer } from "./consumer.mjs";
import { Matrix } from "./lib/matrix.mjs";
import { run, startServer, tail } from "./lib/run.mjs";
import { checkPackage } from "./packaging.mjs";
import { releaseToRegistry } from "./release.mjs";
import { RuntimeUnavailable, runBun, runChromium, runDeno, runNode, runWorkerd } from "./runners.mjs";
import { startVerdaccio } from "./verdaccio.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const args = process.argv.slice(2);
const option = (name) => {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
};
const keep = args.includes("--keep");
// The optional peers of the packages' ./testing kits, installed beside them as a user testing with the
// kits would: msw for every kit, openapi-msw for the typed ones (the FHIR kits' server,
// @caduceus/fhir-mock, is one of the released packages).
const MSW = ["msw@2.15.0", "openapi-msw@2.0.0"];
const WEB_RUNTIMES = new Set(["workerd", "chromium"]);
const serverOnly = new Set(
  Object.entries((await import("./consumer/vendors.mjs")).packages)
    .filter(([, spec]) => spec.serverOnly)
    .map(([name]) => name),
);
const started = Date.now();
const log = (message) =>
  console.error(`[release-test ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}`);

const all = readdirSync(join(root, "packages"))
  .filter((folder) => existsSync(join(root, "packages", folder, "package.json")))
  .map((folder) => {
    const dir = join(root, "packages", folder);
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    return { folder, dir, manifest, name: manifest.name };
  })
  .filter((pkg) => pkg.manifest.private !== true);
const wanted = option("--packages")?.split(",");
const packages = wanted ? all.filter((pkg) => wanted.includes(pkg.folder)) : all;
if (packages.length === 0) {
  console.error(`no public package matches --packages ${wanted}`);
  process.exit(2);
}
// auth-core is every vendor's dependency: it is always released with them.
const authCore = all.find((pkg) => pkg.name === "@caduceus/auth-core");
if (authCore && !packages.includes(authCore)) packages.unshift(authCore);
// The FHIR kits (CareCentric's, SMART's) run on @caduceus/fhir-mock, their optional peer: released with them.
const fhirMock = all.find((pkg) => pkg.name === "@caduceus/fhir-mock");
const fhirKits = ["@caduceus/carecentric", "@caduceus/smart-fhir"];
if (fhirMock && !packages.includes(fhirMock) && packages.some((pkg) => fhirKits.includes(pkg.name)))
  packages.push(fhirMock);

const matrix = new Matrix(packages.map((pkg) => pkg.name.replace("@caduceus/", "")));
const col = (pkg) => pkg.name.replace("@caduceus/", "");
const work = mkdtempSync(join(tmpdir(), "caduceus-release-"));
const cleanups = [];

try {
  // Tools first, explicitly (the same step as `pnpm runtimes:install`): the npm-installed runtimes
  // and Debian's Chromium.
  log("installing the runtimes (test/runtimes) and Chromium when missing");
  installRuntimes();
  let chromiumProblem;
  try {
    installChromium();
  } catch (error) {
    chromiumProblem = error.message;
  }

  // 1. Build and packaging.
  log(`building ${packages.map(col).join(", ")}`);
  const turbo = join(root, "node_modules", ".bin", "turbo");
  const filters = packages.flatMap((pkg) => ["--filter", pkg.name]);
  const build = await run(turbo, ["run", "build", ...filters, "--continue", "--output-logs=errors-only"], {
    cwd: root,
    timeoutMs: 600_000,
  });
  const built = [];
  for (const pkg of packages) {
    const single =
      build.code === 0
        ? build
        : await run(turbo, ["run", "build", "--filter", pkg.name, "--output-logs=errors-only"], {
            cwd: root,
            timeoutMs: 300_000,
          });
    if (single.code === 0) {
      matrix.set("build", col(pkg), "pass");
      built.push(pkg);
    } else {
      matrix.set("build", col(pkg), "fail", tail(single, 8));
    }
  }
  log("publint --strict, attw --pack, package.json fields");
  const checks = await Promise.all(built.map((pkg) => checkPackage(pkg.dir, { root })));
  built.forEach((pkg, i) => {
    const result = checks[i];
    matrix.set("publint --strict", col(pkg), result.publint.ok ? "pass" : "fail", result.publint.note);
    matrix.set("attw --pack", col(pkg), result.attw.ok ? "pass" : "fail", result.attw.note);
    matrix.set("package.json fields", col(pkg), result.fields.ok ? "pass" : "fail", result.fields.note);
  });

  // TypeDoc runs alongside the release and the runtimes; its row is filled in at the end.
  log("typedoc (pnpm docs:api), in the background");
  const apiDocs = checkApiDocs({ root, folders: built.map((pkg) => pkg.folder) });

  // 2. Release to a local registry.
  log("Verdaccio on 127.0.0.1");
  const registry = await startVerdaccio({ dir: join(work, "registry") });
  cleanups.push(registry.stop);
  const releasable = authCore && !built.includes(authCore) ? [] : built;
  let versions = {};
  const stageRows = {
    changeset: "changeset + status",
    "changeset version": "changeset version",
    "changeset publish": "changeset publish",
    "registry manifests": "workspace: → versions",
  };
  if (releasable.length > 0) {
    log(`releasing ${releasable.map(col).join(", ")} (changeset → version → publish)`);
    try {
      ({ versions } = await releaseToRegistry({
        root,
        packages: releasable,
        work,
        registry,
        log: (stage) => log(`  ${stage}`),
        step: (stage, ok, note) => {
          if (!stageRows[stage]) {
            if (!ok) for (const pkg of releasable) matrix.set("release copy", col(pkg), "fail", note);
            return;
          }
          for (const pkg of releasable) matrix.set(stageRows[stage], col(pkg), ok ? "pass" : "fail", note);
        },
      }));
    } catch (error) {
      log(`release failed: ${error.message.split("\n")[0]}`);
    }
  }

  // 3. A user's project installs them from the registry.
  const consumerDir = join(mkdtempSync(join(tmpdir(), "caduceus-consumer-")), "app");
  if (keep) console.error(`keeping the consumer in ${consumerDir}`);
  else cleanups.push(() => rmSync(dirname(consumerDir), { recursive: true, force: true }));
  let consumer;
  if (Object.keys(versions).length > 0) {
    log(`npm install ${Object.keys(versions).join(" ")} in ${consumerDir}`);
    try {
      consumer = await createConsumer({ dir: consumerDir, versions, registry, msw: MSW });
      for (const pkg of releasable) matrix.set("npm install (fresh dir)", col(pkg), "pass");
    } catch (error) {
      for (const pkg of releasable) matrix.set("npm install (fresh dir)", col(pkg), "fail", error.message);
    }
  }

  // 4. The runtime matrix.
  const runtimes = [
    ["node 20", (ctx) => runNode(ctx)],
    ["node 22", (ctx) => runNode({ ...ctx, bin: runtimeBin("node22") })],
    ["node 24", (ctx) => runNode({ ...ctx, bin: runtimeBin("node24") })],
    ["bun", runBun],
    ["deno", runDeno],
    ["workerd", runWorkerd],
    [
      "chromium",
      (ctx) => {
        if (chromiumProblem) throw new RuntimeUnavailable(chromiumProblem);
        return runChromium(ctx);
      },
    ],
  ];
  if (consumer) {
    log("mock server for the consumer");
    let mockServer;
    try {
      mockServer = await startServer(process.execPath, ["mock-server.mjs", ...consumer.names], {
        cwd: consumerDir,
        ready: (output) => {
          const line = output.split("\n").find((candidate) => candidate.startsWith('{"api"'));
          return line ? JSON.parse(line) : false;
        },
      });
      cleanups.push(mockServer.stop);
    } catch (error) {
      for (const [label] of runtimes)
        matrix.setRow(label, "fail", `the loopback mock server did not start: ${error.message}`);
    }
    const origin = `http://127.0.0.1:${mockServer?.result.api}`;
    const pageOrigin = `http://127.0.0.1:${mockServer?.result.page}`;
    for (const [label, runner] of mockServer ? runtimes : []) {
      log(`runtime ${label}`);
      try {
        const outcome = await runner({ dir: consumerDir, origin, pageOrigin });
        for (const pkg of releasable) {
          const result = outcome.results[pkg.name];
          // Server-only packages are not bundled for workerd and the browser: their cell stays "–".
          if (!result && WEB_RUNTIMES.has(label) && serverOnly.has(pkg.name)) continue;
          if (result) matrix.set(label, col(pkg), result.ok ? "pass" : "fail", result.note);
          else matrix.set(label, col(pkg), "fail", `${outcome.runtime} reported no result`);
        }
      } catch (error) {
        const status = error instanceof RuntimeUnavailable ? "unavailable" : "fail";
        for (const pkg of releasable) matrix.set(label, col(pkg), status, error.message);
      }
    }
  } else {
    for (const [label] of runtimes)
      matrix.setRow(label, "fail", "no installed consumer to run (see the stages above)");
  }
  log("waiting for typedoc");
  const docs = await apiDocs;
  for (const pkg of built) {
    const result = docs[pkg.folder];
    matrix.set("API docs (typedoc)", col(pkg), result.ok ? "pass" : "fail", result.note);
  }
} catch (error) {
  console.error(`release test aborted: ${error?.stack ?? error}`);
  matrix.setRow("release test", "fail", String(error?.message ?? error).split("\n")[0]);
} finally {
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch {
      // keep cleaning
    }
  }
  if (keep) console.error(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

console.log(`\nRelease test: runtime or check × package (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
console.log(matrix.render());
const notApplicable = packages.filter((pkg) => serverOnly.has(pkg.name)).map((pkg) => pkg.name);
if (notApplicable.length > 0) {
  console.log(
    `\n– not applicable: ${notApplicable.join(", ")} is server-only (Redis over TCP), not bundled for workerd or a browser.`,
  );
}
console.log(`\n${matrix.passed} passed, ${matrix.failed} failed`);
process.exit(matrix.failed === 0 ? 0 : 1);
