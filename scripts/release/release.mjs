// The release as a maintainer runs it, on a throw-away copy so the real history and versions never
// move: the built packages are copied into a fresh git repo (branch `main`, as `changeset status`
// needs), a changeset is added, `changeset version` bumps versions and writes changelogs, and
// `changeset publish` (pnpm publish underneath, which turns `workspace:` ranges into real ones)
// publishes to the test's registry. Then the registry's manifests are checked.
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import semver from "semver";
import { run, runOrThrow, tail } from "./lib/run.mjs";
import { packedFiles } from "./packaging.mjs";

/**
 * The environment for npm/pnpm/changeset children: never the caller's npm_config_* settings (pnpm
 * sets some for its scripts); with `registry`, its URL and the user-level npmrc holding its token.
 */
export function registryEnv(registry) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_|pnpm_|NPM_CONFIG_)/i.test(key)) env[key] = value;
  }
  return {
    ...env,
    ...(registry ? { NPM_CONFIG_USERCONFIG: registry.npmrc, npm_config_registry: registry.url } : {}),
    npm_config_update_notifier: "false",
    npm_config_fund: "false",
    npm_config_audit: "false",
    CI: "true",
  };
}

function bumpPatch(version) {
  const [major, minor, patch] = version.split("-")[0].split(".").map(Number);
  return `${major}.${minor}.${patch + 1}`;
}

/** Every workspace project: name → { dir, private }. */
async function workspaceProjects(root) {
  const result = await runOrThrow("pnpm", ["ls", "-r", "--depth", "-1", "--json"], {
    cwd: root,
    env: registryEnv(),
  });
  return new Map(
    JSON.parse(result.stdout).map((project) => [
      project.name,
      { dir: project.path, private: project.private },
    ]),
  );
}

/**
 * The private workspace projects the released packages reach through `workspace:` ranges (test kits
 * in devDependencies): pnpm needs their manifests to install and to rewrite those ranges on publish.
 */
function privateDependencies(root, packages, projects) {
  const found = new Map();
  const queue = packages.map((pkg) => pkg.manifest);
  while (queue.length > 0) {
    const manifest = queue.pop();
    for (const field of ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"]) {
      for (const [name, range] of Object.entries(manifest[field] ?? {})) {
        const project = projects.get(name);
        if (!String(range).startsWith("workspace:") || !project?.private || found.has(name)) continue;
        const projectManifest = JSON.parse(readFileSync(join(project.dir, "package.json"), "utf8"));
        found.set(name, { folder: relative(root, project.dir), manifest: projectManifest });
        queue.push(projectManifest);
      }
    }
  }
  return [...found.values()];
}

/** Copies what `npm pack` would publish from each package, plus the release config, into `repo`. */
async function makeCopy({ root, packages, repo }) {
  const extras = privateDependencies(root, packages, await workspaceProjects(root));
  mkdirSync(repo, { recursive: true });
  const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  writeFileSync(
    join(repo, "package.json"),
    `${JSON.stringify(
      {
        name: rootManifest.name,
        private: true,
        type: "module",
        packageManager: rootManifest.packageManager,
        scripts: { version: rootManifest.scripts?.version, release: rootManifest.scripts?.release },
        dependencies: { "@changesets/cli": rootManifest.devDependencies?.["@changesets/cli"] },
      },
      null,
      2,
    )}\n`,
  );
  const globs = ["packages/*", ...extras.map((extra) => extra.folder)];
  writeFileSync(
    join(repo, "pnpm-workspace.yaml"),
    `packages:\n${globs.map((glob) => `  - "${glob}"\n`).join("")}`,
  );
  for (const extra of extras) {
    // Private: never published; only its manifest, so workspace ranges resolve as in the real repo.
    mkdirSync(join(repo, extra.folder), { recursive: true });
    writeFileSync(join(repo, extra.folder, "package.json"), `${JSON.stringify(extra.manifest, null, 2)}\n`);
  }
  writeFileSync(join(repo, ".gitignore"), "node_modules\n");
  mkdirSync(join(repo, ".changeset"));
  for (const file of ["config.json", "README.md"]) {
    copyFileSync(join(root, ".changeset", file), join(repo, ".changeset", file));
  }
  for (const pkg of packages) {
    const target = join(repo, "packages", pkg.folder);
    mkdirSync(target, { recursive: true });
    for (const file of ["package.json", ...(await packedFiles(pkg.dir))]) {
      mkdirSync(dirname(join(target, file)), { recursive: true });
      cpSync(join(pkg.dir, file), join(target, file));
    }
    if (existsSync(join(pkg.dir, "CHANGELOG.md")))
      copyFileSync(join(pkg.dir, "CHANGELOG.md"), join(target, "CHANGELOG.md"));
  }
}

/**
 * Runs changeset → changeset version → changeset publish on a copy in `work`, publishing to
 * `registry`. Calls `step(name, ok, note)` for each stage and resolves with
 * `{ versions: { [name]: version } }`, or throws after reporting the failing stage.
 */
