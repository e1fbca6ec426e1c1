import { createOpenApiHttp } from "openapi-msw";
import type { paths } from "../generated/openapi.js";
import { type Access, FHIR_JSON, fhirError, type Gate, isFhirError, readBody } from "./fhir-http.js";
import type { FhirError, FhirServer, WritableType } from "./fhir-server.js";
import type { ResourceType } from "./fixtures.js";

const fhirHeaders = { "content-type": FHIR_JSON };
const json = { headers: fhirHeaders };
type Untyped<R> = { request: Request; response: { untyped(r: Response): R } };

/**
 * Typed msw handlers (openapi-msw) for every operation of the CareCentric description, answering from
 * `server` after `gate` has checked the subscription key, the token and its scopes. Errors are
 * OperationOutcomes (untyped: the vendor documents none).
 */
export function apiHandlers(baseUrl: string, server: FhirServer, gate: Gate) {
  const http = createOpenApiHttp<paths>({ baseUrl });

  /** Wraps a typed resolver: the gate first, then FHIR errors as OperationOutcome. */
  const on =
    <I extends Untyped<R>, R>(
      type: ResourceType,
      access: Access,
      resolve: (info: I) => Promise<R | FhirError>,
    ) =>
    async (info: I): Promise<R> => {
      const denied = await gate(info.request, type, access);
      if (denied) return info.response.untyped(denied);
      const answer = await resolve(info);
      return isFhirError(answer) ? info.response.untyped(fhirError(answer)) : answer;
    };
  const search = (type: ResourceType, request: Request) => server.search(type, new URL(request.url));
  const body = (request: Request) => readBody(request);
  const created = (type: WritableType, id: string) => ({
    headers: { ...fhirHeaders, location: `${baseUrl}/${type}/${id}/_history/1`, etag: 'W/"1"' },
  });

  return [
    http.get(
      "/Patient",
      on("Patient", "read", async ({ request, response }) => {
        const r = search("Patient", request);
        return r.ok ? response(200).json(r.value, json) : r.error;
      }),
    ),
    http.get(
      "/Patient/{id}",
      on("Patient", "read", async ({ params, response }) => {
        const r = server.read("Patient", params.id);
        return r.ok ? response(200).json(r.value, json) : r.error;
      }),
    ),

    http.get(
      "/AllergyIntolerance",
      on("AllergyIntolerance", "read", async ({ request, response }) => {
        const r = search("AllergyIntolerance", request);
        return r.ok ? response(200).json(r.value, json) : r.error;
      }),
    ),
    http.get(
      "/AllergyIntolerance/{id}",
      on("AllergyIntolerance", "read", async ({ params, response }) => {
        const r = server.read("AllergyIntolerance", params.id);
        return r.ok ? response(200).json(r.value, json) : r.error;
      }),
    ),
    http.post(
      "/AllergyIntolerance",
      on("AllergyIntolerance", "write", async ({ request, response }) => {
        const b = await body(request);
        const r = b.ok ? server.create("AllergyIntolerance", b.value) : b;
        return r.ok ? response(201).json(r.value, created("AllergyIntolerance", r.value.id)) : r.error;
      }),
    ),
    http.put(
      "/AllergyIntolerance/{id}",
      on("AllergyIntolerance", "write", async ({ request, params, response }) => {
        const b = await body(request);
        const r = b.ok ? server.update("AllergyIntolerance", params.id, b.value) : b;
        return r.ok ? response(200).json(r.value, json) : r.error;
      }),
    ),
    http.delete(
      "/AllergyIntolerance/{id}",
      on("AllergyIntolerance", "write", async ({ params, response }) => {
        const r = server.remove("AllergyIntolerance", params.id);
        return r.ok ? response(204).empty() : r.error;
      }),
    ),

    http.get(
      "/Condition",
      on("Condition", "read", async ({ request, response }) => {
        const r = search("Condition", request);
        return r.ok ? response(200).json(r.value, json) : r.error;
      }),
    ),
    http.get(
      "/Condition/{id}",
      on("Condition", "read", async ({ params, response }) => {
        const r = server.read("Condition", params.id);
        return r.ok ? response(200).json(r.value, json) : r.error;
      }),
    ),

    http.get(
      "/Observation",
      on("Observation", "read", async ({ request, response }) => {
        const r = search("Observation", request);
        return r.ok ? response(200).json(r.value, json) : r.error;
      }),
    ),
    http.get(
      "/Observation/{id}",
      on("Observation", "read", async ({ params, response }) => {
        const r = server.read("Observation", params.id);
        return r.ok ? response(200).json(r.value, json) : r.error;
      }),
    ),
    http.post(
      "/Observation",
      on("Observation", "write", async ({ request, response }) => {
        const b = await body(request);
        const r = b.ok ? server.create("Observation", b.value) : b;
        return r.ok ? response(201).json(r.value, created("Observation", r.value.id)) : r.error;
      }),
    ),
    http.put(
      "/Observation/{id}",
      on("Observation", "write", async ({ request, params, response }) => {
        const b = await body(request);
        const r = b.ok ? server.update("Observation", params.id, b.value) : b;
        return r.ok ? response(200).json(r.value, json) : r.error;
      }),
    ),
    http.delete(
      "/Observation/{id}",
      on("Observation", "write", async ({ params, response }) => {
        const r = server.remove("Observation", params.id);
        return r.ok ? response(204).empty() : r.error;
      }),
    ),

    http.get(
      "/Procedure",
      on("Procedure", "read", async ({ request, response }) => {
        const r = search("Procedure", request);
        return r.ok ? response(200).json(r.value, json) : r.error;
      }),
    ),
    http.get(
      "/Procedure/{id}",
      on("Procedure", "read", async ({ params, response }) => {
        const r = server.read("Procedure", params.id);
        return r.ok ? response(200).json(r.value, json) : r.error;
      }),
    ),

    http.get(
      "/MedicationStatement",
      on("MedicationStatement", "read", async ({ request, response }) => {
        const r = search("MedicationStatement", request);
        return r.ok ? response(200).json(r.value, json) : r.error;
      }),
    ),
    http.get(
      "/MedicationStatement/{id}",
      on("MedicationStatement", "read", async ({ params, response }) => {
        const r = server.read("MedicationStatement", params.id);
        return r.ok ? response(200).json(r.value, json) : r.error;
      }),
    ),

    http.get(
      "/MedicationRequest",
      on("MedicationRequest", "read", async ({ request, response }) => {
        const r = search("MedicationRequest", request);
        return r.ok ? response(200).json(r.value, json) : r.error;
      }),
    ),
    http.get(
      "/MedicationRequest/{id}",
      on("MedicationRequest", "read", async ({ params, response }) => {
        const r = server.read("MedicationRequest", params.id);
        return r.ok ? response(200).json(r.value, json) : r.error;
      }),
    ),

    http.get(
      "/Immunization",
      on("Immunization", "read", async ({ request, response }) => {
        const r = search("Immunization", request);
        return r.ok ? response(200).json(r.value, json) : r.error;
      }),
    ),
    http.get(
      "/Immunization/{id}",
      on("Immunization", "read", async ({ params, response }) => {
        const r = server.read("Immunization", params.id);
        return r.ok ? response(200).json(r.value, json) : r.error;
      }),
    ),

    http.get(
      "/Flag",
      on("Flag", "read", async ({ request, response }) => {
        const r = search("Flag", request);
        return r.ok ? response(200).json(r.value, json) : r.error;
      }),
    ),
    http.get(
      "/Flag/{id}",
      on("Flag", "read", async ({ params, response }) => {
        const r = server.read("Flag", params.id);
        return r.ok ? response(200).json(r.value, json) : r.error;
      }),
    ),
    http.post(
      "/Flag",
      on("Flag", "write", async ({ request, response }) => {
        const b = await body(request);
        const r = b.ok ? server.create("Flag", b.value) : b;
        return r.ok ? response(201).json(r.value, created("Flag", r.value.id)) : r.error;
      }),
    ),
    http.put(
      "/Flag/{id}",
      on("Flag", "write", async ({ request, params, response }) => {
        const b = await body(request);
        const r = b.ok ? server.update("Flag", params.id, b.value) : b;
        return r.ok ? response(200).json(r.value, json) : r.error;
      }),
    ),
    http.delete(
      "/Flag/{id}",
      on("Flag", "write", async ({ params, response }) => {
        const r = server.remove("Flag", params.id);
        return r.ok ? response(204).empty() : r.error;
      }),
    ),

    http.get(
      "/FamilyMemberHistory",
      on("FamilyMemberHistory", "read", async ({ request, response }) => {
        const r = search("FamilyMemberHistory", request);
        return r.ok ? response(200).json(r.value, json) : r.error;
      }),
    ),
    http.get(
      "/FamilyMemberHistory/{id}",
      on("FamilyMemberHistory", "read", async ({ params, response }) => {
        const r = server.read("FamilyMemberHistory", params.id);
        return r.ok ? response(200).json(r.value, json) : r.error;
      }),
    ),

    http.get(
      "/QuestionnaireResponse",
      on("QuestionnaireResponse", "read", async ({ request, response }) => {
        const r = search("QuestionnaireResponse", request);
        return r.ok ? response(200).json(r.value, json) : r.error;
      }),
    ),
    http.get(
      "/QuestionnaireResponse/{id}",
      on("QuestionnaireResponse", "read", async ({ params, response }) => {
        const r = server.read("QuestionnaireResponse", params.id);
        return r.ok ? response(200).json(r.value, json) : r.error;
      }),
    ),
    http.post(
      "/QuestionnaireResponse",
      on("QuestionnaireResponse", "write", async ({ request, response }) => {
        const b = await body(request);
        const r = b.ok ? server.create("QuestionnaireResponse", b.value) : b;
        return r.ok ? response(201).json(r.value, created("QuestionnaireResponse", r.value.id)) : r.error;
      }),
    ),
    http.put(
      "/QuestionnaireResponse/{id}",
      on("QuestionnaireResponse", "write", async ({ request, params, response }) => {
        const b = await body(request);
        const r = b.ok ? server.update("QuestionnaireResponse", params.id, b.value) : b;
        return r.ok ? response(200).json(r.value, json) : r.error;
      }),
    ),
    http.delete(
      "/QuestionnaireResponse/{id}",
      on("QuestionnaireResponse", "write", async ({ params, response }) => {
        const r = server.remove("QuestionnaireResponse", params.id);
        return r.ok ? response(204).empty() : r.error;
      }),
    ),

    http.get(
      "/Encounter",
      on("Encounter", "read", async ({ request, response }) => {
        const r = search("Encounter", request);
        return r.ok ? response(200).json(r.value, json) : r.error;
      }),
    ),
    http.get(
      "/Encounter/{id}",
      on("Encounter", "read", async ({ params, response }) => {
        const r = server.read("Encounter", params.id);
        return r.ok ? response(200).json(r.value, json) : r.error;
      }),
    ),
  ];
}
