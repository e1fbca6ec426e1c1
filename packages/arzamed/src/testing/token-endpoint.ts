import type { MockControls, TokenIssuer } from "@caduceus/auth-core/testing";
import { HttpResponse, http } from "msw";
import type { ArzamedMockClinic } from "./fixtures.js";

/** One token request as the mock received it. */
export interface ArzamedTokenRequestRecord {
  /** The token URL the request reached: the `tokenUrl` of one or more clinics ({@link ArzamedMockClinic}). */
  url: string;
  /** Every header, lower-case. */
  headers: Record<string, string>;
  /** The raw body text. */
  body: string;
  /** Client id and secret as decoded from HTTP Basic (RFC 6749 §2.3.1), when it could be decoded. */
  basic?: {
    /** The part before the first ":", form-decoded. */
    clientId: string;
    /** The part after the first ":", form-decoded; may itself contain ":". */
    clientSecret: string;
  };
}

/** What the token handlers need from the mock. */
export interface TokenEndpointState {
  controls: MockControls;
  issuer: TokenIssuer;
  clinics: ArzamedMockClinic[];
  scopes: ReadonlySet<string>;
  revoked: Set<string>;
  tokenRequests: ArzamedTokenRequestRecord[];
}

/**
 * One handler per distinct token URL, each a standard OAuth 2.0 token endpoint (RFC 6749 §4.4): HTTP
 * Basic client authentication only, form body with `grant_type=client_credentials` and `scope`, JSON
 * answer `{ access_token, token_type, expires_in }`, and RFC 6749 §5.2 errors (Arzamed documents
 * none of its own for this endpoint).
 */
export function tokenHandlers(state: TokenEndpointState) {
  const urls = [...new Set(state.clinics.map((clinic) => clinic.tokenUrl))];
  return urls.map((url) =>
    http.post(url, async ({ request }) => {
      state.controls.stats.tokenRequests++;
      const body = await request.text();
      const basic = decodeBasic(request.headers.get("authorization"));
      state.tokenRequests.push({
        url,
        headers: Object.fromEntries(request.headers),
        body,
        ...(basic ? { basic } : {}),
      });
      const fault = state.controls.takeTokenFault();
      if (fault) return fault;

      if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers.get("content-type") ?? ""))
        return oauthError(400, "invalid_request", "The body must be application/x-www-form-urlencoded.");
      const form = new URLSearchParams(body);
      if (form.has("client_secret"))
        return oauthError(
          400,
          "invalid_request",
          "Use exactly one client authentication method (HTTP Basic).",
        );
      const clinic = state.clinics.find(
        (c) => c.tokenUrl === url && c.clientId === basic?.clientId && c.clientSecret === basic.clientSecret,
      );
      if (!clinic || state.revoked.has(clinic.name)) {
        return oauthError(401, "invalid_client", "Client authentication failed.", {
          "www-authenticate": 'Basic realm="arzamed"',
        });
      }
      const grantType = form.get("grant_type");
      if (!grantType) return oauthError(400, "invalid_request", "grant_type is required.");
      if (grantType !== "client_credentials")
        return oauthError(400, "unsupported_grant_type", "Only client_credentials is supported.");
      const scope = form.get("scope");
      if (!scope) return oauthError(400, "invalid_request", "scope is required.");
      if (!scope.split(" ").every((name) => state.scopes.has(name)))
        return oauthError(400, "invalid_scope", "The requested scope is invalid or unknown.");
      return HttpResponse.json(
        {
          access_token: state.issuer.issue(clinic.name),
          token_type: "Bearer",
          expires_in: state.issuer.lifetimeSeconds,
        },
        { headers: { "cache-control": "no-store", pragma: "no-cache" } },
      );
    }),
  );
}

/** RFC 6749 §5.2 error answer. */
function oauthError(
  status: number,
  error: string,
  description: string,
  headers: Record<string, string> = {},
) {
  return HttpResponse.json(
    { error, error_description: description },
    { status, headers: { "cache-control": "no-store", ...headers } },
  );
}

/**
 * Decodes `Authorization: Basic …` as RFC 6749 §2.3.1 defines it for OAuth clients: base64 of
 * `form-encoded(id) ":" form-encoded(secret)`, so the first ":" separates them. A raw secret
 * containing "%" or ":" fails here, as it would on a compliant server.
 */
function decodeBasic(header: string | null): ArzamedTokenRequestRecord["basic"] {
  const match = /^Basic ([A-Za-z0-9+/]+=*)$/i.exec(header ?? "");
  if (!match) return undefined;
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(
      Uint8Array.from(atob(match[1]!), (char) => char.charCodeAt(0)),
    );
    const colon = text.indexOf(":");
    if (colon < 0) return undefined;
    const formDecode = (part: string) => decodeURIComponent(part.replace(/\+/g, " "));
    return { clientId: formDecode(text.slice(0, colon)), clientSecret: formDecode(text.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}
