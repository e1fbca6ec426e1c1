// @ts-check
import ts from "typescript";
import { ConversionError } from "../conversion-error.mjs";

/**
 * What a compiled CommonJS module exports, read from its statements (TypeScript's CommonJS emit):
 * `exports.X = expr`, `exports.X = __importStar(require("./m"))`, `__exportStar(require("./m"), exports)`
 * and `Object.defineProperty(exports, "X", { get: function () { return m_1.Y; } })`.
 *
 * @typedef {{ kind: "namespace", file: string }
 *   | { kind: "value", file: string, name: string, node: ts.Expression }
 *   | { kind: "alias", file: string, binding: string, name: string }} ExportEntry
 *
 * @typedef {object} ModuleInfo
 * @property {string} file
 * @property {Map<string, string>} requires local binding → resolved file (or the bare specifier)
 * @property {Map<string, ExportEntry>} exports
 * @property {string[]} stars files re-exported with `export *`
 */

/**
 * The package's CommonJS modules as a graph of exports, built lazily: resolves dotted names such as
 * `serializers.encounters.v4.Encounter` to the module and expression that define them.
 */
export class ModuleGraph {
  /** @param {import("./package-files.mjs").PackageFiles} files */
  constructor(files) {
    this.files = files;
    /** @type {Map<string, ModuleInfo>} */
    this.modules = new Map();
  }

  /**
   * @param {string} file
   * @returns {ModuleInfo}
   */
  module(file) {
    let info = this.modules.get(file);
    if (!info) {
      info = readModule(this.files, file);
      this.modules.set(file, info);
    }
    return info;
  }

  /**
   * Finds an export by name, following `export *` re-exports and getter aliases.
   *
   * @param {string} file
   * @param {string} name
   * @returns {{ kind: "namespace", file: string } | { kind: "value", file: string, name: string, node: ts.Expression } | undefined}
   */
  lookup(file, name, seen = new Set()) {
    if (seen.has(file)) return undefined;
    seen.add(file);
    const info = this.module(file);
    const entry = info.exports.get(name);
    if (entry?.kind === "alias") {
      const target = info.requires.get(entry.binding);
      if (!target) return undefined;
      return this.lookup(target, entry.name, new Set());
    }
    if (entry) return entry;
    for (const star of info.stars) {
      const found = this.lookup(star, name, seen);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * Resolves `a.b.C` from a module (e.g. `serializers.encounters.v4.Encounter` from serialization/index.js).
   *
   * @param {string} file
   * @param {string[]} segments
   * @returns {{ kind: "namespace", file: string } | { kind: "value", file: string, name: string, node: ts.Expression } | undefined}
   */
  resolvePath(file, segments) {
    /** @type {ReturnType<ModuleGraph["lookup"]>} */
    let current = { kind: "namespace", file };
    for (const segment of segments) {
      if (current?.kind !== "namespace") return undefined;
      current = this.lookup(current.file, segment);
    }
    return current;
  }
}

/**
 * @param {import("./package-files.mjs").PackageFiles} files
 * @param {string} file
 * @returns {ModuleInfo}
 */
function readModule(files, file) {
  const source = files.parse(file);
  /** @type {ModuleInfo} */
  const info = { file, requires: new Map(), exports: new Map(), stars: [] };

  /** @param {ts.Expression} node @returns {string | undefined} the resolved file of require("…"), possibly wrapped */
  const requireTarget = (node) => {
    let call = node;
    while (
      ts.isCallExpression(call) &&
      ts.isIdentifier(call.expression) &&
      call.expression.text !== "require"
    ) {
      const [argument] = call.arguments;
      if (call.arguments.length !== 1 || !argument) return undefined;
      call = argument;
    }
    const specifierNode = ts.isCallExpression(call) ? call.arguments[0] : undefined;
    if (
      ts.isCallExpression(call) &&
      ts.isIdentifier(call.expression) &&
      call.expression.text === "require" &&
      call.arguments.length === 1 &&
      specifierNode &&
      ts.isStringLiteral(specifierNode)
    ) {
      const specifier = specifierNode.text;
      return files.resolve(file, specifier) ?? specifier;
    }
    return undefined;
  };

  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.initializer) {
          const target = requireTarget(declaration.initializer);
          if (target) info.requires.set(declaration.name.text, target);
        }
      }
      continue;
    }
    if (!ts.isExpressionStatement(statement)) continue;
    const expression = statement.expression;
    if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      readExportAssignment(expression, info, requireTarget);
      continue;
    }
    if (ts.isCallExpression(expression)) {
      const callee = expression.expression;
      if (ts.isIdentifier(callee) && callee.text === "__exportStar") {
        const [exported] = expression.arguments;
        const target = exported ? requireTarget(exported) : undefined;
        if (!target) throw new ConversionError(file, expression.getText(), "unreadable export *");
        info.stars.push(target);
      } else if (isDefinePropertyOnExports(expression)) {
        readGetterExport(expression, info, file);
      }
    }
  }
  return info;
}

