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
    // One footnote per distinct reason: a stage that failed for every package is explained once.
    const footnote = (text) => {
      const short = shorten(text || "no detail");
      const index = notes.indexOf(short);
      if (index !== -1) return index + 1;
      notes.push(short);
      return notes.length;
    };
    const header = ["", ...this.columns];
    const body = [...this.rows].map(([row, cells]) => [
      row,
      ...this.columns.map((column) => {
        const cell = cells.get(column);
        if (!cell) return "–";
        if (cell.status === "pass") return "pass";
        return `${label[cell.status]} [${footnote(cell.note)}]`;
      }),
    ]);
    const widths = header.map((_, i) => Math.max(...[header, ...body].map((line) => line[i].length)));
    const line = (cells) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(" | ")} |`;
    const rule = `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`;
    const footnotes = notes.map((note, i) => `[${i + 1}] ${note}`);
    return [line(header), rule, ...body.map(line), ...(notes.length ? ["", ...footnotes] : [])].join("\n");
  }
}

/** At most 12 lines and 1,500 characters of a reason: enough to act on, short enough to scan. */
function shorten(text) {
  const lines = text.trim().split("\n");
  const kept = lines.slice(0, 12).join("\n");
  const cut = kept.length > 1500 ? `${kept.slice(0, 1500)}…` : kept;
  return lines.length > 12 ? `${cut}\n    … (${lines.length - 12} more lines)` : cut;
}
