import type { ApiGuardOptions, TokenRules } from "@caduceus/auth-core/testing";
import type { CandidMockCredentials, CandidMockOptions } from "./mock.js";

/**
 * A Candid error body `{errorName, content}` (a Fern error union) with its status.
 *
 * @example
 * ```ts
 * server.use(http.get(`${mock.baseUrl}/api/payers/v3`, () => candidError(500, "InternalError", { message: "down" })));
 * ```
 */
export function candidError(status: number, errorName: string, content: unknown): Response {
  return Response.json({ errorName, content }, { status });
}

/** What Candid's token rules need from the mock. */
export interface CandidTokenRulesInput {
  /** The key the endpoint accepts (besides the mock's tenants'). */
  credentials: CandidMockCredentials;
  /** Mints a token for a client id. */
  issue(subject: string): string;
  /** Lifetime reported as `expires_in`, in seconds (the issuer's, which `issuer.lifetimeSeconds` changes). */
  lifetimeSeconds(): number;
  /** The mock's idea of now, in epoch ms (for the rate limit's window). */
  now(): number;
  /** The minting rate limit, when on. */
  rateLimit: CandidMockOptions["tokenRateLimit"];
}

/**
 * Candid's token endpoint: `client_id` and `client_secret` as JSON or a form; another content type
 * answers 415 `InvalidContentTypeError`, missing fields 422 `HttpRequestValidationsError`, wrong
 * credentials 401 `UnauthorizedError`, minting past the rate limit 429 `TooManyRequestsError`; the
 * answer is `{access_token, expires_in, token_type}`.
 */
export function candidTokenRules(input: CandidTokenRulesInput): TokenRules {
  const { rateLimit } = input;
  const minted = new Map<string, number[]>();
  return ({ body, credentialsOf }) => {
    const credentials = credentialsOf(input.credentials);
    if (body.encoding === "other") {
      return candidError(415, "InvalidContentTypeError", {
        message: "Content-Type must be application/json or application/x-www-form-urlencoded",
      });
    }
    const fields = body.fields;
    const missing = ["client_id", "client_secret"].filter((name) => typeof fields[name] !== "string");
    if (missing.length > 0) {
      return candidError(
        422,
        "HttpRequestValidationsError",
        missing.map((fieldName) => ({ fieldName, humanReadableMessage: `${fieldName} is required` })),
      );
    }
    if (fields.client_id !== credentials.clientId || fields.client_secret !== credentials.clientSecret) {
      return candidError(401, "UnauthorizedError", { message: "Invalid client_id or client_secret" });
    }
    if (rateLimit) {
      const windowStart = input.now() - rateLimit.windowSeconds * 1000;
      const recent = (minted.get(credentials.clientId) ?? []).filter((t) => t > windowStart);
      minted.set(credentials.clientId, recent);
      if (recent.length >= rateLimit.limit) {
        return candidError(429, "TooManyRequestsError", {
          message: "Too many token requests. Reuse access tokens until they expire.",
        });
      }
      recent.push(input.now());
    }
    return Response.json({
      access_token: input.issue(credentials.clientId),
      expires_in: input.lifetimeSeconds(),
      token_type: "Bearer",
    });
  };
}

/** Candid's API guard, on both hosts: a live token, else 401 `UnauthorizedError`. */
export const candidGuardRules: ApiGuardOptions = {
  unauthorized: () => candidError(401, "UnauthorizedError", { message: "Invalid or expired bearer token" }),
};
