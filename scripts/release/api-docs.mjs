// `pnpm docs:api` as a check: TypeDoc over every public package (typedoc.json: warnings are errors,
// every export documented), its findings attributed to the package being converted when TypeDoc
// reported them.
import { join } from "node:path";
import { run } from "./lib/run.mjs";

/**
 * Runs TypeDoc from `root`. Resolves package folder → `{ ok, note }` for the packages in `folders`;
 * `note` lists the first findings and how many there were.
 */
export async function checkApiDocs({ root, folders }) {
  const result = await run(join(root, "node_modules", ".bin", "typedoc"), [], {
    cwd: root,
    env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
    timeoutMs: 600_000,
  });
  const text = `${result.stdout}\n${result.stderr}`.replace(/\x1b\[[0-9;]*m/g, "");
  const findings = Object.fromEntries(folders.map((folder) => [folder, []]));
  let current;
  const general = [];
  for (const line of text.split("\n")) {
    const converting = /Converting project at \.\/packages\/([\w-]+)/.exec(line);
    if (converting) {
      current = converting[1];
      continue;
    }
    if (/Merging converted projects/.test(line)) current = undefined;
    if (
      !/\[(warning|error)\]/.test(line) &&
      !/ - (warning|error) TS\d+/.test(line) &&
      !/error TS\d+/.test(line)
    )
      continue;
    if (/Found \d+ errors and \d+ warnings|Failed to convert one or more packages/.test(line)) continue;
    // Validation findings come after every conversion; they name the package they are about.
    const named = /defined in @caduceus\/([\w-]+)\//.exec(line)?.[1];
    const owner = named ?? current;
    if (owner && findings[owner]) findings[owner].push(line.trim());
    else if (!owner) general.push(line.trim());
  }
  const results = {};
  for (const folder of folders) {
    const own = findings[folder];
    const all = [...own, ...general];
    const ok = result.code === 0;
    results[folder] = all.length
      ? { ok: false, note: `typedoc: ${all.length} finding(s):\n${all.slice(0, 8).join("\n")}` }
      : ok
        ? { ok: true, note: "" }
        : {
            ok: false,
            note: `typedoc exited with ${result.code}:\n${text.trim().split("\n").slice(-8).join("\n")}`,
          };
  }
  return results;
}
