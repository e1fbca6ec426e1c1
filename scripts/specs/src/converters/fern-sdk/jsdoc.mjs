// @ts-check
import ts from "typescript";

/**
 * @typedef {object} MethodDocs
 * @property {string} description the prose of the JSDoc, tags removed
 * @property {boolean} deprecated `@deprecated`
 * @property {boolean} beta `@beta` (Fern's "in development" availability)
 */

/** Tags after which the comment holds no more prose (parameters, examples). */
const END_OF_PROSE = /^@(param|example|returns|throws)\b/;

/**
 * Reads the JSDoc block written just before a node (a client method).
 *
 * @param {ts.Node} node
 * @returns {MethodDocs}
 */
export function methodDocs(node) {
  const source = node.getSourceFile().text;
  const ranges = ts.getLeadingCommentRanges(source, node.getFullStart()) ?? [];
  const block = ranges.filter((range) => source.startsWith("/**", range.pos)).at(-1);
  if (!block) return { description: "", deprecated: false, beta: false };
  const lines = source
    .slice(block.pos + 3, block.end - 2)
    .split("\n")
    .map((line) => line.replace(/^\s*\* ?/, "").trimEnd());
  let deprecated = false;
  let beta = false;
  /** @type {string[]} */
  const prose = [];
  for (const line of lines) {
    const trimmed = line.trim();
    if (END_OF_PROSE.test(trimmed)) break;
    if (trimmed.startsWith("@deprecated")) {
      deprecated = true;
      const rest = trimmed.slice("@deprecated".length).trim();
      if (rest) prose.push(rest);
      continue;
    }
    if (trimmed.startsWith("@beta")) {
      beta = true;
      const rest = trimmed.slice("@beta".length).trim();
      if (rest) prose.push(rest);
      continue;
    }
    prose.push(line);
  }
  return { description: prose.join("\n").trim(), deprecated, beta };
}
