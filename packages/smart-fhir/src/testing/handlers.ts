import { type HttpHandler, http } from "msw";

/**
 * msw handlers for the kit's three routes (smart-configuration, token endpoint, FHIR endpoint), each
 * answered by the mock's `respond`: msw users and loopback servers get the same answers.
 */
export function createSmartFhirHandlers(
  baseUrl: string,
  tokenUrl: string,
  respond: (request: Request) => Promise<Response>,
): HttpHandler[] {
  const answer = ({ request }: { request: Request }) => respond(request);
  return [
    http.get(`${baseUrl}/.well-known/smart-configuration`, answer),
    http.post(tokenUrl, answer),
    http.all(`${baseUrl}/*`, answer),
  ];
}
