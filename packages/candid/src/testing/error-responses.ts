import { declaredErrors } from "./declared-errors.js";
import { type IndexedOperation, type OpenApiDocument, resolveRef } from "./description.js";
import type { RequestProblem } from "./request-validator.js";
import { sampleOf } from "./sample.js";

/** Statuses of Candid's errors when an operation does not declare them (as Candid's SDKs list them). */
const FALLBACK_STATUS: Record<string, number> = {
  HttpRequestValidationsError: 422,
  HttpRequestValidationError: 422,
  BadRequestError: 400,
  EntityNotFoundError: 404,
  NotFoundError: 404,
  VersionConflictError: 409,
  EncounterExternalIdUniquenessError: 422,
};

/** Candid's error answers of one operation, built from what the description declares. */
export interface ErrorResponder {
  /**
   * The first of `names` the operation declares (else the last), as Candid sends it: its status and
   * `{errorName, content}`, the content generated from its schema with the `hints` it has fields for
   * (`list` replaces a list content).
   */
  errorResponse(
    operation: IndexedOperation,
    names: readonly string[],
    hints: Record<string, unknown>,
  ): Response;
  /** A request that fails validation: 422 `HttpRequestValidationsError` (core) or 400 `BadRequestError` (pre-encounter). */
  invalid(operation: IndexedOperation, problems: RequestProblem[]): Response;
  /** No item with this id: 404 `EntityNotFoundError` (core) or `NotFoundError` (pre-encounter). */
  notFound(operation: IndexedOperation, id: string): Response;
}

/**
 * Builds Candid's error answers from the description: each error under the status the operation
 * declares it with, its content valid against its schema.
 *
 * @example
 * ```ts
 * const { notFound } = createErrorResponder(document);
 * notFound(operation, "enc-1"); // 404 {"errorName":"EntityNotFoundError","content":{"id":"enc-1"}}
 * ```
 */
export function createErrorResponder(document: OpenApiDocument): ErrorResponder {
  const json = (status: number, body: unknown) => Response.json(body, { status });

  function errorResponse(
    operation: IndexedOperation,
    names: readonly string[],
    hints: Record<string, unknown>,
  ) {
    const declared = declaredErrors(document, operation.operation);
    const name = names.find((candidate) => declared.has(candidate)) ?? names.at(-1)!;
    const found = declared.get(name);
    const status = found?.status ?? FALLBACK_STATUS[name] ?? 400;
    // An error the operation does not declare still has Candid's shape for it, from the document.
    const contentSchema = found?.content ?? errorContent(name, operation.host);
    let content = contentSchema ? sampleOf(document, contentSchema) : {};
    if (Array.isArray(content) && Array.isArray(hints.list)) content = hints.list;
    else if (typeof content === "object" && content !== null) {
      // Only fields the error's content declares (its sample carries every scalar one).
      const declared = (resolveRef(document, contentSchema)?.properties ?? {}) as Record<string, unknown>;
      for (const [field, value] of Object.entries(hints)) {
        if (field in content || field in declared) (content as Record<string, unknown>)[field] = value;
      }
    }
    return json(status, { errorName: name, content });
  }

  /**
   * The `content` schema of an error by name where the operation does not declare it: the host's own
   * error of that name (`errors.preEncounter.BadRequestError`), else any the document declares.
   */
  function errorContent(name: string, host: IndexedOperation["host"]): unknown {
    const schemas = document.components?.schemas ?? {};
    const own = schemas[`errors.${host}.${name}`] ?? schemas[`errors.${name}`];
    for (const schema of own ? [own] : Object.values(schemas)) {
      const properties = schema.properties as Record<string, { const?: unknown }> | undefined;
      if (properties?.errorName?.const === name) return properties.content;
    }
    return undefined;
  }

  function invalid(operation: IndexedOperation, problems: RequestProblem[]): Response {
    const message = problems.map((problem) => problem.humanReadableMessage).join(" ");
    // Undeclared, the core host answers 422 HttpRequestValidationsError, the pre-encounter host 400 BadRequestError.
    const fallback = operation.host === "preEncounter" ? "BadRequestError" : "HttpRequestValidationsError";
    return errorResponse(
      operation,
      ["HttpRequestValidationsError", "HttpRequestValidationError", "BadRequestError", fallback],
      { list: problems, ...problems[0], message, data: problems },
    );
  }

  function notFound(operation: IndexedOperation, id: string): Response {
    const fallback = operation.host === "preEncounter" ? "NotFoundError" : "EntityNotFoundError";
    return errorResponse(operation, ["EntityNotFoundError", "NotFoundError", fallback], {
      id,
      message: `No item with id ${id}.`,
    });
  }

  return { errorResponse, invalid, notFound };
}
