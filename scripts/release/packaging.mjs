// Packaging checks for one public package, as a user installing it from npm would meet it:
// publint --strict, attw --pack (ESM-only profile), and the manifest fields every public package must
// have (listed in scripts/release/README.md), checked against the file list `npm pack` would publish.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { run, runOrThrow, tail } from "./lib/run.mjs";

// NOTICE: the attribution a package derived from Apache-2.0 work must carry (Apache-2.0 §4(d)).
const ALLOWED_TOP_LEVEL = new Set(["package.json", "README.md", "LICENSE", "NOTICE", "CHANGELOG.md"]);

/**
 * Problems with a manifest and its packed file list, as sentences naming the field and the fix;
 * empty when the package is fine.
 */
export function manifestProblems(manifest, packedFiles) {
  const problems = [];
  const files = new Set(packedFiles);
  const need = (ok, problem) => {
    if (!ok) problems.push(problem);
  };
  need(manifest.type === "module", `"type" must be "module"`);
  need(typeof manifest.license === "string" && manifest.license.length > 0, `"license" is missing`);
  need(
    typeof manifest.repository === "object" &&
      /^git\+https:\/\//.test(manifest.repository?.url ?? "") &&
      manifest.repository?.directory,
    `"repository" must be { type: "git", url: "git+https://…", directory: "packages/<name>" }`,
  );
  need(
    Array.isArray(manifest.keywords) && manifest.keywords.length >= 3,
    `"keywords" needs at least three entries`,
  );
  need(typeof manifest.engines?.node === "string", `"engines.node" is missing`);
  need(manifest.sideEffects === false, `"sideEffects" must be false`);
  need(
    typeof manifest.description === "string" && manifest.description.length > 0,
    `"description" is missing`,
  );
  need(Array.isArray(manifest.files), `"files" must list what is published`);
  need(manifest.private !== true, "the package is private");

  const exportsMap = manifest.exports;
  if (typeof exportsMap !== "object" || exportsMap === null) {
    problems.push(`"exports" must be a map of subpaths`);
  } else {
    need(
      exportsMap["./package.json"] === "./package.json",
      `"exports" must include "./package.json": "./package.json"`,
    );
    for (const [subpath, target] of Object.entries(exportsMap)) {
      if (subpath === "./package.json") continue;
      if (typeof target !== "object" || target === null) {
        problems.push(`exports["${subpath}"] must be { types, default } (types first)`);
        continue;
      }
      const keys = Object.keys(target);
      need(keys[0] === "types", `exports["${subpath}"]: "types" must come first (has ${keys.join(", ")})`);
      need(keys.includes("default") || keys.includes("import"), `exports["${subpath}"] has no "default"`);
      for (const [condition, path] of Object.entries(target)) {
        if (typeof path === "string") {
          need(
            files.has(path.replace(/^\.\//, "")),
            `exports["${subpath}"].${condition} → ${path} is not in the packed files`,
          );
        }
      }
    }
  }
  need(files.has("README.md"), 'README.md is not published (missing or not in "files")');
  need(files.has("LICENSE"), 'LICENSE is not published (missing or not in "files")');
  const stray = packedFiles.filter(
    (file) =>
      !(ALLOWED_TOP_LEVEL.has(file) || file.startsWith("dist/")) ||
      /\.(test|test-d)\.[cm]?[jt]s$|\.map$|\.tsbuildinfo$/.test(file),
  );
  need(
    stray.length === 0,
    `"files" publishes more than the build: ${stray.slice(0, 5).join(", ")}${stray.length > 5 ? ", …" : ""}`,
  );
  for (const [field, deps] of Object.entries({
    dependencies: manifest.dependencies,
    peerDependencies: manifest.peerDependencies,
  })) {
    for (const [name, range] of Object.entries(deps ?? {})) {
      need(
        !String(range).startsWith("file:") && !String(range).startsWith("link:"),
        `${field}.${name} is a local path (${range})`,
      );
    }
  }
  return problems;
}

/** The files `npm pack` would publish from `dir`. */
export async function packedFiles(dir) {
  const result = await runOrThrow("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: dir,
    timeoutMs: 60_000,
  });
  const start = result.stdout.indexOf("[");
  const [report] = JSON.parse(result.stdout.slice(start));
  return report.files.map((file) => file.path);
}

/**
 * Runs the three packaging checks on the package in `dir` (built already). Resolves
 * `{ publint, attw, fields }`, each `{ ok, note }`.
 */
export async function checkPackage(dir, { root }) {
  const bin = (name) => join(root, "node_modules", ".bin", name);
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const [publint, attw, files] = await Promise.all([
    run(bin("publint"), ["--strict"], { cwd: dir, timeoutMs: 120_000 }),
    run(bin("attw"), ["--pack", ".", "--profile", "esm-only", "--format", "ascii"], {
      cwd: dir,
      env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
      timeoutMs: 180_000,
    }),
    packedFiles(dir).then(
      (list) => ({ list }),
      (error) => ({ error }),
    ),
  ]);
  // publint --strict exits 0 with suggestions printed; anything it prints beyond "All good" is a finding.
  const publintClean =
    publint.code === 0 && !/\b(Suggestions?|Warnings?|Errors?):/i.test(publint.stdout + publint.stderr);
  const problems = files.error ? [String(files.error.message)] : manifestProblems(manifest, files.list);
  return {
    manifest,
    publint: { ok: publintClean, note: publintClean ? "" : `publint --strict: ${tail(publint, 12)}` },
    attw: { ok: attw.code === 0, note: attw.code === 0 ? "" : `attw --pack: ${attwProblems(attw)}` },
    fields: { ok: problems.length === 0, note: problems.join("; ") },
  };
}

/** attw's findings without the resolutions the ESM-only profile ignores. */
function attwProblems(result) {
  const lines = `${result.stdout}\n${result.stderr}`.split("\n");
  const findings = lines.filter((line) => /💀|⚠️|❌|🐛|🥴|❗|🎭|Error/.test(line) && !/\(ignored/.test(line));
  return findings.length > 0 ? findings.join("\n") : tail(result, 20);
}
