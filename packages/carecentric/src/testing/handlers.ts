import { type FhirInteraction, type FhirRoute, handleFhirRequest } from "@caduceus/fhir-mock";
import { http } from "msw";
import { type FhirServer, isWritable } from "./fhir-server.js";

/** What an API call needs: read or write access to a resource type. */
export type Access = FhirRoute["access"];
/** Decides whether a request may go on; a Response when it may not (401, 403). */
export type Gate = (request: Request, route: FhirRoute) => Promise<Response | undefined>;

/** The interactions Graphnet documents: read and search of every type, create/update/delete of a few. */
function documented(type: string, interaction: FhirInteraction): boolean {
  if (interaction === "read" || interaction === "search") return true;
  return (
    isWritable(type) && (interaction === "create" || interaction === "update" || interaction === "delete")
  );
}

/**
 * msw handlers for the CareCentric FHIR API: `@caduceus/fhir-mock`'s FHIR R4 RESTful API over `server`,
 * after `gate` has checked the subscription key, the token and its scopes. An interaction Graphnet
 * does not document answers 405; errors are OperationOutcomes (the vendor documents none).
 */
export function apiHandlers(baseUrl: string, server: FhirServer, gate: Gate) {
  return [
    http.all(`${baseUrl}/*`, ({ request }) =>
      handleFhirRequest(server, request, { gate, supports: documented }),
    ),
  ];
}
