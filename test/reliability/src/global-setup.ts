import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { CellResult } from "./harness/cell.js";
import {
  failures,
  loadResults,
  matrixTable,
  RESULTS_ROOT,
  resultsDir,
  writeDocsSection,
} from "./harness/report.js";

/**
 * Gives the run its own results directory; after every file has run, prints the fault matrix (vendor ×
 * fault → result) and the load and week figures. With RELIABILITY_WRITE_DOCS=1 (`pnpm report`) it
 * also rewrites the generated sections of docs/reliability.md.
 */
export default function setup() {
  process.env.RELIABILITY_RESULTS_DIR = join(RESULTS_ROOT, `run-${process.pid}-${Date.now()}`);
  mkdirSync(resultsDir(), { recursive: true });
  return () => {
    const cells = loadResults<CellResult[]>("matrix-").flat();
    const sections: Array<[string, string]> = [];
    if (cells.length > 0) {
      const scanned = cells.reduce((sum, cell) => sum + cell.scanned, 0);
      const applicable = cells.filter((cell) => cell.applicable);
      const failed = failures(cells);
      const summary = `${applicable.length} cells, ${applicable.length - failed.length} passed, ${failed.length} failed; ${scanned} renderings scanned for canaries.`;
      sections.push(["matrix", `${matrixTable(cells)}\n\n${summary}`]);
      console.log(`\nFault matrix (vendor × fault → result)\n\n${matrixTable(cells)}\n\n${summary}`);
      if (failed.length > 0) console.log(`\nFailed cells:\n- ${failed.join("\n- ")}`);
    }
    for (const [name, prefix] of [
      ["load", "load-"],
      ["week", "week-"],
      ["properties", "properties-"],
    ] as const) {
      const parts = loadResults<{ order?: number; markdown: string }>(prefix)
        .sort((a, b) => (a.order ?? 0) - (b.order ?? 0))
        .map((part) => part.markdown);
      if (parts.length > 0) {
        sections.push([name, parts.join("\n\n")]);
        console.log(`\n${parts.join("\n\n")}`);
      }
    }
    if (process.env.RELIABILITY_WRITE_DOCS === "1")
      for (const [name, content] of sections) writeDocsSection(name, content);
    rmSync(resultsDir(), { recursive: true, force: true });
  };
}
