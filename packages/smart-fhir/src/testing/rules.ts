import type { ApiGuardOptions, TokenRules } from "@caduceus/auth-core/testing";
import { fhirError, fhirFailure } from "@caduceus/fhir-mock";
import { createLocalJWKSet, type JSONWebKeySet, jwtVerify } from "jose";

/** RFC 7523 §2.2's assertion type, the only one the mock accepts. */
const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/** What the mock token endpoint knows: the registered client and its keys, the clock, the seen `jti`s. */
export interface AssertionCheck {
  /** The registered client id (`iss` and `sub` of every assertion). */
  clientId: string;
  /** The registered public keys. */
  jwks: JSONWebKeySet;
  /** The token endpoint URL: the only `aud` accepted. */
  tokenUrl: string;
  /** Now in epoch ms (the mock's clock). */
  now: () => number;
  /** Seconds of clock skew tolerated on `exp` and `iat`. */
  clockToleranceSeconds: number;
  /** `jti`s already used (each is accepted once). */
  seenJti: Set<string>;
}

/** An OAuth error answer (RFC 6749 §5.2). */
export interface TokenEndpointRefusal {
  /** The OAuth error code (RFC 6749 §5.2). */
  error: "invalid_request" | "invalid_client" | "unsupported_grant_type" | "invalid_scope";
  /** What was wrong, for a person. */
  error_description: string;
}

/**
 * Checks a SMART Backend Services token request as a real server does: form fields, the assertion's
 * signature against the registered keys, `iss` = `sub` = client id, `aud` = the token endpoint, `exp`
 * in the future and at most five minutes after `iat`, and a `jti` never seen before.
 *
 * @returns the granted scope, or a refusal to answer with 400/401.
 */
export async function checkTokenRequest(
  form: URLSearchParams,
  check: AssertionCheck,
): Promise<
  | {
      /** The scope granted: the one requested. */
      scope: string;
    }
  | TokenEndpointRefusal
> {
  if (form.get("grant_type") !== "client_credentials")
    return { error: "unsupported_grant_type", error_description: "grant_type must be client_credentials" };
  if (form.get("client_assertion_type") !== ASSERTION_TYPE)
    return { error: "invalid_client", error_description: `client_assertion_type must be ${ASSERTION_TYPE}` };
  const assertion = form.get("client_assertion");
  if (!assertion) return { error: "invalid_client", error_description: "client_assertion is missing" };
  const scope = form.get("scope");
  if (!scope) return { error: "invalid_scope", error_description: "scope is required" };
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(assertion, createLocalJWKSet(check.jwks), {
      algorithms: ["RS384", "ES384", "RS256", "ES256"],
      issuer: check.clientId,
      subject: check.clientId,
      audience: check.tokenUrl,
      currentDate: new Date(check.now()),
      clockTolerance: check.clockToleranceSeconds,
      requiredClaims: ["exp", "jti"],
    }));
  } catch (error) {
    const reason = error instanceof Error ? error.message : "invalid assertion";
    return { error: "invalid_client", error_description: `client_assertion refused: ${reason}` };
  }
  const { exp, iat, jti } = payload as { exp: number; iat?: number; jti: string };
  if (exp - (iat ?? Math.floor(check.now() / 1000)) > 300)
    return {
      error: "invalid_client",
      error_description: "client_assertion exp is more than five minutes away",
    };
  if (check.seenJti.has(jti))
    return { error: "invalid_client", error_description: "client_assertion jti was already used" };
  check.seenJti.add(jti);
  return { scope };
}

/** What {@link smartTokenRules} needs besides the chassis' context. */
export interface SmartTokenRulesInput {
  /** The registered client id (the tenants' own ids are accepted too). */
  clientId: string;
  /** The registered public keys. */
  jwks: JSONWebKeySet;
  /** The token endpoint URL: the only `aud` accepted. */
  tokenUrl: string;
  /** Now in epoch ms (the mock's clock). */
  now: () => number;
  /** Mints a token for a client id (the chassis' `issuer.issue`). */
  issue(subject: string): string;
  /** The `expires_in` to answer, in seconds. */
  lifetimeSeconds(): number;
}

/**
 * SMART Backend Services' token endpoint (RFC 7523 client assertion, client-credentials grant): the
 * checks of {@link checkTokenRequest} with 60 s of clock tolerance and its own `jti` memory; a refusal
 * is RFC 6749 §5.2 JSON (401 for `invalid_client`, else 400), a grant `{access_token, token_type,
 * expires_in, scope}`.
 */
export function smartTokenRules(input: SmartTokenRulesInput): TokenRules {
  const seenJti = new Set<string>();
  return async ({ record, credentialsOf }) => {
    const { clientId } = credentialsOf({ clientId: input.clientId });
    const result = await checkTokenRequest(new URLSearchParams(record.body), {
      clientId,
      jwks: input.jwks,
      tokenUrl: input.tokenUrl,
      now: input.now,
      clockToleranceSeconds: 60,
      seenJti,
    });
    if ("error" in result)
      return Response.json(result, {
        status: result.error === "invalid_client" ? 401 : 400,
        headers: { "cache-control": "no-store" },
      });
    return Response.json(
      {
        access_token: input.issue(clientId),
        token_type: "bearer",
        expires_in: input.lifetimeSeconds(),
        scope: result.scope,
      },
      { headers: { "cache-control": "no-store" } },
    );
  };
}

/** The FHIR endpoint's guard: a live bearer token, else 401 with an OperationOutcome (`login`). */
export const smartGuardRules: ApiGuardOptions = {
  unauthorized: () => fhirError(fhirFailure(401, "login", "a valid bearer token is required").error),
};
