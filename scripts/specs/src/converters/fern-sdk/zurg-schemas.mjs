// @ts-check
import ts from "typescript";
import { ConversionError } from "../conversion-error.mjs";
import { typeDocs } from "./api-docs.mjs";

/**
 * Fern's "zurg" serialization builders read as JSON Schema, with the wire names they declare
 * (`core.serialization.property("wire_name", …)`), never the SDK's camelCase names.
 *
 * @typedef {Record<string, any>} JsonSchema
 * @typedef {{ schema: JsonSchema, optional: boolean }} Converted a schema and whether its property may be absent
 */

/** Folder names that only organise Fern's output and carry no meaning in a schema's name. */
const LAYOUT_SEGMENTS = new Set(["resources", "types", "client", "requests"]);

/** Schema methods that change how a value is parsed in the SDK but not what is on the wire. */
const WIRE_NEUTRAL_METHODS = new Set(["transform", "withParsedProperties", "passthrough"]);

/** `core.serialization.<primitive>()` → JSON Schema. */
const PRIMITIVES = /** @type {Record<string, JsonSchema>} */ ({
  string: { type: "string" },
  number: { type: "number" },
  boolean: { type: "boolean" },
  date: { type: "string", format: "date-time" },
  any: {},
  unknown: {},
});

/** JSON Schema for an explicit "no value" member. */
const NULL_SCHEMA = { type: "null" };

/**
 * Converts the SDK's serializers to component schemas on demand: each `$ref` handed out queues its
 * serializer, and {@link ZurgSchemas.components} converts everything reached.
 */
export class ZurgSchemas {
  /** @param {import("./commonjs-modules.mjs").ModuleGraph} graph */
  constructor(graph) {
    this.graph = graph;
    /** @type {import("./api-docs.mjs").TypeDocs | undefined} documentation of the type being converted */
    this.docs = undefined;
    /** @type {Map<string, { file: string, name: string, node: ts.Expression }>} component name → definition */
    this.wanted = new Map();
    /** @type {Map<string, string>} "file#name" → component name */
    this.names = new Map();
    /** @type {Map<string, JsonSchema>} */
    this.done = new Map();
  }

  /**
   * A `$ref` to the component for an exported serializer, converted later by {@link components}.
   *
   * @param {{ file: string, name: string, node: ts.Expression }} definition
   * @returns {JsonSchema}
   */
  refTo(definition) {
    const key = `${definition.file}#${definition.name}`;
    let name = this.names.get(key);
    if (!name) {
      name = componentName(definition.file, definition.name);
      const taken = this.wanted.get(name);
      if (taken) {
        throw new ConversionError(
          definition.file,
          definition.name,
          `two serializers would share the component name ${name} (the other is in ${taken.file})`,
        );
      }
      this.names.set(key, name);
      this.wanted.set(name, definition);
    }
    return { $ref: `#/components/schemas/${name}` };
  }

