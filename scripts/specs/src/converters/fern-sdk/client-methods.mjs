// @ts-check
import { posix } from "node:path";
import ts from "typescript";
import { ConversionError } from "../conversion-error.mjs";
import { methodDocs } from "./jsdoc.mjs";
import { interfaceMembers, oneOrMany, schemaOfTypeNode } from "./type-annotations.mjs";

/**
 * One method of a generated Fern client, as the SDK sends it.
 *
 * @typedef {object} ClientMethod
 * @property {string} namespace e.g. "encounters.v4"
 * @property {string} name e.g. "create"
 * @property {string} file the Client.js it is read from
 * @property {string} host environment key of the base URL, e.g. "candidApi"
 * @property {string} method upper-case HTTP method
 * @property {string} path path template with `{param}` placeholders, exactly as sent
 * @property {{ name: string, schema: Record<string, any> }[]} pathParameters in path order
 * @property {QueryParameter[]} queryParameters
 * @property {RequestBody | undefined} body
 * @property {{ kind: "json", schema: Record<string, any> } | { kind: "empty" } | { kind: "untyped" }} response
 * @property {{ name: string, content: Record<string, any> | undefined }[]} errors declared Fern errors, sorted
 * @property {boolean} authenticated whether the SDK sends its bearer token
 * @property {import("./jsdoc.mjs").MethodDocs} docs
 *
 * @typedef {{ name: string, schema: Record<string, any>, required: boolean, repeatable: boolean }} QueryParameter
 * @typedef {{ kind: "json", schema: Record<string, any>, optional: boolean }
 *   | { kind: "multipart", fields: { name: string, schema: Record<string, any>, required: boolean, file: boolean }[] }} RequestBody
 */

/** The JSON Schema of a file part in a multipart body: binary, typed `Blob` in the generated client. */
export const BINARY_SCHEMA = Object.freeze({
  type: "string",
  format: "binary",
  contentMediaType: "application/octet-stream",
});

/** Where the SDK's serializers are exported from (the `serializers` binding of every client). */
const SERIALIZATION_INDEX = "serialization/index.js";

/**
 * Reads every client method of one Client.js.
 *
 * @param {object} context
 * @param {import("./package-files.mjs").PackageFiles} context.files
 * @param {import("./commonjs-modules.mjs").ModuleGraph} context.graph
 * @param {import("./zurg-schemas.mjs").ZurgSchemas} context.schemas
 * @param {Set<string>} context.hosts environment keys (e.g. candidApi, preEncounter)
 * @param {string} clientFile e.g. api/resources/encounters/resources/v4/client/Client.js
 * @returns {ClientMethod[]}
 */
export function readClientMethods(context, clientFile) {
  const source = context.files.parse(clientFile);
  const declarations = context.files.has(clientFile.replace(/\.js$/, ".d.ts"))
    ? context.files.parse(clientFile.replace(/\.js$/, ".d.ts"))
    : undefined;
  const namespace = clientNamespace(clientFile);
  /** @type {ClientMethod[]} */
  const methods = [];
  for (const statement of source.statements) {
    if (!ts.isClassDeclaration(statement)) continue;
    const members = new Map(
      statement.members.filter(ts.isMethodDeclaration).map((member) => [member.name.getText(), member]),
    );
    for (const [name, member] of members) {
      if (!name.startsWith("__") || !member.body) continue;
      const fetcher = findFetcherCall(member.body);
      if (!fetcher) continue;
      const publicName = name.slice(2);
      const publicMethod = members.get(publicName);
      if (!publicMethod) {
        throw new ConversionError(clientFile, name, "internal method without its public method");
      }
      const signature = declarations ? methodSignature(declarations, publicName) : undefined;
      const reader = new MethodReader(context, clientFile, member, signature);
      methods.push({
        namespace,
        name: publicName,
        file: clientFile,
        ...reader.read(fetcher),
        docs: methodDocs(publicMethod),
      });
    }
  }
  return methods;
}

