import type { ApiGuard, TokenIssuer } from "@caduceus/auth-core/testing";
import { type HttpHandler, HttpResponse, http } from "msw";
import { createOpenApiHttp } from "openapi-msw";
import type { components, paths } from "../generated/openapi.js";
import type { ArzamedMockClinic } from "./fixtures.js";

/**
 * The typed handlers of Arzamed's API behind `guard`: `GET {base}/equipe/doctors` answers the doctors of
 * the clinic the token belongs to, 403 with no body once that clinic's key is revoked; undocumented
 * paths answer a bare 404, so a wrong path fails loudly.
 */
export function createArzamedApiHandlers(
  baseUrl: string,
  guard: ApiGuard,
  issuer: TokenIssuer,
  clinics: () => readonly ArzamedMockClinic[],
  revoked: ReadonlySet<string>,
): HttpHandler[] {
  const api = createOpenApiHttp<paths>({ baseUrl });
  return [
    api.get("/equipe/doctors", async ({ request, response }) => {
      const denied = await guard(request);
      if (denied) return response.untyped(denied);
      // The guard accepted the token, so it names its clinic.
      const check = issuer.check(request.headers.get("authorization"));
      const clinic = clinics().find((c) => check.ok && c.name === check.subject)!;
      if (revoked.has(clinic.name)) return response(403).empty();
      return response(200).json(clinic.doctors satisfies components["schemas"]["Doctor"][]);
    }),
    http.all(`${baseUrl}/*`, () => new HttpResponse(null, { status: 404 })),
  ];
}
