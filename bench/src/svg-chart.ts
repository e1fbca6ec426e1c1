/** One bar: a median with its interquartile range, drawn as a bar with a whisker. */
export interface Bar {
  label: string;
  median: number;
  q1: number;
  q3: number;
  /** Marks the baseline bar (grey). */
  baseline?: boolean;
  /** Marks the bar the chart is about (drawn in the accent colour). */
  highlight?: boolean;
}

/** A group of bars with a heading (one measurement mode). */
export interface BarGroup {
  title: string;
  bars: Bar[];
}

const escapeXml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * A horizontal bar chart as standalone SVG text: one panel per group, bars of the median ratio, IQR
 * whiskers, a dashed line at `reference` (1.0 = the baseline) and another at `target` when given. No
 * chart library: plain elements so the file diffs and renders anywhere (GitHub, browsers, editors).
 */
export function barChartSvg(options: {
  title: string;
  subtitle: string;
  groups: BarGroup[];
  reference?: number;
  target?: { value: number; label: string };
  unit: string;
}): string {
  const width = 820;
  const labelWidth = 300;
  const plotWidth = width - labelWidth - 90;
  const barHeight = 22;
  const gap = 8;
  const groupHeader = 28;
  const top = 64;
  const max =
    Math.max(
      ...options.groups.flatMap((g) => g.bars.map((b) => Math.max(b.q3, b.median))),
      options.target?.value ?? 0,
    ) * 1.1;
  const x = (value: number) => labelWidth + (value / max) * plotWidth;
  const parts: string[] = [];
  let y = top;
  for (const group of options.groups) {
    parts.push(
      `<text x="12" y="${y + 16}" font-weight="bold" font-size="14">${escapeXml(group.title)}</text>`,
    );
    y += groupHeader;
    const groupTop = y;
    for (const bar of group.bars) {
      const fill = bar.baseline ? "#9aa5b1" : bar.highlight ? "#1f7a5a" : "#3b6ea8";
      parts.push(
        `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end" font-size="12">${escapeXml(bar.label)}</text>`,
        `<rect x="${labelWidth}" y="${y}" width="${(x(bar.median) - labelWidth).toFixed(1)}" height="${barHeight}" fill="${fill}"/>`,
        `<line x1="${x(bar.q1).toFixed(1)}" x2="${x(bar.q3).toFixed(1)}" y1="${y + barHeight / 2}" y2="${y + barHeight / 2}" stroke="#1f2933" stroke-width="1.5"/>`,
        `<line x1="${x(bar.q1).toFixed(1)}" x2="${x(bar.q1).toFixed(1)}" y1="${y + 5}" y2="${y + barHeight - 5}" stroke="#1f2933" stroke-width="1.5"/>`,
        `<line x1="${x(bar.q3).toFixed(1)}" x2="${x(bar.q3).toFixed(1)}" y1="${y + 5}" y2="${y + barHeight - 5}" stroke="#1f2933" stroke-width="1.5"/>`,
        `<text x="${(Math.max(x(bar.q3), x(bar.median)) + 6).toFixed(1)}" y="${y + 15}" font-size="12">${bar.median.toFixed(2)}${escapeXml(options.unit)}</text>`,
      );
      y += barHeight + gap;
    }
    const lines: Array<{ value: number; color: string; label: string }> = [];
    if (options.reference !== undefined)
      lines.push({ value: options.reference, color: "#52606d", label: "baseline" });
    if (options.target)
      lines.push({ value: options.target.value, color: "#c0392b", label: options.target.label });
    for (const line of lines) {
      parts.push(
        `<line x1="${x(line.value).toFixed(1)}" x2="${x(line.value).toFixed(1)}" y1="${groupTop - 4}" y2="${y - gap + 4}" stroke="${line.color}" stroke-dasharray="4 3"/>`,
      );
    }
    y += 10;
  }
  const legendY = y + 8;
  const legend = [
    `<text x="12" y="${legendY}" font-size="11" fill="#52606d">Bars: median of per-round ratios; whiskers: interquartile range. Grey dashed: baseline (1.0)${options.target ? `; red dashed: ${escapeXml(options.target.label)}` : ""}.</text>`,
  ];
  const height = legendY + 16;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" fill="#1f2933" role="img">`,
    `<title>${escapeXml(options.title)}</title>`,
    `<desc>${escapeXml(options.subtitle)}</desc>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="12" y="26" font-size="17" font-weight="bold">${escapeXml(options.title)}</text>`,
    `<text x="12" y="46" font-size="12" fill="#52606d">${escapeXml(options.subtitle)}</text>`,
    ...parts,
    ...legend,
    "</svg>",
    "",
  ].join("\n");
}
