// @ts-check
import { createHash } from "node:crypto";

/** @param {string | Uint8Array} data */
export function sha256(data) {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * JSON with object keys sorted at every level, so equal documents hash equally whatever the key order.
 *
 * @param {unknown} value
 * @returns {string}
 */
export function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.keys(value)
      .sort()
      .filter((key) => /** @type {Record<string, unknown>} */ (value)[key] !== undefined)
      .map(
        (key) =>
          `${JSON.stringify(key)}:${canonicalJson(/** @type {Record<string, unknown>} */ (value)[key])}`,
      );
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** @param {string} hex */
export function short(hex) {
  return `${hex.slice(0, 12)}…`;
}
