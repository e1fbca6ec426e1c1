// @ts-check
import ts from "typescript";

/**
 * @typedef {object} TypeDocs
 * @property {string | undefined} description the JSDoc of the type
 * @property {Map<string, string>} properties JSDoc of each property, by its SDK (camelCase) name
 */

/** No documentation: the type has no declaration file or no JSDoc. */
const NONE = Object.freeze({ description: undefined, properties: new Map() });

/**
 * The documentation Fern writes on the SDK's TypeScript types (api/resources/**\/types/*.d.ts), found
 * from the serializer of the same type (serialization/resources/**\/types/*.js). Only prose is taken:
 * names and types on the wire come from the serializers.
 *
 * @param {import("./package-files.mjs").PackageFiles} files
 * @param {string} serializerFile e.g. serialization/resources/encounters/resources/v4/types/Encounter.js
 * @param {string} name the exported type name
 * @returns {TypeDocs}
 */
export function typeDocs(files, serializerFile, name) {
  const declarationFile = serializerFile.replace(/^serialization\//, "api/").replace(/\.js$/, ".d.ts");
  if (!files.has(declarationFile)) return NONE;
  for (const statement of files.parse(declarationFile).statements) {
    const declared =
      (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) &&
      statement.name.text === name;
    if (!declared) continue;
    /** @type {Map<string, string>} */
    const properties = new Map();
    if (ts.isInterfaceDeclaration(statement)) {
      for (const member of statement.members) {
        const text = ts.isPropertySignature(member) ? jsDocText(member) : undefined;
        if (text && member.name) properties.set(member.name.getText().replace(/^["']|["']$/g, ""), text);
      }
    }
    return { description: jsDocText(statement), properties };
  }
  return NONE;
}

/**
 * @param {ts.Node} node
 * @returns {string | undefined}
 */
function jsDocText(node) {
  const blocks = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const text = blocks
    .map((block) => ts.getTextOfJSDocComment(block.comment) ?? "")
    .join("\n\n")
    .trim();
  return text === "" ? undefined : text;
}
