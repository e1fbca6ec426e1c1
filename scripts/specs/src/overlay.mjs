// @ts-check
import { openapiOverlay, resolveJsonPath } from "openapi-format";
import YAML from "yaml";
import { SpecPipelineError } from "./errors.mjs";
import { sha256 } from "./hash.mjs";

/**
 * @typedef {object} OverlayAction
 * @property {string} target JSONPath (RFC 9535, filters allowed)
 * @property {string} [description]
 * @property {unknown} [update]
 * @property {boolean} [remove]
 */

/**
 * @typedef {object} OverlayResult
 * @property {Record<string, any>} doc the description with every action applied
 * @property {string} sha256 hex SHA-256 of the overlay file
 * @property {number} actions how many actions were applied
 */

/**
 * Applies an OpenAPI Overlay 1.0.x document, action by action, with openapi-format's implementation
 * (JSONPath via jsonpathly, so `[?(@.name == 'ProjectId')]` filters work). Every action must change
 * something: an action that targets nothing means upstream moved under us, and silently skipping it
 * would ship an unfixed client.
 *
 * @param {string} vendor
 * @param {Record<string, any>} doc the vendor's description; not modified
 * @param {string} overlayText the overlay file's text (YAML or JSON)
 * @param {string} overlayName for messages, e.g. "specs/xcures/overlay.yaml"
 * @returns {Promise<OverlayResult>}
 * @throws {SpecPipelineError} OVERLAY_INVALID, OVERLAY_TARGETS_NOTHING
 */
export async function applyOverlay(vendor, doc, overlayText, overlayName) {
  const overlay = parseOverlay(vendor, overlayText, overlayName);
  let current = structuredClone(doc);
  /** @type {string[]} */
  const unused = [];
  /** @type {string[]} */
  const messages = [];
  // One action at a time, so each is judged on the document the previous ones left.
  for (const [i, action] of overlay.actions.entries()) {
    const label = `action #${i + 1}${action.description ? ` (${firstLine(action.description)})` : ""}`;
    const result = await withCapturedConsoleErrors(() =>
      openapiOverlay(current, { overlaySet: { ...overlay, actions: [action] } }),
    );
    current = /** @type {Record<string, any>} */ (result.value.data);
    messages.push(...result.messages.map((message) => `${label}: ${message}`));
    if (/** @type {unknown[]} */ (result.value.resultData.unusedActions).length > 0) {
      unused.push(`  ${label}: target ${action.target}`);
      continue;
    }
    // openapi-format splices matched array elements by their original index, so a filter matching two
    // elements of one array would remove a wrong one. A filtered remove must leave no match behind.
    if (action.remove === true && action.target.includes("[?")) {
      const left = resolveJsonPath(current, action.target).length;
      if (left > 0) {
        throw new SpecPipelineError(
          vendor,
          "OVERLAY_INVALID",
          `${overlayName}: ${label} left ${left} match(es) of ${action.target}; split it so each array loses one element`,
        );
      }
    }
  }
  if (unused.length > 0) {
    const notes = messages.length > 0 ? `\n  library said: ${messages.join("; ")}` : "";
    throw new SpecPipelineError(
      vendor,
      "OVERLAY_TARGETS_NOTHING",
      `${overlayName}: ${unused.length} action(s) matched nothing in the description` +
        ` (upstream changed, or the target is wrong):\n${unused.join("\n")}${notes}`,
    );
  }
  return { doc: current, sha256: sha256(overlayText), actions: overlay.actions.length };
}

/**
 * @param {string} vendor
 * @param {string} text
 * @param {string} name
 * @returns {{ overlay: string, info: { title: string, version: string }, actions: OverlayAction[] }}
 */
export function parseOverlay(vendor, text, name) {
  let overlay;
  try {
    overlay = YAML.parse(text);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message.split("\n")[0] : String(cause);
    throw new SpecPipelineError(vendor, "OVERLAY_INVALID", `${name} is not YAML (${reason})`, { cause });
  }
  /** @param {string} fault */
  const fail = (fault) => {
    throw new SpecPipelineError(vendor, "OVERLAY_INVALID", `${name}: ${fault}`);
  };
  if (!overlay || typeof overlay !== "object") fail("not an Overlay document");
  if (!/^1\.0\.\d+$/.test(String(overlay.overlay)))
    fail(`overlay must be "1.0.0", not ${JSON.stringify(overlay.overlay)}`);
  if (typeof overlay.info?.title !== "string" || typeof overlay.info?.version !== "string") {
    fail("info.title and info.version are required");
  }
  if (!Array.isArray(overlay.actions) || overlay.actions.length === 0)
    fail("actions must be a non-empty list");
  overlay.actions.forEach((/** @type {any} */ action, /** @type {number} */ i) => {
    if (typeof action?.target !== "string" || !action.target.startsWith("$")) {
      fail(`action #${i + 1}: target must be a JSONPath starting with "$"`);
    }
    const hasUpdate = Object.hasOwn(action, "update");
    if (!hasUpdate && action.remove !== true) fail(`action #${i + 1}: needs update or remove: true`);
    if (hasUpdate && action.remove === true)
      fail(`action #${i + 1}: update and remove together are ambiguous`);
  });
  return overlay;
}

/**
 * openapi-format reports bad actions and JSONPath errors with console.error and carries on; collect
 * those lines so they end up in our error instead of scattered over the build log.
 *
 * @template T
 * @param {() => Promise<T>} run
 * @returns {Promise<{ value: T, messages: string[] }>}
 */
async function withCapturedConsoleErrors(run) {
  /** @type {string[]} */
  const messages = [];
  const original = console.error;
  console.error = (...args) => {
    messages.push(args.map(String).join(" "));
  };
  try {
    return { value: await run(), messages };
  } finally {
    console.error = original;
  }
}

/** @param {string} text */
function firstLine(text) {
  return text.trim().split("\n")[0] ?? "";
}