/**
 * @param {ts.BinaryExpression} assignment
 * @param {ModuleInfo} info
 * @param {(node: ts.Expression) => string | undefined} requireTarget
 */
function readExportAssignment(assignment, info, requireTarget) {
  const left = assignment.left;
  if (!isExportsMember(left)) return;
  const name = left.name.text;
  let right = assignment.right;
  // `exports.a = exports.b = void 0` declares names; the values come later.
  if (isVoidZero(right) || (ts.isBinaryExpression(right) && isExportsMember(right.left))) return;
  const target = requireTarget(right);
  if (target) {
    info.exports.set(name, { kind: "namespace", file: target });
    return;
  }
  while (ts.isParenthesizedExpression(right)) right = right.expression;
  info.exports.set(name, { kind: "value", file: info.file, name, node: right });
}

/**
 * @param {ts.CallExpression} call `Object.defineProperty(exports, "X", { …, get: function () { return m_1.Y; } })`
 * @param {ModuleInfo} info
 * @param {string} file
 */
function readGetterExport(call, info, file) {
  const [, nameNode, descriptor] = call.arguments;
  if (!nameNode || !ts.isStringLiteral(nameNode) || nameNode.text === "__esModule") return;
  if (descriptor && ts.isObjectLiteralExpression(descriptor)) {
    for (const property of descriptor.properties) {
      if (property.name?.getText() !== "get" || !ts.isPropertyAssignment(property)) continue;
      const getter = property.initializer;
      if (ts.isFunctionExpression(getter) && getter.body.statements.length === 1) {
        const returned = getter.body.statements[0];
        if (
          returned &&
          ts.isReturnStatement(returned) &&
          returned.expression &&
          ts.isPropertyAccessExpression(returned.expression) &&
          ts.isIdentifier(returned.expression.expression)
        ) {
          info.exports.set(nameNode.text, {
            kind: "alias",
            file,
            binding: returned.expression.expression.text,
            name: returned.expression.name.text,
          });
          return;
        }
      }
    }
  }
  throw new ConversionError(file, call.getText(), "unreadable Object.defineProperty export");
}

/**
 * @param {ts.Node} node
 * @returns {node is ts.PropertyAccessExpression & { name: ts.Identifier }}
 */
function isExportsMember(node) {
  return (
    ts.isPropertyAccessExpression(node) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === "exports" &&
    ts.isIdentifier(node.name)
  );
}

/** @param {ts.Node} node */
function isVoidZero(node) {
  return ts.isVoidExpression(node);
}

/** @param {ts.CallExpression} call */
function isDefinePropertyOnExports(call) {
  const callee = call.expression;
  return (
    ts.isPropertyAccessExpression(callee) &&
    callee.getText() === "Object.defineProperty" &&
    call.arguments.length === 3 &&
    call.arguments[0] !== undefined &&
    ts.isIdentifier(call.arguments[0]) &&
    call.arguments[0].text === "exports"
  );
}
