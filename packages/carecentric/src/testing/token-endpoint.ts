import type { MockControls, TokenIssuer } from "@caduceus/auth-core/testing";
import { HttpResponse, http } from "msw";

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

/** A token request as the mock received it (lower-case header names, the decoded form). */
export interface RecordedTokenRequest {
  /** The token URL as requested (the password or the client-credentials endpoint, or the custom one). */
  url: string;
  /** Every header, names lower-case. */
  headers: Record<string, string>;
  /** The decoded form fields. */
  body: Record<string, string>;
}

/** What a token grants, remembered by the mock so API handlers can check scopes. */
export interface IssuedGrant {
  /** The `grant_type` the token was issued for: user authorisation or system to system. */
  grant: "password" | "client_credentials";
  /** Granted scopes; empty means the client's whole agreed access (system tokens carry no SMART scopes). */
  scope: string[];
}

interface TokenEndpointOptions {
  url: string;
  /** Grants this URL serves: the documented endpoints serve one each; a custom tokenUrl serves both. */
  grants: ReadonlyArray<IssuedGrant["grant"]>;
  expect: TokenEndpointExpectations;
  issuer: TokenIssuer;
  controls: MockControls;
  recorded: RecordedTokenRequest[];
  grantsByToken: Map<string, IssuedGrant>;
}

// The vendor documents no error format for its token endpoints. The user endpoint's path
// (/connect/token) is IdentityServer's, which answers RFC 6749 §5.2 JSON errors with status 400 (also
// for invalid_client), and so does this mock on both endpoints.
const oauthError = (error: string, description?: string) =>
  HttpResponse.json(description ? { error, error_description: description } : { error }, {
    status: 400,
    headers: { "cache-control": "no-store" },
  });

/**
 * An msw handler for one CareCentric token endpoint: a form POST with `client_id` and `client_secret`
 * in the body (never HTTP Basic), `grant_type=password` with `username`, `password` and an optional
 * space-separated `scope`, or `grant_type=client_credentials`. Answers as the docs' examples do.
 */
export function tokenEndpoint(options: TokenEndpointOptions) {
  const { expect, issuer, controls } = options;
  return http.post(options.url, async ({ request }) => {
    controls.stats.tokenRequests += 1;
    const text = await request.text();
    const form = Object.fromEntries(new URLSearchParams(text));
    options.recorded.push({ url: request.url, headers: Object.fromEntries(request.headers), body: form });
    const fault = controls.takeTokenFault();
    if (fault) return fault;

    const contentType = request.headers.get("content-type") ?? "";
    if (!/^application\/x-www-form-urlencoded\b/i.test(contentType))
      return oauthError("invalid_request", "the token request must be application/x-www-form-urlencoded");
    // Client authentication is documented in the body only; credentials in a Basic header are not read.
    if (form.client_id !== expect.clientId || form.client_secret !== expect.clientSecret)
      return oauthError("invalid_client");
    const grant = form.grant_type;
    if (!grant) return oauthError("invalid_request", "grant_type is missing");
    if (grant !== "password" && grant !== "client_credentials") return oauthError("unsupported_grant_type");
    if (!options.grants.includes(grant)) return oauthError("unsupported_grant_type");
    if (grant === "password") {
      if (!form.username || !form.password)
        return oauthError("invalid_request", "username and password are required");
      if (form.username !== expect.username || form.password !== expect.password)
        return oauthError("invalid_grant", "invalid_username_or_password");
    }
    const scope = (form.scope ?? "").split(" ").filter(Boolean);
    if (scope.some((item) => !expect.allowedScopes(item))) return oauthError("invalid_scope");

    const accessToken = issuer.issue(grant === "password" ? form.username! : form.client_id!);
    options.grantsByToken.set(accessToken, { grant, scope });
    const headers = { "cache-control": "no-store", pragma: "no-cache" };
    if (grant === "client_credentials") {
      // The system example: no expires_in at all, and an explicit null refresh token.
      return HttpResponse.json(
        { token_type: "Bearer", access_token: accessToken, refresh_token: null },
        { headers },
      );
    }
    const expiresIn = expect.expiresIn();
    return HttpResponse.json(
      {
        access_token: accessToken,
        ...(expiresIn === null ? {} : { expires_in: expiresIn }),
        token_type: "Bearer",
      },
      { headers },
    );
  });
}
