// The result table the release test prints: rows are checks or runtimes, columns are packages, each
// cell pass / FAIL / cannot run (with the reason below the table). Anything but pass fails the run.

/** A cell: `pass`, `fail` or `unavailable` (the runtime cannot run here), with a short note. */
export class Matrix {
  constructor(columns) {
    this.columns = [...columns];
    this.rows = new Map();
  }

  set(row, column, status, note = "") {
    if (!this.rows.has(row)) this.rows.set(row, new Map());
    this.rows.get(row).set(column, { status, note });
  }

  /** Sets the same result for every column of a row (a stage that failed before reaching packages). */
  setRow(row, status, note = "") {
    for (const column of this.columns) this.set(row, column, status, note);
  }

  cells() {
    return [...this.rows.values()].flatMap((row) => [...row.values()]);
  }

  get failed() {
    return this.cells().filter((cell) => cell.status !== "pass").length;
  }

  get passed() {
    return this.cells().filter((cell) => cell.status === "pass").length;
  }

  render() {
    const label = { pass: "pass", fail: "FAIL", unavailable: "cannot run" };
    const notes = [];
    const header = ["", ...this.columns];
    const body = [...this.rows].map(([row, cells]) => [
      row,
      ...this.columns.map((column) => {
        const cell = cells.get(column);
        if (!cell) return "–";
        if (cell.status === "pass") return "pass";
        notes.push(`[${notes.length + 1}] ${row} × ${column}: ${cell.note || "no detail"}`);
        return `${label[cell.status]} [${notes.length}]`;
      }),
    ]);
    const widths = header.map((_, i) => Math.max(...[header, ...body].map((line) => line[i].length)));
    const line = (cells) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(" | ")} |`;
    const rule = `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`;
    return [line(header), rule, ...body.map(line), ...(notes.length ? ["", ...notes] : [])].join("\n");
  }
}
