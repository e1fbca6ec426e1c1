// @ts-check
import { eachSchemaNode, resolveComponent } from "./schema-walk.mjs";

/**
 * Fern writes a type that adds nothing to its base as `object({}).extend(Base)`, and a union member with
 * no properties of its own as a reference to `object({})`. As `allOf` members such empty objects say
 * nothing on the wire, but openapi-typescript renders every property-less object as
 * `Record<string, never>`, so `Base & Record<string, never>` (or `{ type: "cash" } & Record<string, never>`)
 * would reject every property, the discriminant included. This drops them from each `allOf`; a standalone
 * empty object (a body that is `{}`) stays as it is.
 *
 * @typedef {Record<string, any>} JsonSchema
 * @param {{ paths: JsonSchema, components: { schemas: Record<string, JsonSchema> } }} doc changed in place
 */
export function dropEmptyAllOfMembers(doc) {
  eachSchemaNode(doc, (schema) => {
    if (!Array.isArray(schema.allOf)) return;
    const kept = schema.allOf.filter(
      (/** @type {JsonSchema} */ member) => !isEmptyObject(resolveComponent(doc, member) ?? member),
    );
    // All members empty: keep one, so the schema still says "an object".
    schema.allOf = kept.length > 0 ? kept : schema.allOf.slice(0, 1);
  });
}

/**
 * An object schema that declares nothing: no properties, no required ones, no additional ones, no
 * composition. A description alone does not count.
 *
 * @param {JsonSchema} schema
 */
function isEmptyObject(schema) {
  const declared = Object.keys(schema).filter((key) => key !== "description");
  return (
    schema.type === "object" &&
    declared.every((key) => key === "type" || key === "properties") &&
    Object.keys(schema.properties ?? {}).length === 0
  );
}
