import type { ApiGuardOptions, TokenRules } from "@caduceus/auth-core/testing";
import { PARCHMENT_SCOPES, type ParchmentScope } from "../preset.js";
import { errorResponse, parchmentError } from "./envelope.js";
import { type MockState, recordGrant } from "./state.js";

const CREDENTIAL_HEADERS = [
  "x-partner-id",
  "x-partner-secret",
  "x-organization-id",
  "x-organization-secret",
  "x-user-id",
] as const;

/**
 * `POST {base}/v1/token` as Parchment documents it: the five `x-*` credential headers, a JSON body
 * `{ grantType: "client_credentials", scope: [...] }` (camelCase; `grant_type` is not understood), an
 * envelope answer with `data.expiresIn`. Bad credentials answer 401 and a malformed body 400 whose
 * envelope says `statusCode: 422` (the vendor's own example does exactly that).
 */
export function parchmentTokenRules(state: MockState): TokenRules {
  return ({ record, body, credentialsOf }) => {
    const { headers } = record;
    const stamp = state.stamp();
    const unauthorized = (detail: string) =>
      errorResponse(401, parchmentError(401, "authentication-required", "Unauthorized", detail, { stamp }));
    for (const name of CREDENTIAL_HEADERS) {
      if (!headers[name]) return unauthorized(`Missing required header: ${name}`);
    }
    const expected = credentialsOf(state.expected);
    if (
      headers["x-partner-id"] !== expected.partnerId ||
      headers["x-partner-secret"] !== expected.partnerSecret
    )
      return unauthorized("Invalid partner credentials provided.");
    if (
      headers["x-organization-id"] !== expected.organizationId ||
      headers["x-organization-secret"] !== expected.organizationSecret
    )
      return unauthorized("Invalid organization credentials provided.");
    const userId = headers["x-user-id"]!;
    if (userId !== expected.userId && !state.userIds.has(userId))
      return unauthorized("The user does not belong to this organization.");

    if (body.encoding !== "json" || !body.wellFormed) {
      return errorResponse(
        400,
        parchmentError(400, "invalid-request", "Bad request", "The request body must be a JSON object.", {
          stamp,
        }),
      );
    }
    const problems = validateTokenBody(body.fields);
    if (problems.length > 0) {
      return errorResponse(
        400,
        parchmentError(
          422,
          "validation-error",
          "Validation failed",
          "There were some problems with your input.",
          {
            stamp,
            validation: problems.map(([field, message]) => ({ field, message, code: "VALIDATION_ERROR" })),
          },
        ),
      );
    }
    const requested = body.fields.scope as ParchmentScope[];
    const scope = [...new Set(requested)].filter((name) => state.allowedScopes.has(name));
    const accessToken = state.issuer.issue(`${expected.organizationId}/${userId}`);
    recordGrant(state, accessToken, { organizationId: expected.organizationId, userId, scope });
    return Response.json({
      success: true,
      statusCode: 200,
      message: "Token generated successfully",
      data: { accessToken, expiresIn: state.issuer.lifetimeSeconds, tokenType: "Bearer", scope },
      ...stamp,
      meta: { apiVersion: "1.0", responseTime: 42 },
    });
  };
}

/**
 * Parchment's API guard: `x-organization-secret` present first (401 "Missing x-organization-secret"),
 * then the bearer token (401 when missing, unknown or expired), then the secret's value (401 "Invalid
 * x-organization-secret"). Organisation and scope are the operation's, checked by its handler.
 */
export function parchmentGuardRules(state: MockState): ApiGuardOptions {
  const unauthorized = (detail: string) =>
    errorResponse(
      401,
      parchmentError(401, "authentication-required", "Unauthorized", detail, { stamp: state.stamp() }),
    );
  const reasons = { missing: "Valid authentication token is required", expired: "Token has expired" };
  return {
    unauthorized: (refusal) =>
      unauthorized(
        refusal.reason === "header"
          ? `${refusal.value === null ? "Missing" : "Invalid"} x-organization-secret`
          : (reasons[refusal.reason as keyof typeof reasons] ?? "invalid token"),
      ),
    headers: [
      { name: "x-organization-secret", accepts: (value) => value !== null },
      {
        name: "x-organization-secret",
        phase: "after-token",
        accepts: (value, _request, tenant) =>
          value === (tenant?.credentials.organizationSecret ?? state.expected.organizationSecret),
      },
    ],
  };
}

/** Field problems in the style of the vendor's validator (zod messages in its examples). */
function validateTokenBody(body: Record<string, unknown>): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  if (body.grantType === undefined) problems.push(["grantType", "Required"]);
  else if (body.grantType !== "client_credentials")
    problems.push([
      "grantType",
      `Invalid enum value. Expected 'client_credentials', received '${String(body.grantType)}'`,
    ]);
  const scope = body.scope;
  if (scope === undefined) problems.push(["scope", "Required"]);
  else if (!Array.isArray(scope)) problems.push(["scope", `Expected array, received ${typeof scope}`]);
  else if (scope.length === 0) problems.push(["scope", "Array must contain at least 1 element(s)"]);
  else {
    for (const item of scope) {
      if (!PARCHMENT_SCOPES.includes(item)) {
        problems.push([
          "scope",
          `Invalid enum value. Expected ${PARCHMENT_SCOPES.map((s) => `'${s}'`).join(" | ")}, received '${String(item)}'`,
        ]);
      }
    }
  }
  return problems;
}
