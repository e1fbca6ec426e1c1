// Renders rows of cells as an aligned plain-text table, wrapping long cells at word boundaries
// (no dependency for twenty lines of output).

const MAX_CELL = 88;

function wrap(text, width) {
  const lines = [];
  let line = "";
  for (const word of String(text).split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  return lines;
}

/** @param {string[]} header @param {string[][]} rows */
export function renderTable(header, rows) {
  const wrapped = rows.map((row) => row.map((cell) => wrap(cell ?? "", MAX_CELL)));
  const widths = header.map((cell, i) =>
    Math.max(cell.length, ...wrapped.flatMap((row) => row[i].map((line) => line.length))),
  );
  const line = (cells) =>
    cells
      .map((cell, i) => String(cell ?? "").padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  const out = [line(header), widths.map((w) => "-".repeat(w)).join("  ")];
  for (const row of wrapped) {
    const height = Math.max(...row.map((cell) => cell.length));
    for (let i = 0; i < height; i++) out.push(line(row.map((cell) => cell[i] ?? "")));
  }
  return out.join("\n");
}