  /**
   * Converts every component reached so far (and those they reach), sorted by name.
   *
   * @returns {Record<string, JsonSchema>}
   */
  components() {
    let pending = [...this.wanted.keys()].filter((name) => !this.done.has(name));
    while (pending.length > 0) {
      for (const name of pending) {
        const definition = /** @type {{ file: string, name: string, node: ts.Expression }} */ (
          this.wanted.get(name)
        );
        this.docs = typeDocs(this.graph.files, definition.file, definition.name);
        const converted = this.convert(definition.node, definition.file);
        const description = this.docs.description;
        this.docs = undefined;
        this.done.set(name, description ? { description, ...converted.schema } : converted.schema);
      }
      pending = [...this.wanted.keys()].filter((name) => !this.done.has(name));
    }
    return Object.fromEntries([...this.done.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /**
   * Reads one zurg builder expression.
   *
   * @param {ts.Expression} node
   * @param {string} file the module the expression is written in (for its require bindings)
   * @returns {Converted}
   */
  convert(node, file) {
    while (ts.isParenthesizedExpression(node)) node = node.expression;
    if (ts.isPropertyAccessExpression(node) && /^[\w$]+(\.[\w$]+)+$/.test(node.getText())) {
      return { schema: this.reference(node, file), optional: false };
    }
    if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) {
      throw new ConversionError(file, node.getText(), "not a zurg schema builder");
    }
    const callee = node.expression;
    const method = callee.name.text;
    if (this.isCoreSerialization(callee.expression, file)) return this.builder(method, node, file);

    // A method on a schema: .optional(), .nullable(), .extend(…), .transform(…), …
    const inner = this.convert(callee.expression, file);
    if (method === "optional") return { schema: inner.schema, optional: true };
    if (method === "nullable") return { schema: nullable(inner.schema), optional: inner.optional };
    if (method === "optionalNullable") return { schema: nullable(inner.schema), optional: true };
    if (WIRE_NEUTRAL_METHODS.has(method)) return inner;
    if (method === "extend") {
      const base = this.convert(oneArgument(node, file), file).schema;
      const own = inner.schema.allOf ? inner.schema.allOf : [inner.schema];
      return { schema: { allOf: [base, ...own] }, optional: inner.optional };
    }
    throw new ConversionError(file, node.getText(), `unknown schema method .${method}()`);
  }

  /**
   * @param {string} builder name after `core.serialization.`
   * @param {ts.CallExpression} node
   * @param {string} file
   * @returns {Converted}
   */
  builder(builder, node, file) {
    const args = node.arguments;
    /** @param {JsonSchema} schema */
    const done = (schema) => ({ schema, optional: false });
    if (builder in PRIMITIVES && args.length === 0) return done({ ...PRIMITIVES[builder] });
    switch (builder) {
      case "list":
        return done({ type: "array", items: this.convert(oneArgument(node, file), file).schema });
      case "set":
        return done({
          type: "array",
          uniqueItems: true,
          items: this.convert(oneArgument(node, file), file).schema,
        });
      case "record":
      case "partialRecord":
        return done(this.record(node, file));
      case "enum_":
        return done({ type: "string", enum: stringArray(oneArgument(node, file), file) });
      case "stringLiteral":
        return done({ type: "string", const: stringValue(oneArgument(node, file), file) });
      case "booleanLiteral": {
        const value = oneArgument(node, file);
        if (value.kind !== ts.SyntaxKind.TrueKeyword && value.kind !== ts.SyntaxKind.FalseKeyword) {
          throw new ConversionError(file, node.getText(), "booleanLiteral without a boolean");
        }
        return done({ type: "boolean", const: value.kind === ts.SyntaxKind.TrueKeyword });
      }
      case "object":
      case "objectWithoutOptionalProperties":
        return done(this.object(oneArgument(node, file), file));
      case "union":
        return done(this.union(node, file));
      case "undiscriminatedUnion": {
        const members = oneArgument(node, file);
        if (!ts.isArrayLiteralExpression(members)) {
          throw new ConversionError(file, node.getText(), "undiscriminatedUnion without a member list");
        }
        return done({ anyOf: members.elements.map((member) => this.convert(member, file).schema) });
      }
      case "lazy":
      case "lazyObject": {
        const getter = oneArgument(node, file);
        if (!ts.isArrowFunction(getter) || ts.isBlock(getter.body)) {
          throw new ConversionError(file, node.getText(), `${builder} without an arrow function`);
        }
        return this.convert(getter.body, file);
      }
      default:
        throw new ConversionError(file, node.getText(), `unknown zurg builder core.serialization.${builder}`);
    }
  }

  /**
   * @param {ts.Expression} literal the object literal given to `core.serialization.object`
   * @param {string} file
   * @returns {JsonSchema}
   */
  object(literal, file) {
    if (!ts.isObjectLiteralExpression(literal)) {
      throw new ConversionError(file, literal.getText(), "object() without an object literal");
    }
    /** @type {Record<string, JsonSchema>} */
    const properties = {};
    /** @type {string[]} */
    const required = [];
    for (const member of literal.properties) {
      if (!ts.isPropertyAssignment(member)) {
        throw new ConversionError(file, member.getText(), "object member that is not `key: schema`");
      }
      let wireName = propertyKey(member.name, file);
      let value = member.initializer;
      if (
        ts.isCallExpression(value) &&
        ts.isPropertyAccessExpression(value.expression) &&
        value.expression.name.text === "property" &&
        this.isCoreSerialization(value.expression.expression, file)
      ) {
        const [wireNode, schemaNode] = twoArguments(value, file);
        wireName = stringValue(wireNode, file);
        value = schemaNode;
      }
      const converted = this.convert(value, file);
      const description = this.docs?.properties.get(propertyKey(member.name, file));
      // zurg's optional() reads an absent value or null, and writes null for a value set to undefined:
      // on the wire an optional property may be missing or null.
      const schema = converted.optional ? nullable(converted.schema) : converted.schema;
      properties[wireName] = description ? { description, ...schema } : schema;
      if (!converted.optional) required.push(wireName);
    }
    /** @type {JsonSchema} */
    const schema = { type: "object", properties };
    if (required.length > 0) schema.required = required;
    return schema;
  }

  /**
   * `union("type", { a: A, b: B })` or `union(discriminant("parsedName", "wire_name"), …)`: each member's
   * properties sit beside the discriminant on the wire.
   *
   * @param {ts.CallExpression} node
   * @param {string} file
   * @returns {JsonSchema}
   */
  union(node, file) {
    const [discriminantNode, membersNode] = twoArguments(node, file);
    const discriminant = this.discriminantWireName(discriminantNode, file);
    if (!ts.isObjectLiteralExpression(membersNode)) {
      throw new ConversionError(file, membersNode.getText(), "union() members are not an object literal");
    }
    const variants = membersNode.properties.map((member) => {
      if (!ts.isPropertyAssignment(member)) {
        throw new ConversionError(file, member.getText(), "union member that is not `value: schema`");
      }
      const value = propertyKey(member.name, file);
      const tag = { type: "string", const: value };
      const body = this.convert(member.initializer, file).schema;
      if (body.type === "object" && !body.allOf) {
        return {
          ...body,
          properties: { [discriminant]: tag, ...body.properties },
          required: [discriminant, ...(body.required ?? [])],
        };
      }
      return {
        allOf: [{ type: "object", properties: { [discriminant]: tag }, required: [discriminant] }, body],
      };
    });
    return { oneOf: variants, "x-fern-discriminant": discriminant };
  }

  /**
   * @param {ts.Expression} node
   * @param {string} file
   * @returns {string}
   */
  discriminantWireName(node, file) {
    if (ts.isStringLiteral(node)) return node.text;
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === "discriminant" &&
      this.isCoreSerialization(node.expression.expression, file) &&
      node.arguments.length === 2
    ) {
      return stringValue(twoArguments(node, file)[1], file);
    }
    throw new ConversionError(
      file,
      node.getText(),
      "union discriminant that is neither a string nor discriminant()",
    );
  }

  /**
   * @param {ts.CallExpression} node
   * @param {string} file
   * @returns {JsonSchema}
   */
  record(node, file) {
    const [keyNode, valueNode] = twoArguments(node, file);
    const key = this.convert(keyNode, file).schema;
    const value = this.convert(valueNode, file).schema;
    /** @type {JsonSchema} */
    const schema = { type: "object", additionalProperties: value };
    if (key.type !== "string" || Object.keys(key).length > 1) schema.propertyNames = key;
    return schema;
  }

  /**
   * `SomeType_1.SomeType` (a serializer another module exports) or `serializers.a.b.SomeType` (a path
   * from the serialization index, as lazy references to recursive types are written).
   *
   * @param {ts.PropertyAccessExpression} node
   * @param {string} file
   * @returns {JsonSchema}
   */
  reference(node, file) {
    const [binding = "", ...path] = node.getText().split(".");
    const target = this.graph.module(file).requires.get(binding);
    const found = target ? this.graph.resolvePath(target, path) : undefined;
    if (found?.kind !== "value") {
      throw new ConversionError(file, node.getText(), "reference to a serializer that cannot be found");
    }
    return this.refTo(found);
  }

  /**
   * Whether `node` is `core.serialization` with `core` required from the SDK's own core module.
   *
   * @param {ts.Expression} node
   * @param {string} file
   */
  isCoreSerialization(node, file) {
    if (!ts.isPropertyAccessExpression(node) || node.name.text !== "serialization") return false;
    if (!ts.isIdentifier(node.expression)) return false;
    const target = this.graph.module(file).requires.get(node.expression.text);
    return target !== undefined && /(^|\/)core(\/index)?\.js$/.test(target);
  }
}

/**
 * The component name of a serializer: its namespace path and type name, e.g.
 * serialization/resources/encounters/resources/v4/types/Encounter.js → "encounters.v4.Encounter".
 *
 * @param {string} file
 * @param {string} exportName
 */
export function componentName(file, exportName) {
  const segments = file
    .replace(/^serialization\/resources\//, "")
    .replace(/\.js$/, "")
    .split("/")
    .filter((segment) => !LAYOUT_SEGMENTS.has(segment));
  if (segments.at(-1) !== exportName) segments.push(exportName);
  return segments.join(".");
}

/**
 * The schema, or null: for `.nullable()`, `.optionalNullable()` and optional properties.
 *
 * @param {JsonSchema} schema
 * @returns {JsonSchema}
 */
export function nullable(schema) {
  if (Array.isArray(schema.anyOf) && schema.anyOf.some((member) => member.type === "null")) return schema;
  if (Array.isArray(schema.type) && schema.type.includes("null")) return schema;
  // A plain primitive takes null in its type list, which keeps the description and the types small.
  const keys = Object.keys(schema).filter((key) => key !== "format");
  if (keys.length === 1 && typeof schema.type === "string" && schema.type !== "null") {
    return { ...schema, type: [schema.type, "null"] };
  }
  return { anyOf: [schema, NULL_SCHEMA] };
}

/**
 * @param {ts.CallExpression} node
 * @param {string} file
 */
function oneArgument(node, file) {
  const [only] = node.arguments;
  if (node.arguments.length !== 1 || !only) {
    throw new ConversionError(file, node.getText(), "expected exactly one argument");
  }
  return only;
}

/**
 * @param {ts.CallExpression} node
 * @param {string} file
 * @returns {[ts.Expression, ts.Expression]}
 */
function twoArguments(node, file) {
  const [first, second] = node.arguments;
  if (node.arguments.length !== 2 || !first || !second) {
    throw new ConversionError(file, node.getText(), "expected exactly two arguments");
  }
  return [first, second];
}

/**
 * @param {ts.Node} node
 * @param {string} file
 */
function stringValue(node, file) {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  throw new ConversionError(file, node.getText(), "expected a string literal");
}

/**
 * @param {ts.Node} node
 * @param {string} file
 */
function stringArray(node, file) {
  if (!ts.isArrayLiteralExpression(node))
    throw new ConversionError(file, node.getText(), "expected an array of strings");
  return node.elements.map((element) => stringValue(element, file));
}

/**
 * @param {ts.PropertyName} name
 * @param {string} file
 */
function propertyKey(name, file) {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  throw new ConversionError(file, name.getText(), "computed property name");
}
