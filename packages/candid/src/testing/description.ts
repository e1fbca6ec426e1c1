import { type CandidHosts, candidHostOf } from "../preset.js";

/** A JSON Schema of the description (OpenAPI 3.1 schemas are JSON Schema 2020-12). */
export type JsonSchema = { [keyword: string]: unknown };

/** The parts of an OpenAPI 3.1 document the mock reads. */
export interface OpenApiDocument {
  /** Path templates → path items (operations by lower-case method, shared `parameters`). */
  paths: Record<string, Record<string, unknown>>;
  /** Reusable parts. */
  components?: {
    /** Named schemas, the targets of `#/components/schemas/…` references. */
    schemas?: Record<string, JsonSchema>;
  };
  [field: string]: unknown;
}

/** One parameter of an operation, as the description declares it. */
export interface OperationParameter {
  /** The wire name (`page_token`). */
  name: string;
  /** Where it travels. */
  in: "path" | "query" | "header" | "cookie";
  /** Whether a request must carry it (path parameters always must). */
  required?: boolean;
  /** Its schema. */
  schema?: JsonSchema;
}

/** One operation of the description, indexed for matching requests. */
export interface IndexedOperation {
  /** Upper-case HTTP method. */
  method: string;
  /** The path template, exactly as Candid sends it (`/api/events/v1/`). */
  template: string;
  /** Which host serves it: the description's `x-caduceus-host`, else the host rule. */
  host: keyof CandidHosts;
  /** `encounters.v4.create`, … (`METHOD template` when the description has none). */
  operationId: string;
  /** The operation object of the description. */
  operation: Record<string, unknown>;
  /** Parameters of the path item and the operation (the operation's win). */
  parameters: OperationParameter[];
  /** JSON pointer of the operation in the document, for schema references. */
  pointer: string;
  /** Matches a request path; its groups are the path parameters, in template order. */
  pattern: RegExp;
  /** Names of the path parameters, in template order. */
  pathParams: string[];
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** `~` and `/` escaped for a JSON pointer segment (RFC 6901, section 3). */
export function pointerSegment(segment: string): string {
  return segment.replaceAll("~", "~0").replaceAll("/", "~1");
}

/** Resolves a local `$ref` (`#/components/schemas/X`) of the document; anything else is returned as is. */
export function resolveRef(document: OpenApiDocument, value: unknown): JsonSchema {
  let current = value as JsonSchema;
  for (let depth = 0; typeof current?.$ref === "string" && depth < 32; depth++) {
    const ref = current.$ref as string;
    if (!ref.startsWith("#/")) break;
    let target: unknown = document;
    for (const raw of ref.slice(2).split("/")) {
      const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
      target = (target as Record<string, unknown> | undefined)?.[key];
    }
    current = target as JsonSchema;
  }
  return current;
}

/**
 * Every operation of the description, ordered so that a template with fewer parameters matches first
 * (`/api/encounters/v4/summary` before `/api/encounters/v4/{encounter_id}`).
 */
export function indexOperations(document: OpenApiDocument): IndexedOperation[] {
  const out: IndexedOperation[] = [];
  for (const [template, item] of Object.entries(document.paths)) {
    const shared = (item.parameters as OperationParameter[] | undefined) ?? [];
    for (const method of METHODS) {
      const operation = item[method] as Record<string, unknown> | undefined;
      if (!operation) continue;
      const own = ((operation.parameters as unknown[] | undefined) ?? []).map(
        (parameter) => resolveRef(document, parameter) as unknown as OperationParameter,
      );
      const parameters = [
        ...shared
          .map((parameter) => resolveRef(document, parameter) as unknown as OperationParameter)
          .filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)),
        ...own,
      ];
      const pathParams: string[] = [];
      const source = template
        .split(/(\{[^}]+\})/)
        .map((part) => {
          const name = /^\{([^}]+)\}$/.exec(part)?.[1];
          if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
          pathParams.push(name);
          return "([^/]+)";
        })
        .join("");
      const host = operation["x-caduceus-host"];
      out.push({
        method: method.toUpperCase(),
        template,
        host: host === "candidApi" || host === "preEncounter" ? host : candidHostOf(template),
        operationId:
          typeof operation.operationId === "string" ? operation.operationId : `${method} ${template}`,
        operation,
        parameters,
        pointer: `#/paths/${pointerSegment(template)}/${method}`,
        pattern: new RegExp(`^${source}$`),
        pathParams,
      });
    }
  }
  return out.sort((a, b) => a.pathParams.length - b.pathParams.length);
}

/** The operation a request is for, with its decoded path parameters; `undefined` when none matches. */
export function matchOperation(
  operations: readonly IndexedOperation[],
  host: keyof CandidHosts,
  method: string,
  path: string,
): { operation: IndexedOperation; path: Record<string, string> } | undefined {
  for (const operation of operations) {
    if (operation.host !== host || operation.method !== method) continue;
    const match = operation.pattern.exec(path);
    if (!match) continue;
    const values: Record<string, string> = {};
    operation.pathParams.forEach((name, index) => {
      values[name] = decodeURIComponent(match[index + 1]!);
    });
    return { operation, path: values };
  }
  return undefined;
}
