#!/usr/bin/env node
// @ts-check
// pnpm check:build-cache (run by `npm test`): a second `pnpm build` right after a first must be a full
// cache hit. Builds once (a no-op when CI has built already), then asks turbo, without running
// anything (`--dry=json`), which build tasks it would execute now, and fails naming each one.
//
// A miss here means some task hashes a file that the build itself writes (the classic case: a
// `src/**` input matching the gitignored `src/generated/**` that `generate` writes later in the same
// run), or an input that changes on every run. Compare the task's inputs with
// `pnpm exec turbo run build --dry=json` before and after a build to find the file.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const turbo = join(repoRoot, "node_modules", ".bin", "turbo");
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" };

/**
 * @typedef {{ taskId: string, hash: string, command: string, cache: { status: string } }} DryRunTask
 */

/**
 * The tasks of a `turbo run --dry=json` report that would execute: every task with a command whose
 * cache status is not a hit (tasks without a script never run, so they never miss).
 *
 * @param {{ tasks: DryRunTask[] }} report
 * @returns {DryRunTask[]}
 */
function cacheMisses(report) {
  return report.tasks.filter((task) => task.command !== "<NONEXISTENT>" && task.cache.status !== "HIT");
}

/** @param {string[]} args */
function turboRun(args) {
  return spawnSync(turbo, args, { cwd: repoRoot, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

const first = turboRun(["run", "build", "--output-logs=errors-only"]);
if (first.status !== 0) {
  console.error(
    `[build-cache] the first build failed (exit ${first.status}):\n${first.stdout}${first.stderr}`,
  );
  process.exit(1);
}
const dry = turboRun(["run", "build", "--dry=json"]);
if (dry.status !== 0) {
  console.error(`[build-cache] turbo run build --dry=json failed (exit ${dry.status}):\n${dry.stderr}`);
  process.exit(1);
}
const report = JSON.parse(dry.stdout);
const misses = cacheMisses(report);
const ran = report.tasks.filter((/** @type {DryRunTask} */ task) => task.command !== "<NONEXISTENT>");
if (misses.length > 0) {
  console.error(
    `[build-cache] a second build would re-run ${misses.length} of ${ran.length} tasks; each should be a cache hit:`,
  );
  for (const task of misses) console.error(`  ${task.taskId} (hash ${task.hash}): ${task.cache.status}`);
  process.exit(1);
}
console.log(`[build-cache] a second build is a full cache hit: ${ran.length} of ${ran.length} tasks cached.`);
