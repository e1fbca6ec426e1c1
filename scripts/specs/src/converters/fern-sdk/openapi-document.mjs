// @ts-check
import { canonicalJson } from "../../hash.mjs";
import { ConversionError } from "../conversion-error.mjs";

/**
 * @typedef {import("./client-methods.mjs").ClientMethod} ClientMethod
 * @typedef {Record<string, any>} JsonSchema
 * @typedef {{ errorStatuses: Map<string, string>, componentOf: ReturnType<typeof errorComponents>["componentOf"], defaultErrors: Set<string> }} ErrorContext
 */

/**
 * Turns the client methods into OpenAPI operations: one per distinct method + path + host, paths exactly
 * as sent, every declared Fern error as `{ errorName, content }` under its HTTP status.
 *
 * @param {object} input
 * @param {ClientMethod[]} input.methods
 * @param {{ name: string, hosts: Record<string, string> }[]} input.environments default first
 * @param {Map<string, string>} input.errorStatuses Fern error name → HTTP status
 * @returns {{ paths: Record<string, any>, errorSchemas: Record<string, JsonSchema>, defaultErrors: string[], servers: any[] }}
 */
export function buildOperations({ methods, environments, errorStatuses }) {
  const defaultHost = Object.keys(environments[0]?.hosts ?? {})[0] ?? "";
  const renamed = unifyParameterNames(methods);
  /** @type {Map<string, ClientMethod[]>} */
  const byOperation = new Map();
  for (const method of methods) {
    const key = `${method.method} ${method.path}`;
    byOperation.set(key, [...(byOperation.get(key) ?? []), method]);
  }

  /** @type {Record<string, any>} */
  const paths = {};
  /** @type {Map<string, string>} path → the host its operations go to */
  const hostOfPath = new Map();
  const { schemas: errorSchemas, componentOf } = errorComponents(methods);
  /** @type {Set<string>} */
  const defaultErrors = new Set();
  for (const [key, group] of [...byOperation.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    group.sort((a, b) => (operationId(a) < operationId(b) ? -1 : 1));
    const [first, ...aliases] = /** @type {[ClientMethod, ...ClientMethod[]]} */ (group);
    const primary = mergeAliases(first, aliases);
    for (const alias of aliases) {
      if (wireShape(alias) !== wireShape(primary)) {
        throw new ConversionError(
          alias.file,
          `${operationId(alias)} and ${operationId(primary)}`,
          `two client methods send ${key} with different parameters, bodies or responses`,
        );
      }
    }
    const item = paths[primary.path] ?? {};
    paths[primary.path] = item;
    const pathHost = hostOfPath.get(primary.path) ?? primary.host;
    if (pathHost !== primary.host) {
      throw new ConversionError(
        primary.file,
        primary.path,
        `one path template sent to two hosts (${pathHost}, ${primary.host})`,
      );
    }
    hostOfPath.set(primary.path, primary.host);
    if (primary.host !== defaultHost) {
      item.servers = environments.map((environment) => ({
        url: environment.hosts[primary.host],
        description: environment.name,
      }));
    }
    item[primary.method.toLowerCase()] = operation(primary, aliases, renamed, {
      errorStatuses,
      componentOf,
      defaultErrors,
    });
  }
  const servers = environments.map((environment) => ({
    url: environment.hosts[defaultHost],
    description: environment.name,
  }));
  return { paths, errorSchemas, defaultErrors: [...defaultErrors].sort(), servers };
}

/**
 * @param {ClientMethod} method
 * @param {ClientMethod[]} aliases other SDK methods sending the same request
 * @param {Map<ClientMethod, string[]>} renamed notes on path parameters renamed for OpenAPI
 * @param {ErrorContext} errors
 */
function operation(method, aliases, renamed, errors) {
  const notes = [method.docs.description];
  if (aliases.length > 0) {
    notes.push(
      `The SDK also sends this request as ${aliases.map((alias) => `\`${operationId(alias)}\``).join(", ")}.`,
    );
  }
  notes.push(...(renamed.get(method) ?? []));
  /** @type {Record<string, any>} */
  const op = {
    operationId: operationId(method),
    "x-caduceus-host": method.host,
    "x-fern-sdk-method": operationId(method),
    parameters: [
      ...method.pathParameters.map((parameter) => ({
        name: parameter.name,
        in: "path",
        required: true,
        schema: parameter.schema,
      })),
      ...method.queryParameters.map((parameter) => ({
        name: parameter.name,
        in: "query",
        required: parameter.required,
        schema: parameter.schema,
        ...(parameter.repeatable ? { style: "form", explode: true } : {}),
      })),
    ],
    responses: responses(method, errors),
  };
  const description = notes.filter(Boolean).join("\n\n");
  if (description) op.description = description;
  if (aliases.length > 0) op["x-fern-sdk-method-aliases"] = aliases.map(operationId);
  if (op.parameters.length === 0) delete op.parameters;
  if (method.docs.deprecated) op.deprecated = true;
  if (method.docs.beta) op["x-fern-availability"] = "beta";
  if (!method.authenticated) op.security = [];
  if (method.body) op.requestBody = requestBody(method.body);
  return op;
}

/**
 * @param {NonNullable<ClientMethod["body"]>} body
 */
function requestBody(body) {
  if (body.kind === "json") {
    return { required: !body.optional, content: { "application/json": { schema: body.schema } } };
  }
  const required = body.fields.filter((field) => field.required).map((field) => field.name);
  return {
    required: true,
    content: {
      "multipart/form-data": {
        schema: {
          type: "object",
          properties: Object.fromEntries(body.fields.map((field) => [field.name, field.schema])),
          ...(required.length > 0 ? { required } : {}),
        },
      },
    },
  };
}

/**
 * @param {ClientMethod} method
 * @param {ErrorContext} errors
 */
function responses(method, { errorStatuses, componentOf, defaultErrors }) {
  /** @type {Record<string, any>} */
  const out = {};
  if (method.response.kind === "json") {
    out["200"] = {
      description: "Success",
      content: { "application/json": { schema: method.response.schema } },
    };
  } else if (method.response.kind === "untyped") {
    out["200"] = {
      description: "Success; the SDK does not type this body",
      content: { "application/json": { schema: {} } },
    };
  } else {
    out["200"] = { description: "Success, no body" };
  }
  /** @type {Map<string, string[]>} */
  const byStatus = new Map();
  for (const error of method.errors) {
    const component = componentOf(method, error);
    const status = errorStatuses.get(error.name);
    if (!status) defaultErrors.add(error.name);
    const key = status ?? "default";
    byStatus.set(key, [...(byStatus.get(key) ?? []), component]);
  }
  for (const [status, components] of byStatus) {
    const refs = components.map((name) => ({ $ref: `#/components/schemas/${name}` }));
    const names = components.map((name) => name.split(".").at(-1));
    out[status] = {
      description: `${names.join(", ")} (Fern error${names.length > 1 ? "s" : ""}, body \`{ errorName, content }\`)`,
      content: { "application/json": { schema: refs.length === 1 ? refs[0] : { oneOf: refs } } },
    };
  }
  return out;
}