export async function releaseToRegistry({ root, packages, work, registry, step, log = () => {} }) {
  const repo = join(work, "repo");
  const env = registryEnv(registry);
  const changeset = join(repo, "node_modules", ".bin", "changeset");
  const git = (...args) =>
    runOrThrow(
      "git",
      [
        "-c",
        "user.name=Release Test",
        "-c",
        "user.email=release-test@localhost",
        "-c",
        "commit.gpgsign=false",
        ...args,
      ],
      {
        cwd: repo,
        env,
      },
    );
  const stage = async (name, body) => {
    log(name);
    try {
      const note = await body();
      step(name, true, note ?? "");
    } catch (error) {
      step(name, false, error instanceof Error ? error.message : String(error));
      throw error;
    }
  };

  await stage("copy", async () => {
    await makeCopy({ root, packages, repo });
    // As a maintainer would before releasing: links the workspace packages (pnpm publish reads the
    // installed dependency to turn `workspace:^` into a version) and installs the changesets CLI.
    // From the machine's registry and the pnpm store the workspace install filled, not the test's.
    // Not --prod: pnpm publish rewrites `workspace:` ranges of devDependencies too, from installed links.
    const flags = ["--no-frozen-lockfile", "--prefer-offline", "--ignore-scripts", "--reporter=append-only"];
    await runOrThrow("pnpm", ["install", ...flags], {
      cwd: repo,
      env: registryEnv(),
      timeoutMs: 180_000,
    });
    await git("init", "-q", "-b", "main");
    await git("add", "-A");
    await git("commit", "-q", "-m", "Packages as built");
    await git("checkout", "-q", "-b", "release-test");
  });

  const expected = Object.fromEntries(packages.map((pkg) => [pkg.name, bumpPatch(pkg.manifest.version)]));
  const summary = "Release test: every package republished as a patch release.";
  await stage("changeset", async () => {
    // What `pnpm changeset` writes after its prompts (it has no non-interactive mode for bumps).
    const front = packages.map((pkg) => `"${pkg.name}": patch`).join("\n");
    writeFileSync(join(repo, ".changeset", "release-test.md"), `---\n${front}\n---\n\n${summary}\n`);
    await git("add", "-A");
    await git("commit", "-q", "-m", "Add a changeset");
    await runOrThrow(changeset, ["status", "--output=status.json"], { cwd: repo, env });
    const plan = JSON.parse(readFileSync(join(repo, "status.json"), "utf8"));
    const planned = Object.fromEntries(plan.releases.map((release) => [release.name, release.newVersion]));
    for (const [name, version] of Object.entries(expected)) {
      if (planned[name] !== version)
        throw new Error(`changeset status plans ${name}@${planned[name]}, expected ${version}`);
    }
  });

  await stage("changeset version", async () => {
    await runOrThrow(changeset, ["version"], { cwd: repo, env });
    for (const pkg of packages) {
      const dir = join(repo, "packages", pkg.folder);
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      if (manifest.version !== expected[pkg.name]) {
        throw new Error(
          `${pkg.name} is at ${manifest.version} after changeset version, expected ${expected[pkg.name]}`,
        );
      }
      const changelog = existsSync(join(dir, "CHANGELOG.md"))
        ? readFileSync(join(dir, "CHANGELOG.md"), "utf8")
        : "";
      if (!changelog.includes(`## ${expected[pkg.name]}`) || !changelog.includes(summary)) {
        throw new Error(
          `${pkg.name}/CHANGELOG.md has no ${expected[pkg.name]} entry with the changeset's summary`,
        );
      }
    }
    if (existsSync(join(repo, ".changeset", "release-test.md")))
      throw new Error("changeset version left the changeset behind");
    await git("add", "-A");
    await git("commit", "-q", "-m", "Version packages");
  });

  await stage("changeset publish", async () => {
    const result = await run(changeset, ["publish"], { cwd: repo, env, timeoutMs: 240_000 });
    if (result.code !== 0) throw new Error(`changeset publish failed:\n${errorLines(result)}`);
    const missing = packages.filter(
      (pkg) => !result.stdout.concat(result.stderr).includes(`${pkg.name}@${expected[pkg.name]}`),
    );
    if (missing.length > 0)
      throw new Error(
        `changeset publish did not report ${missing.map((pkg) => pkg.name).join(", ")}:\n${tail(result, 30)}`,
      );
  });

  await stage("registry manifests", async () => {
    const problems = [];
    for (const pkg of packages) {
      const view = await run("npm", ["view", `${pkg.name}@${expected[pkg.name]}`, "--json"], {
        cwd: work,
        env,
      });
      if (view.code !== 0) {
        problems.push(`${pkg.name}@${expected[pkg.name]} is not on the registry: ${tail(view, 5)}`);
        continue;
      }
      const manifest = JSON.parse(view.stdout);
      for (const field of ["dependencies", "peerDependencies", "optionalDependencies"]) {
        for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
          if (String(range).startsWith("workspace:"))
            problems.push(`${pkg.name} ${field}.${dep} is still ${range}`);
          // A range that admits the version released with it: `^0.0.1` for workspace:^, or a wider
          // peer range such as `>=0.0.0 <1` (the FHIR kits' optional peer on @caduceus/fhir-mock).
          if (expected[dep] && !semver.satisfies(expected[dep], String(range))) {
            problems.push(
              `${pkg.name} ${field}.${dep} is ${range}, expected a range admitting ${expected[dep]}`,
            );
          }
        }
      }
    }
    if (problems.length > 0) throw new Error(problems.join("; "));
  });

  return { versions: expected };
}

/** The error lines of a command's output (changesets prints its progress first), else its tail. */
function errorLines(result) {
  const lines = `${result.stdout}\n${result.stderr}`.replace(/\x1b\[[0-9;]*m/g, "").split("\n");
  const errors = lines.filter((line) => /error|ERR_|failed/i.test(line));
  return errors.length > 0 ? errors.slice(0, 10).join("\n") : tail(result, 30);
}
