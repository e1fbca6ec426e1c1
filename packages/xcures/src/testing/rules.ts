import type { ApiGuardOptions, TokenRules } from "@caduceus/auth-core/testing";
import type { XcuresMockData } from "./handlers.js";
import type { XcuresMockCredentials } from "./mock.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** NestJS's default exception body (xCures v1 documents status codes only). */
export function nestError(status: number, message: string | string[], error: string): Response {
  return Response.json({ statusCode: status, message, error }, { status });
}

/**
 * xCures' token endpoint: a JSON body `{client_id (uuid), client_secret, grant_type:
 * "client_credentials"}`; anything else is a NestJS 400 listing every problem, wrong credentials a 401;
 * the answer is `{access_token, token_type}` only (the lifetime is in the JWT's `exp`).
 */
export function xcuresTokenRules(
  credentials: XcuresMockCredentials,
  issue: (subject: string) => string,
): TokenRules {
  return ({ body, credentialsOf }) => {
    const expected = credentialsOf(credentials);
    // xCures documents a JSON body only; a body that is not JSON reads as empty, so validation fails.
    const json = body.encoding === "json" ? body.fields : {};
    const problems = [
      ...(typeof json.client_id === "string" && UUID.test(json.client_id)
        ? []
        : ["client_id must be a UUID"]),
      ...(typeof json.client_secret === "string" && json.client_secret !== ""
        ? []
        : ["client_secret should not be empty"]),
      ...(json.grant_type === "client_credentials"
        ? []
        : ["grant_type must be one of the following values: client_credentials"]),
    ];
    if (problems.length > 0) return nestError(400, problems, "Bad Request");
    if (json.client_id !== expected.clientId || json.client_secret !== expected.clientSecret) {
      return nestError(401, "Invalid client credentials", "Unauthorized");
    }
    return Response.json({ access_token: issue(expected.clientId), token_type: "Bearer" });
  };
}

/**
 * xCures' API guard: a live token and a `ProjectId` the key can reach (one of `data.projects`, or the
 * `projectId` of the tenant the token was issued to), except listing projects;
 * otherwise 401 "Invalid API key or ProjectId", exactly the answer that makes a wrong ProjectId look
 * like an expired token.
 */
export function xcuresGuardRules(data: XcuresMockData): ApiGuardOptions {
  return {
    unauthorized: () => nestError(401, "Invalid API key or ProjectId", "Unauthorized"),
    headers: [
      {
        name: "projectid",
        accepts: (projectId, request, tenant) =>
          (request.method === "GET" &&
            new URL(request.url).pathname.endsWith("/api/v1/patient-registry/project")) ||
          (projectId !== null &&
            (projectId === tenant?.credentials.projectId ||
              data.projects.some((project) => project.id === projectId))),
      },
    ],
  };
}
