import { HttpResponse } from "msw";
import type { FhirError, FhirResult, IssueType } from "./fhir-server.js";
import { operationOutcome } from "./fhir-server.js";
import type { ResourceType } from "./fixtures.js";

/** FHIR's JSON media type, on every answer of the mock's FHIR API. */
export const FHIR_JSON = "application/fhir+json";

/** Answers a FHIR error (OperationOutcome) with the FHIR media type. */
export function fhirError(error: FhirError, headers: Record<string, string> = {}): Response {
  return HttpResponse.json(error.outcome, {
    status: error.status,
    headers: { "content-type": FHIR_JSON, ...headers },
  });
}

/** What an API call needs: read or write access to a resource type. */
export type Access = "read" | "write";
/** Decides whether a request may go on; a Response when it may not (401, 403, 406). */
export type Gate = (request: Request, type: ResourceType, access: Access) => Response | undefined;

/** Reads the body of a write: FHIR JSON, or plain JSON (both in the docs' `_format` list). */
export async function readBody(request: Request): Promise<FhirResult<unknown>> {
  const type = request.headers.get("content-type") ?? "";
  const fail = (status: number, code: IssueType, text: string) => ({
    ok: false as const,
    error: { status, outcome: operationOutcome(code, text) },
  });
  if (!/^application\/(fhir\+)?json\b/i.test(type))
    return fail(
      415,
      "not-supported",
      `Content-Type ${type || "(none)"} is not supported; send ${FHIR_JSON}.`,
    );
  try {
    return { ok: true, status: 200, value: await request.json() };
  } catch {
    return fail(400, "structure", "The body is not valid JSON.");
  }
}

/** True for a {@link FhirError} (not a Response). */
export function isFhirError(value: unknown): value is FhirError {
  return typeof value === "object" && value !== null && "outcome" in value && !(value instanceof Response);
}
