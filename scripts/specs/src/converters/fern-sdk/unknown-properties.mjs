// @ts-check
import { eachSchemaNode, resolveComponent } from "./schema-walk.mjs";

/**
 * zurg reads a property whose schema is `unknown()` or `any()` (directly, or through a reference to such
 * a type) as optional: the SDK types it `payload?: unknown` and accepts an answer without it. The object
 * converter lists every property not wrapped in `.optional()` as required, so this takes those out of
 * `required`, where the SDK would accept the property missing.
 *
 * @typedef {Record<string, any>} JsonSchema
 * @param {{ paths: JsonSchema, components: { schemas: Record<string, JsonSchema> } }} doc changed in place
 */
export function unknownPropertiesOptional(doc) {
  /** @param {unknown} schema */
  const isAny = (schema) => {
    if (schema === null || typeof schema !== "object") return false;
    const target = resolveComponent(doc, /** @type {JsonSchema} */ (schema));
    return target !== undefined && Object.keys(target).every((key) => key === "description");
  };
  eachSchemaNode(doc, (schema) => {
    if (!Array.isArray(schema.required) || !schema.properties) return;
    const required = schema.required.filter((/** @type {string} */ name) => !isAny(schema.properties[name]));
    if (required.length > 0) schema.required = required;
    else delete schema.required;
  });
}