/**
 * "api/resources/encounters/resources/v4/client/Client.js" → "encounters.v4".
 *
 * @param {string} clientFile
 */
export function clientNamespace(clientFile) {
  return clientFile
    .replace(/^api\/resources\//, "")
    .replace(/\/?client\/Client\.js$/, "")
    .split("/")
    .filter((segment) => segment !== "resources" && segment !== "")
    .join(".");
}

/** Reads one internal `__method` of a client. */
class MethodReader {
  /**
   * @param {Parameters<typeof readClientMethods>[0]} context
   * @param {string} file
   * @param {ts.MethodDeclaration} method
   * @param {ts.MethodDeclaration | undefined} signature the public method in Client.d.ts
   */
  constructor(context, file, method, signature) {
    this.context = context;
    this.file = file;
    this.method = method;
    this.signature = signature;
    /** @type {Map<string, { type: ts.TypeNode, optional: boolean }> | undefined} */
    this.requestMembersCache = undefined;
  }

  /**
   * @param {ts.CallExpression} fetcher the `core.fetcher({...})` call
   */
  read(fetcher) {
    const options = objectProperties(fetcher.arguments[0], this.file);
    const url = options.get("url");
    if (
      !url ||
      !ts.isCallExpression(url) ||
      url.expression.getText() !== "core.url.join" ||
      url.arguments.length !== 2
    ) {
      throw new ConversionError(
        this.file,
        url?.getText() ?? fetcher.getText(),
        "request URL that is not core.url.join(base, path)",
      );
    }
    const [fullBase, pathNode] = /** @type {[ts.Expression, ts.Expression]} */ ([...url.arguments]);
    const base = environmentHost(fullBase);
    if (!ts.isPropertyAccessExpression(base) || !this.context.hosts.has(base.name.text)) {
      throw new ConversionError(this.file, base.getText(), "base URL that is not an environment host");
    }
    const methodNode = options.get("method");
    if (!methodNode || !ts.isStringLiteral(methodNode)) {
      throw new ConversionError(this.file, fetcher.getText(), "request without a literal HTTP method");
    }
    const { path, pathParameters } = this.path(pathNode);
    const body = this.method.body ?? fail(this.file, this.method.getText(), "method without a body");
    return {
      host: base.name.text,
      method: methodNode.text.toUpperCase(),
      path,
      pathParameters,
      queryParameters: this.queryParameters(body),
      body: this.body(options),
      response: this.response(body),
      errors: this.errors(body),
      authenticated: body.getText().includes("authProvider.getAuthRequest"),
    };
  }

  /**
   * @param {ts.Expression} node the path argument of core.url.join
   * @returns {{ path: string, pathParameters: { name: string, schema: Record<string, any> }[] }}
   */
  path(node) {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      return { path: node.text, pathParameters: [] };
    }
    if (!ts.isTemplateExpression(node)) {
      throw new ConversionError(this.file, node.getText(), "path that is not a literal or template");
    }
    let path = node.head.text;
    const pathParameters = [];
    for (const span of node.templateSpans) {
      const parameter = this.pathParameter(span.expression);
      pathParameters.push(parameter);
      path += `{${parameter.name}}${span.literal.text}`;
    }
    return { path, pathParameters };
  }

  /**
   * `core.url.encodePathParam(x)` or `core.url.encodePathParam(serializers.X.jsonOrThrow(x))`.
   *
   * @param {ts.Expression} node
   */
  pathParameter(node) {
    if (
      !ts.isCallExpression(node) ||
      !["core.url.encodePathParam", "encodeURIComponent"].includes(node.expression.getText()) ||
      node.arguments.length !== 1
    ) {
      throw new ConversionError(this.file, node.getText(), "path parameter that is not encodePathParam(…)");
    }
    const inner = /** @type {ts.Expression} */ (node.arguments[0]);
    if (ts.isIdentifier(inner)) {
      return { name: inner.text, schema: this.parameterType(inner.text).schema };
    }
    const serialized = this.serializerCall(inner, "jsonOrThrow");
    if (serialized && ts.isIdentifier(serialized.argument)) {
      return { name: serialized.argument.text, schema: serialized.schema };
    }
    throw new ConversionError(this.file, node.getText(), "path parameter value not understood");
  }

  /**
   * @param {ts.Block} body
   * @returns {QueryParameter[]}
   */
  queryParameters(body) {
    const literal = findVariable(body, "_queryParams");
    if (!literal) return [];
    if (!ts.isObjectLiteralExpression(literal)) {
      throw new ConversionError(
        this.file,
        literal.getText(),
        "query parameters that are not an object literal",
      );
    }
    return literal.properties.map((property) => {
      if (ts.isShorthandPropertyAssignment(property)) {
        return this.plainQueryParameter(property.name.text, property.name.text);
      }
      if (!ts.isPropertyAssignment(property)) {
        throw new ConversionError(this.file, property.getText(), "query parameter entry not understood");
      }
      const wire = property.name.getText().replace(/^["']|["']$/g, "");
      return this.queryParameter(wire, property.initializer);
    });
  }

  /**
   * @param {string} wire
   * @param {ts.Expression} value
   * @returns {QueryParameter}
   */
  queryParameter(wire, value) {
    if (ts.isIdentifier(value)) return this.plainQueryParameter(wire, value.text);
    if (ts.isConditionalExpression(value)) {
      const condition = value.condition.getText();
      const repeated = /^Array\.isArray\((\w+)\)$/.exec(condition);
      if (repeated) {
        const camel = /** @type {string} */ (repeated[1]);
        const mapped = value.whenTrue;
        const mapper = ts.isCallExpression(mapped) ? mapped.arguments[0] : undefined;
        if (
          ts.isCallExpression(mapped) &&
          mapped.expression.getText() === `${camel}.map` &&
          mapped.arguments.length === 1 &&
          mapper &&
          ts.isArrowFunction(mapper) &&
          !ts.isBlock(mapper.body)
        ) {
          const item = this.serializerCall(mapper.body, "jsonOrThrow");
          if (item) {
            const { optional } = this.requestMember(camel);
            return {
              name: wire,
              schema: oneOrMany(item.schema),
              required: !optional,
              repeatable: true,
            };
          }
        }
      }
      const present = /^(\w+) != null$/.exec(condition);
      if (present && value.whenFalse.getText() === "undefined") {
        return this.queryParameterValue(wire, /** @type {string} */ (present[1]), value.whenTrue);
      }
    }
    const direct = /^(\w+)\.toISOString\(\)$/.exec(value.getText());
    if (direct) return this.queryParameterValue(wire, /** @type {string} */ (direct[1]), value);
    const serialized = this.serializerCall(value, "jsonOrThrow");
    if (serialized && ts.isIdentifier(serialized.argument)) {
      return this.queryParameterValue(wire, serialized.argument.text, value);
    }
    throw new ConversionError(this.file, value.getText(), `query parameter ${wire} not understood`);
  }

  /**
   * The value of a present query parameter `camel`: itself, its serializer, or its ISO date-time.
   *
   * @param {string} wire
   * @param {string} camel
   * @param {ts.Expression} value
   * @returns {QueryParameter}
   */
  queryParameterValue(wire, camel, value) {
    const text = value.getText();
    const { optional } = this.requestMember(camel);
    if (text === camel) return this.plainQueryParameter(wire, camel);
    if (
      text === `${camel}.toISOString()` ||
      text === `${camel} === null || ${camel} === void 0 ? void 0 : ${camel}.toISOString()`
    ) {
      return {
        name: wire,
        schema: { type: "string", format: "date-time" },
        required: !optional,
        repeatable: false,
      };
    }
    const serialized = this.serializerCall(value, "jsonOrThrow");
    if (serialized && serialized.argument.getText() === camel) {
      return { name: wire, schema: serialized.schema, required: !optional, repeatable: false };
    }
    throw new ConversionError(this.file, text, `query parameter ${wire} not understood`);
  }

  /**
   * A query parameter sent as given: its type comes from the request's declaration file.
   *
   * @param {string} wire
   * @param {string} camel
   * @returns {QueryParameter}
   */
  plainQueryParameter(wire, camel) {
    const member = this.requestMember(camel);
    const { schema, repeatable } = schemaOfTypeNode(member.type, this.requestFile(), (segments) =>
      this.namedType(segments, member.type),
    );
    return { name: wire, schema, required: !member.optional, repeatable };
  }

  /**
   * @param {Map<string, ts.Expression>} options the properties of the fetcher's argument
   * @returns {RequestBody | undefined}
   */
  body(options) {
    const node = options.get("body");
    if (!node) return undefined;
    const requestType = options.get("requestType")?.getText();
    if (node.getText() === "_maybeEncodedRequest.body" && requestType === '"file"') return this.multipart();
    if (requestType !== '"json"') {
      throw new ConversionError(this.file, requestType ?? "(none)", "request type other than json or file");
    }
    const serialized = this.serializerCall(node, "jsonOrThrow");
    if (serialized && ["request", "_body"].includes(serialized.argument.getText())) {
      return { kind: "json", schema: serialized.schema, optional: this.requestIsOptional() };
    }
    if (ts.isIdentifier(node) && node.text === "request") {
      const type = this.parameterTypeNode("request");
      if (type.kind === ts.SyntaxKind.UnknownKeyword) {
        return { kind: "json", schema: {}, optional: this.requestIsOptional() };
      }
    }
    throw new ConversionError(this.file, node.getText(), "request body not understood");
  }

  /**
   * Whether the public method lets the caller leave the request out (`request?: …`): the SDK then
   * sends an empty object, so the body is optional on the wire.
   */
  requestIsOptional() {
    const parameter = this.signature?.parameters.find((candidate) => candidate.name.getText() === "request");
    return Boolean(parameter?.questionToken);
  }

  /** @returns {RequestBody} */
  multipart() {
    /** @type {{ name: string, schema: Record<string, any>, required: boolean, file: boolean }[]} */
    const fields = [];
    /** @param {ts.Node} node @param {boolean} conditional */
    const visit = (node, conditional) => {
      if (ts.isIfStatement(node)) {
        ts.forEachChild(node, (child) => visit(child, true));
        return;
      }
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.expression.getText() === "_body" &&
        ["append", "appendFile"].includes(node.expression.name.text)
      ) {
        const [nameNode, value] = node.arguments;
        if (!nameNode || !ts.isStringLiteral(nameNode) || !value) {
          throw new ConversionError(this.file, node.getText(), "multipart field without a literal name");
        }
        const file = node.expression.name.text === "appendFile";
        fields.push({
          name: nameNode.text,
          schema: file ? { ...BINARY_SCHEMA } : this.multipartValue(value),
          required: !conditional,
          file,
        });
        return;
      }
      ts.forEachChild(node, (child) => visit(child, conditional));
    };
    visit(/** @type {ts.Block} */ (this.method.body), false);
    if (fields.length === 0)
      throw new ConversionError(this.file, this.method.name.getText(), "multipart body without fields");
    return { kind: "multipart", fields };
  }

  /** @param {ts.Expression} value */
  multipartValue(value) {
    const serialized = this.serializerCall(value, "jsonOrThrow");
    if (serialized) return serialized.schema;
    const plain = /^request\.(\w+)$/.exec(value.getText());
    if (plain) {
      const member = this.requestMember(/** @type {string} */ (plain[1]));
      return schemaOfTypeNode(member.type, this.requestFile(), (segments) =>
        this.namedType(segments, member.type),
      ).schema;
    }
    throw new ConversionError(this.file, value.getText(), "multipart field value not understood");
  }

  /**
   * @param {ts.Block} body
   * @returns {ClientMethod["response"]}
   */
  response(body) {
    /** @type {ClientMethod["response"] | undefined} */
    let found;
    /** @param {ts.Node} node */
    const visit = (node) => {
      if (found) return;
      if (ts.isObjectLiteralExpression(node)) {
        const properties = objectProperties(node, this.file, false);
        if (properties.get("ok")?.kind === ts.SyntaxKind.TrueKeyword && properties.has("body")) {
          const value = /** @type {ts.Expression} */ (properties.get("body"));
          const text = value.getText();
          if (text === "undefined") found = { kind: "empty" };
          else if (text === "_response.body") found = { kind: "untyped" };
          else {
            const serialized = this.serializerCall(value, "parseOrThrow");
            if (serialized?.argument.getText() !== "_response.body") {
              throw new ConversionError(this.file, text, "response body not understood");
            }
            found = { kind: "json", schema: serialized.schema };
          }
          return;
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(body);
    if (!found)
      throw new ConversionError(this.file, this.method.name.getText(), "method without a success response");
    return found;
  }

  /**
   * The Fern errors the method declares: the `case "Name":` labels of its `switch (….errorName)` and the
   * `{ errorName, content }` union serializer they are parsed with.
   *
   * @param {ts.Block} body
   * @returns {ClientMethod["errors"]}
   */
  errors(body) {
    /** @type {ts.SwitchStatement | undefined} */
    let switchStatement;
    /** @param {ts.Node} node */
    const visit = (node) => {
      if (ts.isSwitchStatement(node) && /\.errorName$/.test(node.expression.getText()))
        switchStatement = node;
      else ts.forEachChild(node, visit);
    };
    visit(body);
    if (!switchStatement) return [];
    const labels = [];
    /** @type {ts.Expression | undefined} */
    let parser;
    for (const clause of switchStatement.caseBlock.clauses) {
      if (ts.isDefaultClause(clause)) {
        throw new ConversionError(this.file, clause.getText(), "default clause in the error switch");
      }
      if (!ts.isStringLiteral(clause.expression)) {
        throw new ConversionError(this.file, clause.expression.getText(), "error name that is not a string");
      }
      labels.push(clause.expression.text);
      /** @param {ts.Node} node */
      const findParser = (node) => {
        if (
          ts.isCallExpression(node) &&
          ts.isPropertyAccessExpression(node.expression) &&
          node.expression.name.text === "parseOrThrow"
        ) {
          parser = node.expression.expression;
        } else ts.forEachChild(node, findParser);
      };
      clause.statements.forEach(findParser);
    }
    if (!parser)
      throw new ConversionError(this.file, switchStatement.getText(), "error switch without a parser");
    const definition = this.serializer(parser);
    const errors = this.errorUnion(definition);
    const declared = errors.map((error) => error.name).sort();
    const switched = [...new Set(labels)].sort();
    if (declared.join() !== switched.join()) {
      throw new ConversionError(
        definition.file,
        `${declared.join(", ")} vs ${switched.join(", ")}`,
        "the error union and the client's error switch name different errors",
      );
    }
    return errors.sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  /**
   * `core.serialization.union("errorName", { Name: core.serialization.object({ content: X }) })`.
   *
   * @param {{ file: string, node: ts.Expression }} definition
   */
  errorUnion(definition) {
    let node = definition.node;
    while (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.name.text === "transform"
    ) {
      node = node.expression.expression;
    }
    const schemas = this.context.schemas;
    const [discriminant, members] = ts.isCallExpression(node) ? node.arguments : [];
    if (
      !ts.isCallExpression(node) ||
      !ts.isPropertyAccessExpression(node.expression) ||
      node.expression.name.text !== "union" ||
      !schemas.isCoreSerialization(node.expression.expression, definition.file) ||
      node.arguments.length !== 2 ||
      discriminant?.getText() !== '"errorName"' ||
      !members ||
      !ts.isObjectLiteralExpression(members)
    ) {
      throw new ConversionError(
        definition.file,
        definition.node.getText(),
        'error serializer that is not union("errorName", {…})',
      );
    }
    return members.properties.map((member) => {
      if (!ts.isPropertyAssignment(member)) {
        throw new ConversionError(definition.file, member.getText(), "error union member not understood");
      }
      const name = member.name.getText().replace(/^["']|["']$/g, "");
      const body = schemas.convert(member.initializer, definition.file).schema;
      const keys = Object.keys(body.properties ?? {});
      if (body.type !== "object" || keys.some((key) => key !== "content")) {
        throw new ConversionError(definition.file, member.getText(), "error body other than { content }");
      }
      return { name, content: body.properties?.content };
    });
  }

  /**
   * `serializers.a.b.X.<method>(argument, …)` → the component of X.
   *
   * @param {ts.Node} node
   * @param {"jsonOrThrow" | "parseOrThrow"} method
   * @returns {{ schema: Record<string, any>, argument: ts.Expression } | undefined}
   */
  serializerCall(node, method) {
    if (
      !ts.isCallExpression(node) ||
      !ts.isPropertyAccessExpression(node.expression) ||
      node.expression.name.text !== method ||
      node.arguments.length < 1
    ) {
      return undefined;
    }
    const definition = this.serializer(node.expression.expression);
    return {
      schema: this.context.schemas.refTo(definition),
      argument: /** @type {ts.Expression} */ (node.arguments[0]),
    };
  }

  /**
   * @param {ts.Expression} node `serializers.a.b.X`
   * @returns {{ file: string, name: string, node: ts.Expression }}
   */
  serializer(node) {
    const segments = node.getText().split(".");
    const root = this.context.graph.module(this.file).requires.get(segments[0] ?? "");
    if (root !== SERIALIZATION_INDEX) {
      throw new ConversionError(
        this.file,
        node.getText(),
        "serializer not taken from the SDK's serialization index",
      );
    }
    const found = this.context.graph.resolvePath(SERIALIZATION_INDEX, segments.slice(1));
    if (found?.kind !== "value") {
      throw new ConversionError(this.file, node.getText(), "serializer that cannot be found");
    }
    return found;
  }

  /**
   * A named SDK type (`CandidApi.a.b.X`) as the component of the serializer with the same path.
   *
   * @param {string[]} segments
   * @param {ts.Node} where
   */
  namedType(segments, where) {
    const found = this.context.graph.resolvePath(SERIALIZATION_INDEX, segments);
    if (found?.kind !== "value") {
      throw new ConversionError(
        where.getSourceFile().fileName,
        where.getText(),
        "SDK type without a serializer",
      );
    }
    return this.context.schemas.refTo(found);
  }

  /**
   * @param {string} name a parameter of the public method
   * @returns {ts.TypeNode}
   */
  parameterTypeNode(name) {
    const parameter = this.signature?.parameters.find((candidate) => candidate.name.getText() === name);
    if (!parameter?.type) {
      throw new ConversionError(
        `${this.file.replace(/\.js$/, ".d.ts")}`,
        name,
        "parameter without a declared type",
      );
    }
    return parameter.type;
  }

  /** @param {string} name */
  parameterType(name) {
    const type = this.parameterTypeNode(name);
    return schemaOfTypeNode(type, type.getSourceFile().fileName, (segments) =>
      this.namedType(segments, type),
    );
  }

  /** The declaration file of the method's request type: <client folder>/requests/<Type>.d.ts. */
  requestFile() {
    const type = this.parameterTypeNode("request");
    const name = type.getText().split(".").at(-1) ?? "";
    return posix.join(posix.dirname(this.file), "requests", `${name}.d.ts`);
  }

  /**
   * The request property a local variable was destructured from (`const { type: type_ } = request`).
   *
   * @param {string} local
   */
  requestPropertyOf(local) {
    /** @type {string | undefined} */
    let property;
    /** @param {ts.Node} node */
    const visit = (node) => {
      if (property) return;
      if (
        ts.isVariableDeclaration(node) &&
        ts.isObjectBindingPattern(node.name) &&
        node.initializer?.getText() === "request"
      ) {
        for (const element of node.name.elements) {
          if (element.name.getText() === local) property = (element.propertyName ?? element.name).getText();
        }
      } else ts.forEachChild(node, visit);
    };
    visit(/** @type {ts.Block} */ (this.method.body));
    return property ?? local;
  }

  /**
   * @param {string} camel a local variable holding a property of the request, or the property's name
   * @returns {{ type: ts.TypeNode, optional: boolean }}
   */
  requestMember(camel) {
    if (!this.requestMembersCache) {
      const file = this.requestFile();
      if (!this.context.files.has(file)) {
        throw new ConversionError(this.file, file, "request type declaration not found");
      }
      const name = posix.basename(file, ".d.ts");
      const members = interfaceMembers(this.context.files.parse(file), name);
      if (!members) throw new ConversionError(file, name, "request interface not found");
      this.requestMembersCache = members;
    }
    const member = this.requestMembersCache.get(this.requestPropertyOf(camel));
    if (!member) throw new ConversionError(this.requestFile(), camel, "request property not declared");
    return member;
  }
}

/**
 * `(baseUrl) ?? ((environment) ?? Environment.Production).candidApi`, compiled to conditionals: the
 * environment fallback is the last branch, and its property names the host.
 *
 * @param {ts.Expression} node
 * @returns {ts.Expression}
 */
function environmentHost(node) {
  while (ts.isConditionalExpression(node) || ts.isParenthesizedExpression(node)) {
    node = ts.isConditionalExpression(node) ? node.whenFalse : node.expression;
  }
  return node;
}

/**
 * @param {ts.Node} body
 * @returns {ts.CallExpression | undefined}
 */
function findFetcherCall(body) {
  /** @type {ts.CallExpression | undefined} */
  let found;
  /** @param {ts.Node} node */
  const visit = (node) => {
    if (found) return;
    if (ts.isCallExpression(node) && node.expression.getText() === "core.fetcher") found = node;
    else ts.forEachChild(node, visit);
  };
  visit(body);
  return found;
}

/**
 * @param {ts.Node} body
 * @param {string} name
 * @returns {ts.Expression | undefined} the initializer of `const <name> = …`
 */
function findVariable(body, name) {
  /** @type {ts.Expression | undefined} */
  let found;
  /** @param {ts.Node} node */
  const visit = (node) => {
    if (found) return;
    if (ts.isVariableDeclaration(node) && node.name.getText() === name) found = node.initializer;
    else ts.forEachChild(node, visit);
  };
  visit(body);
  return found;
}

/**
 * @param {ts.Node | undefined} node
 * @param {string} file
 * @returns {Map<string, ts.Expression>}
 */
function objectProperties(node, file, strict = true) {
  /** @type {Map<string, ts.Expression>} */
  const properties = new Map();
  if (!node || !ts.isObjectLiteralExpression(node)) {
    if (strict) throw new ConversionError(file, node?.getText() ?? "(nothing)", "expected an object literal");
    return properties;
  }
  for (const property of node.properties) {
    if (ts.isPropertyAssignment(property)) properties.set(property.name.getText(), property.initializer);
    else if (ts.isShorthandPropertyAssignment(property)) properties.set(property.name.text, property.name);
  }
  return properties;
}

/**
 * @param {ts.SourceFile} declarations Client.d.ts
 * @param {string} name
 * @returns {ts.MethodDeclaration | undefined}
 */
function methodSignature(declarations, name) {
  for (const statement of declarations.statements) {
    if (!ts.isClassDeclaration(statement)) continue;
    for (const member of statement.members) {
      if (ts.isMethodDeclaration(member) && member.name.getText() === name) return member;
    }
  }
  return undefined;
}

/**
 * @param {string} file
 * @param {string} construct
 * @param {string} reason
 * @returns {never}
 */
function fail(file, construct, reason) {
  throw new ConversionError(file, construct, reason);
}