/**
 * The body of one Fern error on the wire.
 *
 * @param {ClientMethod["errors"][number]} error
 * @returns {JsonSchema}
 */
function errorBody(error) {
  return {
    type: "object",
    properties: {
      errorName: { type: "string", const: error.name },
      ...(error.content ? { content: error.content } : {}),
    },
    required: error.content ? ["errorName", "content"] : ["errorName"],
  };
}

/**
 * Names one component per distinct error body: `errors.<Name>`, or `errors.<host>.<Name>` where the
 * hosts declare different bodies under one name (e.g. BadRequestError).
 *
 * @param {ClientMethod[]} methods
 * @returns {{ componentOf: (method: ClientMethod, error: ClientMethod["errors"][number]) => string, schemas: Record<string, JsonSchema> }}
 */
function errorComponents(methods) {
  /** @type {Map<string, Map<string, { schema: JsonSchema, hosts: Set<string> }>>} */
  const bodies = new Map();
  for (const method of methods) {
    for (const error of method.errors) {
      const schema = errorBody(error);
      const byShape = bodies.get(error.name) ?? new Map();
      bodies.set(error.name, byShape);
      const shape = canonicalJson(schema);
      const entry = byShape.get(shape) ?? { schema, hosts: new Set() };
      entry.hosts.add(method.host);
      byShape.set(shape, entry);
    }
  }
  /** @type {Record<string, JsonSchema>} */
  const schemas = {};
  /** @type {Map<string, string>} "name host" → component */
  const names = new Map();
  for (const [name, byShape] of bodies) {
    const shapes = [...byShape.values()];
    for (const { schema, hosts } of shapes) {
      const qualified = shapes.length > 1;
      for (const host of hosts) {
        if (qualified && shapes.filter((other) => other.hosts.has(host)).length > 1) {
          const where = methods.find(
            (method) => method.host === host && method.errors.some((e) => e.name === name),
          );
          throw new ConversionError(
            where?.file ?? "api",
            name,
            `one Fern error name with two different bodies on host ${host}`,
          );
        }
        const component = qualified ? `errors.${host}.${name}` : `errors.${name}`;
        names.set(`${name} ${host}`, component);
        schemas[component] = schema;
      }
    }
  }
  return {
    schemas,
    componentOf: (method, error) => /** @type {string} */ (names.get(`${error.name} ${method.host}`)),
  };
}

