// @ts-check
import { compileErrors, validate } from "@readme/openapi-parser";
import { SpecPipelineError } from "./errors.mjs";

export const HTTP_METHODS = /** @type {const} */ ([
  "get",
  "put",
  "post",
  "delete",
  "options",
  "head",
  "patch",
  "trace",
]);

/**
 * Checks a final description against the OpenAPI 3.0 / 3.1 JSON Schema and the spec rules the schema
 * cannot express (unresolvable $refs, duplicate parameters and operationIds, path parameters), with
 * @readme/openapi-parser. Adds the project's own rule: every operation has an operationId, because the
 * generated `operations` type and the vendor packages name calls by it.
 *
 * @param {string} vendor
 * @param {Record<string, any>} doc not modified
 * @returns {Promise<{ operations: number, warnings: string[] }>}
 * @throws {SpecPipelineError} DESCRIPTION_INVALID
 */
export async function validateDescription(vendor, doc) {
  // The parser dereferences in place; validate a copy so the written openapi.json keeps its $refs.
  const copy = /** @type {Exclude<Parameters<typeof validate>[0], string>} */ (structuredClone(doc));
  const result = await validate(copy, { validate: { errors: { colorize: false } } });
  if (!result.valid) {
    throw new SpecPipelineError(
      vendor,
      "DESCRIPTION_INVALID",
      `the final description is not valid OpenAPI:\n${indent(compileErrors(result))}`,
    );
  }
  const unnamed = [];
  let operations = 0;
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = item?.[method];
      if (!operation) continue;
      operations += 1;
      if (typeof operation.operationId !== "string" || operation.operationId === "") {
        unnamed.push(`${method.toUpperCase()} ${path}`);
      }
    }
  }
  if (unnamed.length > 0) {
    throw new SpecPipelineError(
      vendor,
      "DESCRIPTION_INVALID",
      `operations without operationId: ${unnamed.join(", ")}`,
    );
  }
  const warnings = result.warnings.length > 0 ? [compileErrors(result)] : [];
  return { operations, warnings };
}

/** @param {string} text */
function indent(text) {
  const lines = text.trim().split("\n");
  const shown = lines.slice(0, 80).map((line) => `  ${line}`);
  if (lines.length > 80) shown.push(`  … ${lines.length - 80} more lines`);
  return shown.join("\n");
}
