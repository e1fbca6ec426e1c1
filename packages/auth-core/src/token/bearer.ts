/**
 * The `Authorization` value a token travels in (RFC 6750 §2.1), built here and only here, so the
 * scheme's spelling cannot drift between the middleware, the 401 replay and the token cache.
 */
const BEARER_PREFIX = "Bearer ";

/** `"Bearer <accessToken>"`, the header value RFC 6750 §2.1 prescribes. */
export function bearerAuthorization(accessToken: string): string {
  return BEARER_PREFIX + accessToken;
}

/** The token inside a `"Bearer <token>"` header value; `undefined` for any other scheme or none. */
export function bearerTokenOf(authorization: string | null | undefined): string | undefined {
  return authorization?.startsWith(BEARER_PREFIX) ? authorization.slice(BEARER_PREFIX.length) : undefined;
}
