// @ts-check

/**
 * Reads a table of Fern error name → HTTP status: one `Name<TAB>status` per line; blank lines and
 * lines starting with `#` are skipped.
 *
 * @param {string} text
 * @returns {Map<string, string>}
 */
export function parseErrorStatuses(text) {
  /** @type {Map<string, string>} */
  const statuses = new Map();
  for (const [index, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const [name, status, ...rest] = line.split("\t");
    if (!name || !/^[1-5][0-9][0-9]$/.test(status ?? "") || rest.length > 0) {
      throw new Error(
        `error status table, line ${index + 1}: expected "ErrorName<TAB>status", got ${JSON.stringify(raw)}`,
      );
    }
    statuses.set(name, /** @type {string} */ (status));
  }
  return statuses;
}
