/**
 * The time claims of a JWT, in seconds since the epoch (RFC 7519 §4.1.4, §4.1.6).
 *
 * @group Token lifetime
 */
export interface JwtTimes {
  /** Expiration time (`exp`), in seconds since the epoch; absent when missing or not a plausible number. */
  exp?: number;
  /** Issued-at time (`iat`), in seconds since the epoch; absent when missing or not a plausible number. */
  iat?: number;
}

/**
 * Reads `exp` and `iat` from a JWT without verifying it. Used only to schedule refreshes, never to
 * trust anything: a token that is not a JWT, or has no usable claims, gives `{}`.
 *
 * @example
 * ```ts
 * decodeJwtTimes("eyJhbGciOi…") // { exp: 1767225600, iat: 1767222000 }
 * ```
 *
 * @group Token lifetime
 */
export function decodeJwtTimes(token: string): JwtTimes {
  const parts = token.split(".");
  if (parts.length !== 3 || !parts[1]) return {};
  try {
    const payload: unknown = JSON.parse(decodeBase64Url(parts[1]));
    if (typeof payload !== "object" || payload === null) return {};
    const { exp, iat } = payload as Record<string, unknown>;
    const times: JwtTimes = {};
    if (isEpochSeconds(exp)) times.exp = exp;
    if (isEpochSeconds(iat)) times.iat = iat;
    return times;
  } catch {
    return {};
  }
}

function isEpochSeconds(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 && value < 1e11;
}

function decodeBase64Url(segment: string): string {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(segment)) throw new SyntaxError("not base64url");
  const base64 = segment.replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "");
  const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}
