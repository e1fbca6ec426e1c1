// @ts-check
import { canonicalJson, sha256 } from "./hash.mjs";
import { HTTP_METHODS } from "./validate.mjs";

/**
 * One short hash per operation ("GET /path" → 16 hex digits) over everything that shapes its client
 * call: the operation, its path-level parameters and every component it reaches through local $refs.
 * A schema edited upstream therefore shows as a change of each operation that uses it. This is derived
 * data small enough to commit beside the pin, so drift can be reported without keeping the spec.
 *
 * @param {Record<string, any>} doc
 * @returns {Record<string, string>} sorted by key
 */
export function operationFingerprints(doc) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = item?.[method];
      if (!operation) continue;
      const subject = { pathParameters: item.parameters, operation };
      const refs = reachableRefs(doc, subject);
      out[`${method.toUpperCase()} ${path}`] = sha256(canonicalJson({ subject, refs })).slice(0, 16);
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * @param {Record<string, any>} doc
 * @param {unknown} start
 * @returns {Record<string, unknown>} "#/components/…" → the referenced value, for every ref reached
 */
function reachableRefs(doc, start) {
  /** @type {Record<string, unknown>} */
  const seen = {};
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.pop();
    if (Array.isArray(node)) {
      queue.push(...node);
    } else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key === "$ref" && typeof value === "string" && value.startsWith("#/") && !(value in seen)) {
          const target = resolvePointer(doc, value);
          seen[value] = target;
          queue.push(target);
        } else {
          queue.push(value);
        }
      }
    }
  }
  return seen;
}

/**
 * @param {Record<string, any>} doc
 * @param {string} ref "#/a/b~1c"
 */
function resolvePointer(doc, ref) {
  /** @type {any} */
  let node = doc;
  for (const raw of ref.slice(2).split("/")) {
    const key = decodeURIComponent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
    node = node?.[key];
  }
  return node ?? null;
}

/**
 * @typedef {object} Drift
 * @property {string[]} added operations upstream has and the lock lacks
 * @property {string[]} removed operations the lock has and upstream lacks
 * @property {string[]} changed operations whose fingerprint differs
 */

/**
 * @param {Record<string, string>} locked
 * @param {Record<string, string>} current
 * @returns {Drift}
 */
export function diffFingerprints(locked, current) {
  const added = Object.keys(current).filter((key) => !(key in locked));
  const removed = Object.keys(locked).filter((key) => !(key in current));
  const changed = Object.keys(current).filter((key) => key in locked && locked[key] !== current[key]);
  return { added, removed, changed };
}
