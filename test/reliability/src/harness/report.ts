import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CellResult } from "./cell.js";
import { MATRIX_VENDORS, type MatrixVendorId, VENDOR_LABELS } from "./vendor-ids.js";

/**
 * Where each test file leaves its results for the global teardown (gitignored). One directory per run
 * (the global setup names it in the environment the workers inherit), so two runs at once — a local
 * one and `turbo run test` — do not mix their results.
 */
export const RESULTS_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", ".results");
export const resultsDir = (): string => process.env.RELIABILITY_RESULTS_DIR ?? join(RESULTS_ROOT, "default");
export const DOCS_FILE = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "..",
  "..",
  "docs",
  "reliability.md",
);

export function saveResults(name: string, payload: unknown): void {
  mkdirSync(resultsDir(), { recursive: true });
  writeFileSync(join(resultsDir(), `${name}.json`), JSON.stringify(payload, null, 2));
}

export function loadResults<T>(prefix: string): T[] {
  let files: string[] = [];
  try {
    files = readdirSync(resultsDir()).filter((file) => file.startsWith(prefix) && file.endsWith(".json"));
  } catch {
    return [];
  }
  return files.map((file) => JSON.parse(readFileSync(join(resultsDir(), file), "utf8")) as T);
}

/** The matrix as a Markdown table: fault rows, vendor columns. */
export function matrixTable(cells: readonly CellResult[]): string {
  const vendors = MATRIX_VENDORS.filter((vendor) => cells.some((cell) => cell.vendor === vendor));
  const faults: Array<{ id: string; group: string; title: string }> = [];
  for (const cell of cells)
    if (!faults.some((fault) => fault.id === cell.fault))
      faults.push({ id: cell.fault, group: cell.group, title: cell.title });
  const header = `| fault | ${vendors.map((vendor) => VENDOR_LABELS[vendor]).join(" | ")} |`;
  const rule = `|---|${vendors.map(() => "---").join("|")}|`;
  const rows: string[] = [];
  let group = "";
  for (const fault of faults) {
    if (fault.group !== group) {
      group = fault.group;
      rows.push(`| **${group}** |${vendors.map(() => "").join(" |")} |`);
    }
    const cellsOf = vendors.map((vendor: MatrixVendorId) => {
      const cell = cells.find((c) => c.vendor === vendor && c.fault === fault.id);
      return cell ? cell.summary : "—";
    });
    rows.push(`| ${fault.title.replace(/\|/g, "\\|")} | ${cellsOf.join(" | ")} |`);
  }
  return [header, rule, ...rows].join("\n");
}

/** Every failed cell with its problems, for the console and the docs. */
export function failures(cells: readonly CellResult[]): string[] {
  return cells
    .filter((cell) => cell.problems.length > 0)
    .map((cell) => `${VENDOR_LABELS[cell.vendor]} × ${cell.fault}: ${cell.problems.join("; ")}`);
}

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->` in docs/reliability.md. */
export function writeDocsSection(name: string, content: string): void {
  const text = readFileSync(DOCS_FILE, "utf8");
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/reliability.md has no ${name} markers`);
  writeFileSync(DOCS_FILE, `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`);
}
