import { rmSync } from "node:fs";
import type { CellResult } from "./harness/cell.js";
import { failures, loadResults, matrixTable, RESULTS_DIR, writeDocsSection } from "./harness/report.js";

/**
 * Clears the previous run's results; after every file has run, prints the fault matrix (vendor ×
 * fault → result) and the load and week figures. With RELIABILITY_WRITE_DOCS=1 (`pnpm report`) it
 * also rewrites the generated sections of docs/reliability.md.
 */
export default function setup() {
  rmSync(RESULTS_DIR, { recursive: true, force: true });
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
  };
}
