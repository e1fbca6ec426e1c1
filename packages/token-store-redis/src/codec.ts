import type { StoredToken } from "@caduceus/auth-core";

/**
 * Serialises the {@link StoredToken} fields, and only those: whatever else an object carries (a
 * refresh token, credentials added by a custom engine) never reaches Redis.
 */
export function encodeToken(token: StoredToken): string {
  const value: StoredToken = {
    accessToken: token.accessToken,
    tokenType: token.tokenType,
    expiresAt: token.expiresAt,
    obtainedAt: token.obtainedAt,
  };
  if (token.scope !== undefined) value.scope = [...token.scope];
  return JSON.stringify(value);
}

/**
 * Parses a stored value; anything that is not a well-formed token (another writer, an older format,
 * a truncated value) reads as absent, so the engine fetches a fresh token and overwrites it.
 */
export function decodeToken(raw: string | null): StoredToken | undefined {
  if (raw === null) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.accessToken !== "string" || v.accessToken === "") return undefined;
  if (typeof v.tokenType !== "string") return undefined;
  if (v.expiresAt !== null && !Number.isFinite(v.expiresAt)) return undefined;
  if (!Number.isFinite(v.obtainedAt)) return undefined;
  if (v.scope !== undefined && !(Array.isArray(v.scope) && v.scope.every((s) => typeof s === "string"))) {
    return undefined;
  }
  const token: StoredToken = {
    accessToken: v.accessToken,
    tokenType: v.tokenType,
    expiresAt: v.expiresAt as number | null,
    obtainedAt: v.obtainedAt as number,
  };
  if (v.scope !== undefined) token.scope = v.scope as string[];
  return token;
}
