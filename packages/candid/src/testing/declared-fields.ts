import { type OpenApiDocument, resolveRef } from "./description.js";

/**
 * The property names an object schema declares, through `$ref`, `allOf` and every branch of `anyOf` /
 * `oneOf`; `null` when it takes any name (a map, an untyped value). The mock copies a request's fields
 * into its answer only where the answer's schema declares them: a field Candid's answer lacks (a
 * charge capture's `data`, a task's `work_queue_id`) is not echoed back.
 *
 * @example
 * ```ts
 * declaredFields(document, { $ref: "#/components/schemas/tasks.v3.Task" }); // Set { "task_id", … }
 * ```
 */
export function declaredFields(document: OpenApiDocument, schema: unknown): Set<string> | null {
  const names = new Set<string>();
  const seen = new Set<object>();
  const walk = (node: unknown): boolean => {
    const resolved = resolveRef(document, node);
    if (!resolved || typeof resolved !== "object" || seen.has(resolved)) return true;
    seen.add(resolved);
    const types = Array.isArray(resolved.type) ? resolved.type : [resolved.type];
    if (types.length === 1 && types[0] === "null") return true;
    const branches = ["allOf", "anyOf", "oneOf"].flatMap(
      (key) => (resolved[key] as unknown[] | undefined) ?? [],
    );
    const open = resolved.additionalProperties !== undefined && resolved.additionalProperties !== false;
    if (open || (!resolved.properties && branches.length === 0)) return false;
    for (const name of Object.keys((resolved.properties as object | undefined) ?? {})) names.add(name);
    return branches.every(walk);
  };
  return walk(schema) ? names : null;
}

/** The schema of `field` in an object schema (its first declaration through refs and branches). */
export function fieldSchema(document: OpenApiDocument, schema: unknown, field: string): unknown {
  const seen = new Set<object>();
  const find = (node: unknown): unknown => {
    const resolved = resolveRef(document, node);
    if (!resolved || typeof resolved !== "object" || seen.has(resolved)) return undefined;
    seen.add(resolved);
    const properties = resolved.properties as Record<string, unknown> | undefined;
    if (properties && field in properties) return properties[field];
    for (const key of ["allOf", "anyOf", "oneOf"]) {
      for (const branch of (resolved[key] as unknown[] | undefined) ?? []) {
        const found = find(branch);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  return find(schema);
}
