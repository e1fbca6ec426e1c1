import { declaredFields, fieldSchema } from "./declared-fields.js";
import {
  type IndexedOperation,
  indexOperations,
  matchOperation,
  type OpenApiDocument,
  pointerSegment,
  resolveRef,
} from "./description.js";
import { createErrorResponder } from "./error-responses.js";
import { RequestValidator } from "./request-validator.js";
import {
  CANDID_RESOURCES,
  type CandidResourceName,
  PAGING_PARAMETERS,
  type ResourceRules,
} from "./resources.js";
import { sampleOf } from "./sample.js";

/** Items kept by the mock, by resource name (`encounters`, `patients`, `events`, …), in creation order. */
export type CandidMockData = Record<CandidResourceName, Record<string, unknown>[]>;

/** What the API part of the mock needs besides the description. */
export interface CandidApiOptions {
  /** Items to start with, by resource name (payers, events, …). */
  seed?: Partial<CandidMockData>;
  /** The mock's idea of now, in epoch ms (timestamps of created items and events). */
  now(): number;
}

/** The API part of the mock: answers a request on one host the way Candid would. */
export interface CandidApi {
  /** The stored items, by resource name. */
  data: CandidMockData;
  /** The description's operations, indexed. */
  operations: readonly IndexedOperation[];
  /** Request validation against the description (also for checking examples in tests). */
  validator: RequestValidator;
  /** Answers `request`, whose path relative to the host's base URL is `path`. */
  handle(request: Request, host: IndexedOperation["host"], path: string): Promise<Response>;
}

const json = (status: number, body: unknown) => Response.json(body, { status });

// Compiled schemas hold no state: every mock of one description shares them (a test suite creates many).
const validators = new WeakMap<OpenApiDocument, RequestValidator>();
function validatorFor(document: OpenApiDocument): RequestValidator {
  let validator = validators.get(document);
  if (!validator) {
    validator = new RequestValidator(document);
    validators.set(document, validator);
  }
  return validator;
}

/**
 * Builds the API part of the mock from the description: every operation is matched by method and
 * path on its own host (anything else answers 404), its request is validated (Candid's error shapes
 * when it is wrong), the resources of {@link CANDID_RESOURCES} keep state, and every other operation
 * answers a deterministic value valid against its response schema.
 */
