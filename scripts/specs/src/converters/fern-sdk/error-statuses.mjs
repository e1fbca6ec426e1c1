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

/**
 * The status of each error name the SDK declares. A name missing from the table is also looked up
 * ignoring case, once, because the table may come from another of the vendor's SDKs whose class names
 * normalise acronyms (Candid's Python SDK writes `DiagnosisNotFoundHttpError` for the wire name
 * `DiagnosisNotFoundHTTPError`); those matches are returned so the build can print them.
 *
 * @param {Iterable<string>} names error names as the SDK sends them
 * @param {Map<string, string>} table
 * @returns {{ statuses: Map<string, string>, ignoringCase: { name: string, tableName: string, status: string }[] }}
 */
export function resolveErrorStatuses(names, table) {
  /** @type {Map<string, string[]>} */
  const byLowerCase = new Map();
  for (const tableName of table.keys()) {
    const key = tableName.toLowerCase();
    byLowerCase.set(key, [...(byLowerCase.get(key) ?? []), tableName]);
  }
  /** @type {Map<string, string>} */
  const statuses = new Map();
  const ignoringCase = [];
  for (const name of [...new Set(names)].sort()) {
    const exact = table.get(name);
    if (exact) {
      statuses.set(name, exact);
      continue;
    }
    const candidates = byLowerCase.get(name.toLowerCase()) ?? [];
    const [tableName] = candidates;
    const status = tableName ? table.get(tableName) : undefined;
    if (candidates.length === 1 && tableName && status) {
      statuses.set(name, status);
      ignoringCase.push({ name, tableName, status });
    }
  }
  return { statuses, ignoringCase };
}
