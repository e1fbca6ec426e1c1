import { OperationOutcomeError, validateResource } from "@medplum/core";
import { Ajv, type ValidateFunction } from "ajv";
import { fhirJsonSchema, loadFhirDefinitions } from "./definitions.js";

/** One OperationOutcome issue produced by validation. */
export interface ValidationIssue {
  /** Always `"error"`: any issue rejects the resource. */
  severity: "error";
  /** FHIR issue type: `structure`, `required`, `value`, `invariant`, … */
  code: "structure" | "required" | "value" | "invariant" | "invalid" | "processing";
  /** What is wrong, naming the element. */
  diagnostics: string;
  /** FHIRPath-like location of the element, e.g. `Observation.status`. */
  expression?: string[];
}

let ajv: Ajv | undefined;

/**
 * Ajv on HL7's JSON Schema, one compiled validator per resource type: element names, JSON types, and
 * the codes of required value sets (enums). `undefined` for a type the schema does not define.
 */
function jsonSchemaValidator(type: string): ValidateFunction | undefined {
  if (!ajv) {
    ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
    ajv.addSchema(fhirJsonSchema(), "fhir");
  }
  if (!/^[A-Z][A-Za-z]+$/.test(type)) return undefined;
  try {
    return ajv.getSchema(`fhir#/definitions/${type}`);
  } catch {
    return undefined;
  }
}

/**
 * Validates a resource against HL7's FHIR R4 definitions, as a FHIR server does on create and update:
 * the JSON Schema (element names, types, codes of the value sets HL7 binds as required, such as
 * `Observation.status`) and the StructureDefinitions (cardinality, required elements, invariants, via
 * `@medplum/core`). Returns every issue found; an empty list means valid.
 *
 * @example
 * ```ts
 * validateFhirResource({ resourceType: "Observation", status: "done", code: { text: "x" } });
 * // [{ severity: "error", code: "value", diagnostics: "Observation.status must be one of …", … }]
 * ```
 */
export function validateFhirResource(resource: unknown): ValidationIssue[] {
  loadFhirDefinitions();
  const issues: ValidationIssue[] = [];
  const type = String((resource as { resourceType?: unknown }).resourceType);
  const validate = jsonSchemaValidator(type);
  if (!validate) {
    return [{ severity: "error", code: "structure", diagnostics: `${type} is not a FHIR R4 resource type.` }];
  }
  if (!validate(resource)) {
    for (const error of validate.errors ?? []) {
      const path = `${type}${error.instancePath.replaceAll("/", ".")}`;
      const allowed = error.params as { allowedValues?: unknown[]; additionalProperty?: string };
      const diagnostics =
        error.keyword === "enum"
          ? `${path} must be one of ${allowed.allowedValues?.join(", ")}`
          : error.keyword === "additionalProperties"
            ? `${path}.${allowed.additionalProperty} is not an element of ${type}`
            : `${path} ${error.message ?? "is invalid"}`;
      issues.push({
        severity: "error",
        code: error.keyword === "enum" ? "value" : error.keyword === "required" ? "required" : "structure",
        diagnostics,
        expression: [path],
      });
    }
  }
  try {
    validateResource(resource as Parameters<typeof validateResource>[0]);
  } catch (error) {
    if (!(error instanceof OperationOutcomeError)) throw error;
    for (const issue of error.outcome.issue ?? []) {
      const diagnostics = `${issue.expression?.join(", ") ?? type}: ${issue.details?.text ?? issue.diagnostics ?? "invalid"}`;
      if (issues.some((known) => known.expression?.[0] === issue.expression?.[0])) continue;
      issues.push({
        severity: "error",
        code: issue.code === "invariant" ? "invariant" : "structure",
        diagnostics,
        ...(issue.expression ? { expression: issue.expression } : {}),
      });
    }
  }
  return issues;
}