export function createCandidApi(document: OpenApiDocument, options: CandidApiOptions): CandidApi {
  const operations = indexOperations(document);
  const validator = validatorFor(document);
  const data = {} as CandidMockData;
  const byOperation = new Map<string, { rules: ResourceRules; role: keyof ResourceRules }>();
  for (const rules of CANDID_RESOURCES) {
    data[rules.name] = [];
    for (const role of ["create", "get", "list", "update", "versionedUpdate", "deactivate"] as const) {
      const key = rules[role];
      if (key) byOperation.set(key, { rules, role });
    }
  }
  const { errorResponse, invalid, notFound } = createErrorResponder(document);
  let sequence = 0;
  const nextId = () => `00000000-0000-4000-8000-${(++sequence).toString(16).padStart(12, "0")}`;
  const timestamp = () => new Date(options.now()).toISOString();

  /** The success response of an operation: status and JSON schema (none for an empty answer). */
  function success(operation: IndexedOperation): { status: number; pointer?: string; schema?: unknown } {
    const responses = (operation.operation.responses ?? {}) as Record<string, unknown>;
    const code = Object.keys(responses).find((status) => /^2\d\d$/.test(status)) ?? "200";
    const response = resolveRef(document, responses[code]) as {
      content?: Record<string, { schema?: unknown }>;
    };
    const schema = response?.content?.["application/json"]?.schema;
    const declared = responses[code] as { $ref?: string } | undefined;
    const at = typeof declared?.$ref === "string" ? declared.$ref : `${operation.pointer}/responses/${code}`;
    return {
      status: Number(code),
      ...(schema === undefined
        ? {}
        : { schema, pointer: `${at}/content/${pointerSegment("application/json")}/schema` }),
    };
  }

  /**
   * The answer's sample with as much of `value` (the request's fields, the stored item) as fits the
   * answer's schema: field by field, and inside objects where a whole object does not fit.
   */
  function fitted(operation: IndexedOperation, value: Record<string, unknown>): Record<string, unknown> {
    const { schema, pointer } = success(operation);
    if (!pointer) return value;
    const validate = validator.schema(pointer);
    const out = sampleOf(document, schema) as Record<string, unknown>;
    if (!validate(out)) return value;
    const fit = (target: Record<string, unknown>, source: Record<string, unknown>, at: unknown) => {
      // The answer's schema does not forbid other fields, so "still valid" alone would echo request-only
      // fields (a charge capture's `data`) that Candid's answer never has.
      const known = declaredFields(document, at);
      for (const [field, next] of Object.entries(source)) {
        if (known && !known.has(field)) continue;
        const before = target[field];
        const had = field in target;
        target[field] = next;
        if (validate(out)) continue;
        if (isRecord(before) && isRecord(next)) {
          target[field] = structuredClone(before);
          fit(target[field] as Record<string, unknown>, next, fieldSchema(document, at, field));
        } else if (had) target[field] = before;
        else delete target[field];
      }
    };
    fit(out, value, schema);
    return out;
  }

  function record(eventType: string, payload: unknown) {
    data.events.push({
      id: nextId(),
      created_at: timestamp(),
      timestamp: timestamp(),
      event_type: eventType,
      schema_version: "1",
      payload,
    });
  }

  function list(operation: IndexedOperation, rules: ResourceRules, query: URLSearchParams): Response {
    let items = [...data[rules.name]];
    if (rules.newestFirst) items.reverse();
    for (const name of new Set(query.keys())) {
      if (PAGING_PARAMETERS.has(name)) continue;
      const wanted = query.getAll(name);
      // A filter named like a field (`external_id`), or its plural for a list of values (`event_types`).
      const field = [name, name.replace(/s$/, "")].find((candidate) =>
        items.some((item) => candidate in item),
      );
      if (field) items = items.filter((item) => wanted.includes(String(item[field])));
    }
    const term = query.get("search_term")?.toLowerCase();
    if (term && rules.searchFields) {
      items = items.filter((item) =>
        rules.searchFields!.some((field) =>
          String(item[field] ?? "")
            .toLowerCase()
            .includes(term),
        ),
      );
    }
    const limit = Number(query.get("limit") ?? 100) || 100;
    const offset = Number(atobSafe(query.get("page_token")) ?? 0);
    const page = items.slice(offset, offset + limit);
    const next = offset + limit < items.length ? btoa(String(offset + limit)) : undefined;
    const previous = offset > 0 ? btoa(String(Math.max(0, offset - limit))) : undefined;
    const { status, schema } = success(operation);
    const base = sampleOf(document, schema) as Record<string, unknown>;
    const answer: Record<string, unknown> = { ...base, items: page };
    delete answer.next_page_token;
    delete answer.prev_page_token;
    if (next !== undefined) answer.next_page_token = next;
    if (previous !== undefined && "properties" in (resolveRef(document, schema) ?? {})) {
      const properties = resolveRef(document, schema)?.properties as Record<string, unknown>;
      if ("prev_page_token" in properties) answer.prev_page_token = previous;
    }
    return json(status, answer);
  }

  function stateful(
    operation: IndexedOperation,
    rules: ResourceRules,
    role: keyof ResourceRules,
    path: Record<string, string>,
    query: URLSearchParams,
    body: unknown,
  ): Response {
    const items = data[rules.name];
    const id = path[operation.pathParams[0] ?? ""] ?? "";
    const found = items.find((item) => String(item[rules.idField]) === id);
    const { status } = success(operation);
    switch (role) {
      case "list":
        return list(operation, rules, query);
      case "create": {
        const unique = rules.unique;
        const value = unique && (body as Record<string, unknown>)?.[unique.field];
        if (unique && value !== undefined && items.some((item) => item[unique.field] === value)) {
          return errorResponse(operation, [unique.errorName], { [unique.field]: value });
        }
        const base = sampleOf(document, success(operation).schema) as Record<string, unknown>;
        const item = fitted(operation, { ...base, ...(body as object), [rules.idField]: nextId() });
        if ("version" in base) item.version = 1;
        items.push(item);
        if (rules.createdEvent) record(rules.createdEvent, { id: item[rules.idField] });
        return json(status, item);
      }
      case "get":
        return found ? json(status, found) : notFound(operation, id);
      case "update": {
        if (!found) return notFound(operation, id);
        Object.assign(
          found,
          fitted(operation, { ...found, ...(body as object), [rules.idField]: found[rules.idField] }),
        );
        return json(status, found);
      }
      case "versionedUpdate":
      case "deactivate": {
        if (!found) return notFound(operation, id);
        const version = Number(path.version);
        if (typeof found.version === "number" && version !== found.version) {
          return errorResponse(operation, ["VersionConflictError"], {
            latest_version: found.version,
            message: `Version ${version} is not the latest (${found.version}).`,
          });
        }
        const next = role === "deactivate" ? { deactivated: true } : (body as object);
        Object.assign(found, fitted(operation, { ...found, ...next, [rules.idField]: found[rules.idField] }));
        if (typeof found.version === "number") found.version += 1;
        return status === 204 ? new Response(null, { status }) : json(status, found);
      }
      default:
        return json(status, found ?? {});
    }
  }

  for (const [name, seeded] of Object.entries(options.seed ?? {})) {
    data[name as CandidResourceName] = [...(seeded ?? [])];
  }

  return {
    data,
    operations,
    validator,
    async handle(request, host, path) {
      const matched = matchOperation(operations, host, request.method, path);
      if (!matched) return json(404, { detail: "Not Found" });
      const { operation } = matched;
      const url = new URL(request.url);
      const text = await request.text();
      const mediaType = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
      let body: unknown;
      if (text !== "" && mediaType === "application/json") {
        try {
          body = JSON.parse(text);
        } catch {
          return invalid(operation, [{ fieldName: "body", humanReadableMessage: "body is not valid JSON." }]);
        }
      }
      const problems = validator.validate(operation, {
        path: matched.path,
        query: url.searchParams,
        body,
        hasBody: text !== "",
        mediaType,
      });
      if (problems.length > 0) return invalid(operation, problems);
      const resource = byOperation.get(`${operation.method} ${operation.template}`);
      if (resource)
        return stateful(operation, resource.rules, resource.role, matched.path, url.searchParams, body);
      const { status, schema } = success(operation);
      if (schema === undefined) return new Response(null, { status: status === 200 ? 200 : status });
      const answer = sampleOf(document, schema);
      // One page, the last: a generated next token would send a paginating caller round forever.
      if (isRecord(answer)) delete answer.next_page_token;
      return json(status, answer);
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function atobSafe(token: string | null): string | undefined {
  if (!token) return undefined;
  try {
    const decoded = atob(token);
    return /^\d+$/.test(decoded) ? decoded : undefined;
  } catch {
    return undefined;
  }
}
