// @ts-check

/**
 * Calls `visit` on every object node of the description's paths and component schemas, parents before
 * their children: the passes that correct the converted document (empty `allOf` members, untyped
 * properties) each look at one node at a time.
 *
 * @typedef {Record<string, any>} JsonSchema
 * @param {{ paths: JsonSchema, components: { schemas: Record<string, JsonSchema> } }} doc
 * @param {(node: JsonSchema) => void} visit may change the node in place
 */
export function eachSchemaNode(doc, visit) {
  /** @param {unknown} node */
  const walk = (node) => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (node === null || typeof node !== "object") return;
    visit(/** @type {JsonSchema} */ (node));
    for (const value of Object.values(node)) walk(value);
  };
  walk(doc.paths);
  walk(doc.components.schemas);
}

const COMPONENT_REF = "#/components/schemas/";

/**
 * The component schema a `{ $ref: "#/components/schemas/…" }` node points at, or the node itself when it
 * is not such a reference; `undefined` for a reference to no component.
 *
 * @param {{ components: { schemas: Record<string, JsonSchema> } }} doc
 * @param {JsonSchema} node
 * @returns {JsonSchema | undefined}
 */
export function resolveComponent(doc, node) {
  const ref = node.$ref;
  return typeof ref === "string" && ref.startsWith(COMPONENT_REF)
    ? doc.components.schemas[ref.slice(COMPONENT_REF.length)]
    : node;
}
