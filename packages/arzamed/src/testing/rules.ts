import type { ApiGuardOptions, TokenRules } from "@caduceus/auth-core/testing";
import type { ArzamedMockClinic } from "./fixtures.js";

/** What the token rules of one Arzamed token URL need. */
export interface ArzamedTokenRulesInput {
  /** The token URL these rules serve; only clinics issued this URL are accepted there. */
  url: string;
  /** Every clinic the mock knows (its mock tenants included), now. */
  clinics(): readonly ArzamedMockClinic[];
  /** Scopes the endpoint grants. */
  scopes: ReadonlySet<string>;
  /** Clinics whose API key is revoked. */
  revoked: ReadonlySet<string>;
  /** Mints a token for a clinic. */
  issue(clinic: string): string;
  /** `expires_in` of the answers, in seconds. */
  lifetimeSeconds(): number;
}

/** RFC 6749 §5.2 error answer. */
function oauthError(
  status: number,
  error: string,
  description: string,
  headers: Record<string, string> = {},
) {
  return Response.json(
    { error, error_description: description },
    { status, headers: { "cache-control": "no-store", ...headers } },
  );
}

/**
 * One clinic token endpoint, a standard OAuth 2.0 token endpoint (RFC 6749 §4.4): HTTP Basic client
 * authentication only, form body with `grant_type=client_credentials` and `scope`, JSON answer
 * `{ access_token, token_type, expires_in }`, and RFC 6749 §5.2 errors (Arzamed documents none of its
 * own for this endpoint).
 */
export function arzamedTokenRules(input: ArzamedTokenRulesInput): TokenRules {
  return ({ body, record }) => {
    if (body.encoding !== "form")
      return oauthError(400, "invalid_request", "The body must be application/x-www-form-urlencoded.");
    const form = body.fields as Record<string, string | undefined>;
    if (form.client_secret !== undefined)
      return oauthError(400, "invalid_request", "Use exactly one client authentication method (HTTP Basic).");
    const { basic } = record;
    const clinic = input
      .clinics()
      .find(
        (c) =>
          c.tokenUrl === input.url && c.clientId === basic?.clientId && c.clientSecret === basic.clientSecret,
      );
    if (!clinic || input.revoked.has(clinic.name)) {
      return oauthError(401, "invalid_client", "Client authentication failed.", {
        "www-authenticate": 'Basic realm="arzamed"',
      });
    }
    const grantType = form.grant_type;
    if (!grantType) return oauthError(400, "invalid_request", "grant_type is required.");
    if (grantType !== "client_credentials")
      return oauthError(400, "unsupported_grant_type", "Only client_credentials is supported.");
    const scope = form.scope;
    if (!scope) return oauthError(400, "invalid_request", "scope is required.");
    if (!scope.split(" ").every((name) => input.scopes.has(name)))
      return oauthError(400, "invalid_scope", "The requested scope is invalid or unknown.");
    return Response.json(
      { access_token: input.issue(clinic.name), token_type: "Bearer", expires_in: input.lifetimeSeconds() },
      { headers: { "cache-control": "no-store", pragma: "no-cache" } },
    );
  };
}

/** Arzamed's API guard: a live token, else 401 with no body (Arzamed's errors are status-only). */
export const arzamedGuardRules: ApiGuardOptions = {
  unauthorized: () => new Response(null, { status: 401 }),
};
