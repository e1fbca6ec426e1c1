// @ts-check
import ts from "typescript";
import { ConversionError } from "../conversion-error.mjs";

/**
 * JSON Schema for the TypeScript types the SDK's declaration files give to values it sends without a
 * serializer (plain query parameters, path parameters, multipart fields). Named SDK types
 * (`CandidApi.encounters.v4.X`) are resolved to the serializer of the same namespace path, whose
 * component carries the wire form.
 *
 * @param {ts.TypeNode} node
 * @param {string} file the .d.ts file, for messages
 * @param {(segments: string[]) => Record<string, any>} namedType `$ref` for a `CandidApi.…` path
 * @returns {{ schema: Record<string, any>, repeatable: boolean }} repeatable: `T | T[]`, sent repeated
 */
export function schemaOfTypeNode(node, file, namedType) {
  if (ts.isUnionTypeNode(node) && node.types.length === 2) {
    const [single, many] = /** @type {[ts.TypeNode, ts.TypeNode]} */ ([...node.types]);
    if (ts.isArrayTypeNode(many) && many.elementType.getText() === single.getText()) {
      return { schema: oneOrMany(plainSchema(single, file, namedType)), repeatable: true };
    }
  }
  return { schema: plainSchema(node, file, namedType), repeatable: false };
}

/**
 * @param {ts.TypeNode} node
 * @param {string} file
 * @param {(segments: string[]) => Record<string, any>} namedType
 * @returns {Record<string, any>}
 */
function plainSchema(node, file, namedType) {
  switch (node.kind) {
    case ts.SyntaxKind.StringKeyword:
      return { type: "string" };
    case ts.SyntaxKind.NumberKeyword:
      return { type: "number" };
    case ts.SyntaxKind.BooleanKeyword:
      return { type: "boolean" };
    default:
      break;
  }
  if (ts.isArrayTypeNode(node))
    return { type: "array", items: plainSchema(node.elementType, file, namedType) };
  if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal))
    return { type: "string", const: node.literal.text };
  if (ts.isTypeReferenceNode(node) && !node.typeArguments) {
    const name = node.typeName.getText();
    if (name === "Date") return { type: "string", format: "date-time" };
    const segments = name.split(".");
    if (segments[0] === "CandidApi" && segments.length > 1) return namedType(segments.slice(1));
  }
  throw new ConversionError(file, node.getText(), "a TypeScript type the converter does not know");
}

/**
 * The members of `export interface <name>` in a declaration file.
 *
 * @param {ts.SourceFile} source
 * @param {string} name
 * @returns {Map<string, { type: ts.TypeNode, optional: boolean }> | undefined}
 */
export function interfaceMembers(source, name) {
  for (const statement of source.statements) {
    if (ts.isInterfaceDeclaration(statement) && statement.name.text === name) {
      /** @type {Map<string, { type: ts.TypeNode, optional: boolean }>} */
      const members = new Map();
      for (const member of statement.members) {
        if (ts.isPropertySignature(member) && member.type && member.name) {
          members.set(member.name.getText().replace(/^["']|["']$/g, ""), {
            type: member.type,
            optional: Boolean(member.questionToken),
          });
        }
      }
      return members;
    }
  }
  return undefined;
}

/**
 * A query parameter the SDK takes as `T | T[]` and sends repeated (`tag_ids=a&tag_ids=b`): one value or
 * several, as the SDK's callers pass it. One value is the same on the wire as a list of one.
 *
 * @param {Record<string, any>} item
 * @returns {Record<string, any>}
 */
export function oneOrMany(item) {
  return { anyOf: [item, { type: "array", items: item }] };
}
