import type { ApiGuardOptions, TokenRules } from "@caduceus/auth-core/testing";
import { fhirError, operationOutcome } from "@caduceus/fhir-mock";

/** What the mock's token endpoints accept. */
export interface TokenEndpointExpectations {
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  /** Scopes a client may ask for; a request for any other answers `invalid_scope`. */
  allowedScopes: (scope: string) => boolean;
  /** `expires_in` of password-grant answers; `null` leaves it out. */
  expiresIn: () => number | null;
}

/** What a token grants, remembered by the mock so API handlers can check scopes. */
export interface IssuedGrant {
  /** The `grant_type` the token was issued for: user authorisation or system to system. */
  grant: "password" | "client_credentials";
  /** Granted scopes; empty means the client's whole agreed access (system tokens carry no SMART scopes). */
  scope: string[];
}

/** What the token rules of one CareCentric token endpoint need. */
export interface TokenRulesInput {
  /** Grants this URL serves: the documented endpoints serve one each; a custom tokenUrl serves both. */
  grants: ReadonlyArray<IssuedGrant["grant"]>;
  /** The credentials and scopes accepted (a mock tenant's credentials replace the fields it gives). */
  expect: TokenEndpointExpectations;
  /** Mints a token for a subject. */
  issue(subject: string): string;
  /** Where the grant behind each token is remembered, for the API's scope checks. */
  grantsByToken: Map<string, IssuedGrant>;
}

// The vendor documents no error format for its token endpoints. The user endpoint's path
// (/connect/token) is IdentityServer's, which answers RFC 6749 §5.2 JSON errors with status 400 (also
// for invalid_client), and so does this mock on both endpoints.
const oauthError = (error: string, description?: string) =>
  Response.json(description ? { error, error_description: description } : { error }, {
    status: 400,
    headers: { "cache-control": "no-store" },
  });

/**
 * The rules of one CareCentric token endpoint: a form POST with `client_id` and `client_secret` in the
 * body (never HTTP Basic), `grant_type=password` with `username`, `password` and an optional
 * space-separated `scope`, or `grant_type=client_credentials`. Answers as the docs' examples do.
 */
export function careCentricTokenRules(input: TokenRulesInput): TokenRules {
  return ({ body, credentialsOf }) => {
    const expect = credentialsOf(input.expect);
    // Client authentication is documented in the body only; credentials in a Basic header are not read.
    if (body.encoding !== "form")
      return oauthError("invalid_request", "the token request must be application/x-www-form-urlencoded");
    const form = body.fields as Record<string, string | undefined>;
    if (form.client_id !== expect.clientId || form.client_secret !== expect.clientSecret)
      return oauthError("invalid_client");
    const grant = form.grant_type;
    if (!grant) return oauthError("invalid_request", "grant_type is missing");
    if (grant !== "password" && grant !== "client_credentials") return oauthError("unsupported_grant_type");
    if (!input.grants.includes(grant)) return oauthError("unsupported_grant_type");
    if (grant === "password") {
      if (!form.username || !form.password)
        return oauthError("invalid_request", "username and password are required");
      if (form.username !== expect.username || form.password !== expect.password)
        return oauthError("invalid_grant", "invalid_username_or_password");
    }
    const scope = (form.scope ?? "").split(" ").filter(Boolean);
    if (scope.some((item) => !expect.allowedScopes(item))) return oauthError("invalid_scope");

    const accessToken = input.issue(grant === "password" ? form.username! : form.client_id!);
    input.grantsByToken.set(accessToken, { grant, scope });
    const headers = { "cache-control": "no-store", pragma: "no-cache" };
    if (grant === "client_credentials") {
      // The system example: no expires_in at all, and an explicit null refresh token.
      return Response.json(
        { token_type: "Bearer", access_token: accessToken, refresh_token: null },
        { headers },
      );
    }
    const expiresIn = expect.expiresIn();
    return Response.json(
      {
        access_token: accessToken,
        ...(expiresIn === null ? {} : { expires_in: expiresIn }),
        token_type: "Bearer",
      },
      { headers },
    );
  };
}

/**
 * The gateway and FHIR server's guard: Azure API Management checks `Ocp-Apim-Subscription-Key` before
 * anything reaches the FHIR server (401 `{statusCode, message}`; not checked when `subscriptionKey` is
 * `null`; a mock tenant's requests need its own key when it gives one), then the FHIR server wants a live token (401 OperationOutcome with a `WWW-Authenticate`
 * challenge).
 */
export function careCentricGuardRules(subscriptionKey: string | null): ApiGuardOptions {
  return {
    unauthorized: (refusal) => {
      const challenge =
        refusal.reason === "missing"
          ? 'Bearer realm="CareCentric"'
          : `Bearer realm="CareCentric", error="invalid_token", error_description="The access token is ${refusal.reason}"`;
      const outcome = operationOutcome("login", `The access token is ${refusal.reason}.`);
      return fhirError({ status: 401, outcome }, { "www-authenticate": challenge });
    },
    headers: [
      {
        name: "ocp-apim-subscription-key",
        accepts: (key, _request, tenant) =>
          subscriptionKey === null || key === (tenant?.credentials.subscriptionKey ?? subscriptionKey),
        deny: (key) =>
          Response.json(
            {
              statusCode: 401,
              message:
                key === null
                  ? "Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API."
                  : "Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.",
            },
            { status: 401 },
          ),
      },
    ],
  };
}
