import { type JsonSchema, type OpenApiDocument, resolveRef } from "./description.js";

/** Fixed values per string format, so every answer is the same from run to run. */
const FORMATS: Record<string, string> = {
  date: "2026-01-15",
  "date-time": "2026-01-15T10:00:00.000Z",
  time: "10:00:00",
  uuid: "00000000-0000-4000-8000-000000000000",
  email: "billing@example.com",
  uri: "https://example.com/",
  url: "https://example.com/",
  "uri-reference": "https://example.com/",
  hostname: "example.com",
  ipv4: "192.0.2.1",
  byte: "",
  binary: "",
  duration: "P1D",
};

/**
 * A deterministic value valid against `schema`: required properties only, the first enum value, the
 * first non-null branch of a union, one item where a list needs one, strings by format. Recursion is
 * cut where it must be (an optional part is left out; a required one gets its shortest form).
 *
 * @example
 * ```ts
 * sampleOf(document, { type: "object", required: ["id"], properties: { id: { type: "string", format: "uuid" } } });
 * // { id: "00000000-0000-4000-8000-000000000000" }
 * ```
 */
export function sampleOf(document: OpenApiDocument, schema: unknown, depth = 0): unknown {
  const resolved = resolveRef(document, schema);
  if (resolved === undefined || resolved === null || typeof resolved !== "object") return null;
  if ("const" in resolved) return resolved.const;
  if (Array.isArray(resolved.enum) && resolved.enum.length > 0) return resolved.enum[0];
  if (resolved.default !== undefined) return resolved.default;
  for (const union of ["oneOf", "anyOf"] as const) {
    const branches = resolved[union] as unknown[] | undefined;
    if (Array.isArray(branches) && branches.length > 0) {
      const chosen = branches.find((branch) => resolveRef(document, branch)?.type !== "null") ?? branches[0];
      const value = sampleOf(document, chosen, depth + 1);
      return mergeSiblings(document, resolved, value, depth);
    }
  }
  if (Array.isArray(resolved.allOf)) {
    let merged = mergeSiblings(document, { ...resolved, allOf: undefined }, {}, depth);
    for (const part of resolved.allOf) {
      const value = sampleOf(document, part, depth + 1);
      merged = isRecord(merged) && isRecord(value) ? Object.assign(merged, value) : value;
    }
    return merged;
  }
  const types = Array.isArray(resolved.type) ? resolved.type : [resolved.type];
  const type = types.find((t) => t !== "null") ?? (resolved.properties ? "object" : types[0]);
  switch (type) {
    case "object":
      return objectSample(document, resolved, depth);
    case "array": {
      const min = typeof resolved.minItems === "number" ? resolved.minItems : 0;
      // Lists get one item (a more useful answer), unless nesting is already deep.
      const count = Math.max(min, depth < 6 ? 1 : 0);
      return Array.from({ length: count }, () => sampleOf(document, resolved.items, depth + 1));
    }
    case "string":
      return stringSample(resolved);
    case "integer":
    case "number":
      return typeof resolved.minimum === "number"
        ? resolved.minimum
        : typeof resolved.exclusiveMinimum === "number"
          ? resolved.exclusiveMinimum + 1
          : 1;
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return resolved.properties ? objectSample(document, resolved, depth) : {};
  }
}

function objectSample(document: OpenApiDocument, schema: JsonSchema, depth: number): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const out: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(properties)) {
    if (required.has(name) || (depth < 2 && isScalar(document, property))) {
      out[name] = sampleOf(document, property, depth + 1);
    }
  }
  for (const name of required) if (!(name in out)) out[name] = "x";
  return out;
}

/** Properties written beside a union (`{ oneOf: [...], properties: {...} }`) are kept. */
function mergeSiblings(
  document: OpenApiDocument,
  schema: JsonSchema,
  value: unknown,
  depth: number,
): unknown {
  if (!schema.properties || !isRecord(value)) return value;
  return { ...objectSample(document, schema, depth), ...value };
}

function stringSample(schema: JsonSchema): string {
  const format = typeof schema.format === "string" ? FORMATS[schema.format] : undefined;
  if (format !== undefined) return format;
  const min = typeof schema.minLength === "number" ? schema.minLength : 0;
  const max = typeof schema.maxLength === "number" ? schema.maxLength : Number.POSITIVE_INFINITY;
  const text = "sample".padEnd(min, "x");
  return text.slice(0, Math.max(min, Math.min(text.length, max)));
}

function isScalar(document: OpenApiDocument, schema: unknown): boolean {
  const resolved = resolveRef(document, schema);
  const types = Array.isArray(resolved?.type) ? resolved.type : [resolved?.type];
  return types.some((t) => t === "string" || t === "integer" || t === "number" || t === "boolean");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