/**
 * OpenAPI allows one spelling of a path template: where two methods' templates differ only in parameter
 * names (e.g. `{encounter_id}` vs `{guarantor_id}`), the most used name wins (ties: alphabetical) and
 * the renamed operations say so in their description.
 *
 * @param {ClientMethod[]} methods rewritten in place
 * @returns {Map<ClientMethod, string[]>} notes per renamed method
 */
function unifyParameterNames(methods) {
  /** @type {Map<string, ClientMethod[]>} */
  const byShape = new Map();
  for (const method of methods) {
    const shape = method.path.replace(/\{[^}]*\}/g, "{}");
    byShape.set(shape, [...(byShape.get(shape) ?? []), method]);
  }
  /** @type {Map<ClientMethod, string[]>} */
  const notes = new Map();
  for (const group of byShape.values()) {
    const positions = group[0]?.pathParameters.length ?? 0;
    for (let index = 0; index < positions; index += 1) {
      /** @type {Map<string, number>} */
      const counts = new Map();
      for (const method of group) {
        const name = /** @type {{ name: string }} */ (method.pathParameters[index]).name;
        counts.set(name, (counts.get(name) ?? 0) + 1);
      }
      if (counts.size === 1) continue;
      const [chosen] = /** @type {[string, number]} */ (
        [...counts.entries()].sort(([a, m], [b, n]) => n - m || (a < b ? -1 : 1))[0]
      );
      for (const method of group) {
        const parameter = /** @type {{ name: string }} */ (method.pathParameters[index]);
        if (parameter.name === chosen) continue;
        notes.set(method, [
          ...(notes.get(method) ?? []),
          `Path parameter \`${chosen}\` is what Candid's SDK names \`${parameter.name}\` for this call: OpenAPI allows one name per path template, and other operations on this path use \`${chosen}\`.`,
        ]);
        method.path = method.path.replace(`{${parameter.name}}`, `{${chosen}}`);
        parameter.name = chosen;
      }
    }
  }
  return notes;
}

/**
 * The operationId of a client method: its namespace path and name, as the SDK is called
 * (`client.encounters.v4.create` → "encounters.v4.create").
 *
 * @param {ClientMethod} method
 */
export function operationId(method) {
  return `${method.namespace}.${method.name}`;
}

/**
 * The request and success response, for comparing SDK methods that send the same HTTP request. Path
 * parameter types and declared errors may differ between them: {@link mergeAliases} joins those.
 *
 * @param {ClientMethod} method
 */
function wireShape(method) {
  const { host, method: verb, path, queryParameters, body, response, authenticated } = method;
  return canonicalJson({ host, verb, path, queryParameters, body, response, authenticated });
}

/**
 * One operation for several SDK methods sending one request (e.g. `writeOffs.v1.revert` and
 * `revertInsuranceBalanceAdjustment`): path parameters accept any of their types, errors are the union.
 *
 * @param {ClientMethod} primary
 * @param {ClientMethod[]} aliases
 * @returns {ClientMethod}
 */
function mergeAliases(primary, aliases) {
  if (aliases.length === 0) return primary;
  const pathParameters = primary.pathParameters.map((parameter, index) => {
    const schemas = [parameter.schema, ...aliases.map((alias) => alias.pathParameters[index]?.schema ?? {})];
    const distinct = [...new Map(schemas.map((schema) => [canonicalJson(schema), schema])).values()];
    return { name: parameter.name, schema: distinct.length === 1 ? parameter.schema : { anyOf: distinct } };
  });
  const errors = [
    ...new Map(
      [primary, ...aliases].flatMap((method) => method.errors).map((error) => [error.name, error]),
    ).values(),
  ];
  errors.sort((a, b) => (a.name < b.name ? -1 : 1));
  return { ...primary, pathParameters, errors };
}
