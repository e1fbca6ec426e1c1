import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import * as formatsModule from "ajv-formats";
import type { IndexedOperation, OpenApiDocument } from "./description.js";
import { pointerSegment, resolveRef } from "./description.js";

/** One fault of a request, in Candid's `RequestValidationError` shape. */
export interface RequestProblem {
  /** Where: a parameter name, or a body field as a dotted path (`patient.date_of_birth`). */
  fieldName: string;
  /** What is wrong, for a person. */
  humanReadableMessage: string;
}

/** What of a request the validator reads. */
export interface RequestParts {
  /** Decoded path parameters by name. */
  path: Record<string, string>;
  /** The query string; a repeated parameter is an array (`event_types=a&event_types=b`). */
  query: URLSearchParams;
  /** The parsed JSON body, `undefined` without one. */
  body: unknown;
  /** Whether a body was sent. */
  hasBody: boolean;
  /** The request's media type (`application/json`, `multipart/form-data`, …), lower case, no parameters. */
  mediaType: string;
}

// ajv-formats is CommonJS: its function is the module itself under Node, `default` under bundlers.
const addFormats = ((formatsModule as { default?: unknown }).default ?? formatsModule) as (
  ajv: Ajv2020,
) => void;
const DOCUMENT_ID = "candid-openapi";

function createAjv(document: OpenApiDocument, coerce: boolean): Ajv2020 {
  // strict: false, because the schemas carry OpenAPI keywords (discriminator, example, x-…) ajv does not know.
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    logger: false,
    coerceTypes: coerce ? "array" : false,
  });
  addFormats(ajv);
  ajv.addSchema({ ...document, $id: DOCUMENT_ID });
  return ajv;
}

/**
 * Validates requests against the description as Candid would: path and query parameters (types, enums,
 * required ones; numbers and booleans read from their text) and the JSON body (required fields, types,
 * enums, formats). Schemas are compiled once per operation, on first use.
 */
export class RequestValidator {
  readonly #document: OpenApiDocument;
  readonly #strict: Ajv2020;
  readonly #coercing: Ajv2020;
  readonly #compiled = new Map<string, ValidateFunction>();

  constructor(document: OpenApiDocument) {
    this.#document = document;
    this.#strict = createAjv(document, false);
    this.#coercing = createAjv(document, true);
  }

  /** A validator of any schema of the document by its JSON pointer (`#/components/schemas/Encounter`). */
  schema(pointer: string): ValidateFunction {
    const key = `schema ${pointer}`;
    let validate = this.#compiled.get(key);
    if (!validate) {
      validate = this.#strict.getSchema(`${DOCUMENT_ID}${pointer}`);
      if (!validate) throw new Error(`The description has no schema at ${pointer}.`);
      this.#compiled.set(key, validate);
    }
    return validate;
  }

  /** The request's faults; empty when Candid would accept it. */
  validate(operation: IndexedOperation, parts: RequestParts): RequestProblem[] {
    return [...this.#parameters(operation, parts), ...this.#body(operation, parts)];
  }

  #parameters(operation: IndexedOperation, parts: RequestParts): RequestProblem[] {
    const key = `parameters ${operation.pointer}`;
    let validate = this.#compiled.get(key);
    if (!validate) {
      const properties: Record<string, unknown> = {};
      const required: string[] = [];
      for (const parameter of operation.parameters) {
        if (parameter.in !== "path" && parameter.in !== "query") continue;
        const name = `${parameter.in}:${parameter.name}`;
        properties[name] = parameter.schema ?? {};
        if (parameter.required || parameter.in === "path") required.push(name);
      }
      // The parameters' schemas may point into the document: compile them where those resolve.
      validate = this.#coercing.compile({
        $id: `${DOCUMENT_ID}-parameters-${this.#compiled.size}`,
        type: "object",
        properties: rebase(properties),
        required,
      });
      this.#compiled.set(key, validate);
    }
    const values: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(parts.path)) values[`path:${name}`] = value;
    for (const name of new Set(parts.query.keys())) {
      const all = parts.query.getAll(name);
      values[`query:${name}`] = all.length > 1 ? all : all[0];
    }
    if (validate(values)) return [];
    return (validate.errors ?? []).map((error) =>
      problem(error, (path) => path.replace(/^(path|query):/, "")),
    );
  }

  #body(operation: IndexedOperation, parts: RequestParts): RequestProblem[] {
    const requestBody = resolveRef(this.#document, operation.operation.requestBody) as
      | { required?: boolean; content?: Record<string, unknown> }
      | undefined;
    if (!requestBody?.content) return [];
    if (!parts.hasBody) {
      return requestBody.required
        ? [{ fieldName: "body", humanReadableMessage: "A request body is required." }]
        : [];
    }
    const media = Object.keys(requestBody.content);
    if (!media.includes("application/json")) return []; // multipart uploads: not checked field by field
    if (parts.mediaType !== "application/json") {
      return [
        {
          fieldName: "body",
          humanReadableMessage: `The body must be application/json, not ${parts.mediaType}.`,
        },
      ];
    }
    // A body declared by reference (components/requestBodies) is addressed where it is defined.
    const declared = operation.operation.requestBody as { $ref?: string };
    const at =
      typeof declared.$ref === "string"
        ? declared.$ref.slice(1)
        : `${operation.pointer.slice(1)}/requestBody`;
    const validate = this.schema(`#${at}/content/${pointerSegment("application/json")}/schema`);
    if (validate(parts.body)) return [];
    return (validate.errors ?? []).map((error) => problem(error, (path) => path));
  }
}

/** Rewrites the document's local references so that they resolve from a schema of another id. */
function rebase(schema: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#\//g, `"$ref":"${DOCUMENT_ID}#/`)) as Record<
    string,
    unknown
  >;
}

/** An ajv error as Candid's `{fieldName, humanReadableMessage}`. */
function problem(error: ErrorObject, name: (path: string) => string): RequestProblem {
  const segments = error.instancePath
    .split("/")
    .slice(1)
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
  if (error.keyword === "required") segments.push(String(error.params.missingProperty));
  const field = name(segments.join(".")) || "body";
  const detail =
    error.keyword === "enum"
      ? `must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`
      : error.keyword === "required"
        ? "is required"
        : (error.message ?? "is invalid");
  return { fieldName: field, humanReadableMessage: `${field} ${detail}.` };
}
