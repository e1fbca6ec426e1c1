import { type JsonSchema, type OpenApiDocument, resolveRef } from "./description.js";

/** One error an operation declares: its HTTP status and the schema of its `content`. */
export interface DeclaredError {
  /** The HTTP status it is answered with. */
  status: number;
  /** The schema of the body's `content`. */
  content: unknown;
}

/**
 * The errors an operation declares, by `errorName`: its error responses' bodies are
 * `{errorName: const, content}`, one schema per error (a `oneOf` when a status has several).
 */
export function declaredErrors(
  document: OpenApiDocument,
  operation: Record<string, unknown>,
): Map<string, DeclaredError> {
  const out = new Map<string, DeclaredError>();
  const responses = (operation.responses ?? {}) as Record<string, unknown>;
  for (const [code, declared] of Object.entries(responses)) {
    const status = Number(code);
    if (!(status >= 400)) continue;
    const response = resolveRef(document, declared) as { content?: Record<string, { schema?: unknown }> };
    const schema = resolveRef(document, response?.content?.["application/json"]?.schema);
    if (!schema) continue;
    const branches = [...((schema.oneOf ?? schema.anyOf ?? [schema]) as unknown[])];
    for (const branch of branches) {
      const resolved = resolveRef(document, branch);
      const properties = (resolved?.properties ?? {}) as Record<string, JsonSchema>;
      const name = resolveRef(document, properties.errorName);
      const value = name?.const ?? (Array.isArray(name?.enum) ? name.enum[0] : undefined);
      if (typeof value === "string") out.set(value, { status, content: properties.content });
    }
  }
  return out;
}
