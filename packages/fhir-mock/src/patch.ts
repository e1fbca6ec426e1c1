/** One operation of a JSON Patch document (RFC 6902). */
export interface JsonPatchOperation {
  /** `add`, `remove`, `replace`, `move`, `copy` or `test`. */
  op: string;
  /** A JSON Pointer (RFC 6901) to the target location. */
  path: string;
  /** The value of `add`, `replace` and `test`. */
  value?: unknown;
  /** The source pointer of `move` and `copy`. */
  from?: string;
}

/** Why a patch could not be applied: an invalid document, or a `test` that failed. */
export interface PatchFailure {
  /** `invalid`: the document is malformed or a path does not exist; `test`: a `test` operation failed. */
  reason: "invalid" | "test";
  /** What went wrong, naming the operation and its path. */
  message: string;
}

/** The outcome of {@link applyJsonPatch}: the patched copy, or why the patch failed. */
export type PatchResult<T> =
  | {
      /** `true`: every operation applied. */
      ok: true;
      /** The patched copy (the input is left untouched). */
      value: T;
    }
  | ({
      /** `false`: no operation applied. */
      ok: false;
    } & PatchFailure);

type Container = Record<string, unknown> | unknown[];

function tokens(pointer: string): string[] | undefined {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) return undefined;
  return pointer
    .slice(1)
    .split("/")
    .map((t) => t.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/** The parent container and last token of `pointer` inside `doc`, or undefined when the parent is missing. */
function locate(doc: unknown, pointer: string): { parent: Container; key: string } | undefined {
  const path = tokens(pointer);
  if (!path || path.length === 0) return undefined;
  let node: unknown = doc;
  for (const token of path.slice(0, -1)) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  if (node === null || typeof node !== "object") return undefined;
  return { parent: node as Container, key: path.at(-1)! };
}

function get(doc: unknown, pointer: string): { found: boolean; value?: unknown } {
  const path = tokens(pointer);
  if (!path) return { found: false };
  let node: unknown = doc;
  for (const token of path) {
    if (node === null || typeof node !== "object" || !(token in (node as object))) return { found: false };
    node = (node as Record<string, unknown>)[token];
  }
  return { found: true, value: node };
}

function arrayIndex(array: unknown[], key: string, adding: boolean): number | undefined {
  if (adding && key === "-") return array.length;
  if (!/^(0|[1-9]\d*)$/.test(key)) return undefined;
  const index = Number(key);
  return index <= (adding ? array.length : array.length - 1) ? index : undefined;
}

function add(doc: unknown, pointer: string, value: unknown): boolean {
  const at = locate(doc, pointer);
  if (!at) return false;
  if (Array.isArray(at.parent)) {
    const index = arrayIndex(at.parent, at.key, true);
    if (index === undefined) return false;
    at.parent.splice(index, 0, value);
  } else at.parent[at.key] = value;
  return true;
}

function remove(doc: unknown, pointer: string): boolean {
  const at = locate(doc, pointer);
  if (!at) return false;
  if (Array.isArray(at.parent)) {
    const index = arrayIndex(at.parent, at.key, false);
    if (index === undefined) return false;
    at.parent.splice(index, 1);
  } else {
    if (!(at.key in at.parent)) return false;
    delete at.parent[at.key];
  }
  return true;
}

const deepEqual = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Applies a JSON Patch (RFC 6902) to a copy of `document`: every operation, in order, or none.
 *
 * @example
 * ```ts
 * applyJsonPatch({ a: 1 }, [{ op: "replace", path: "/a", value: 2 }]); // { ok: true, value: { a: 2 } }
 * ```
 */
export function applyJsonPatch<T>(document: T, patch: unknown): PatchResult<T> {
  if (!Array.isArray(patch))
    return { ok: false, reason: "invalid", message: "A JSON Patch is an array of operations." };
  const doc = structuredClone(document);
  for (const [index, raw] of patch.entries()) {
    const step = raw as JsonPatchOperation;
    const where = `operation ${index} (${String(step?.op)} ${String(step?.path)})`;
    const invalid = (why: string) => ({
      ok: false as const,
      reason: "invalid" as const,
      message: `${where}: ${why}`,
    });
    if (typeof step !== "object" || step === null || typeof step.path !== "string")
      return invalid("an operation needs op and path");
    switch (step.op) {
      case "add":
        if (!("value" in step)) return invalid("add needs a value");
        if (!add(doc, step.path, structuredClone(step.value))) return invalid("the path does not exist");
        break;
      case "remove":
        if (!remove(doc, step.path)) return invalid("the path does not exist");
        break;
      case "replace":
        if (!("value" in step)) return invalid("replace needs a value");
        if (!remove(doc, step.path) || !add(doc, step.path, structuredClone(step.value)))
          return invalid("the path does not exist");
        break;
      case "move":
      case "copy": {
        const source = typeof step.from === "string" ? get(doc, step.from) : { found: false };
        if (!source.found) return invalid("from does not exist");
        if (step.op === "move" && !remove(doc, step.from!)) return invalid("from does not exist");
        if (!add(doc, step.path, structuredClone(source.value))) return invalid("the path does not exist");
        break;
      }
      case "test": {
        const current = get(doc, step.path);
        if (!current.found || !deepEqual(current.value, step.value))
          return { ok: false, reason: "test", message: `${where}: the value differs` };
        break;
      }
      default:
        return invalid("op must be add, remove, replace, move, copy or test");
    }
  }
  return { ok: true, value: doc };
}
