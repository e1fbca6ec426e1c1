import { AuthConfigError } from "../errors/auth-config-error.js";
import type { TokenCredentials } from "./exchange.js";

/** SHA-256 hex of UTF-8 text, with Web Crypto (present in Node ≥ 20, Deno, Bun, workers, browsers). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * The cache key of one credential identity: every part that makes a token someone's (token URL,
 * grant, client id, secret, user, password, credential headers, sorted scopes, the private key's RFC 7638
 * thumbprint — never the key), secrets pre-hashed,
 * then the whole hashed. Two clients share a token exactly when all parts match, so a wrong secret or
 * another tenant never receives someone else's token (docs/contract.md, behaviour 1). No part of a key is a secret.
 * Credentials with a `privateKey` need `keyThumbprint`, the key's identity (`AssertionSigner.thumbprint()`).
 *
 * @throws AuthConfigError (as a rejection) naming `credentials.privateKey` when it is given without `keyThumbprint`.
 * @example
 * ```ts
 * await tokenCacheKey("candid", "https://api.joincandidhealth.com/api/auth/v2/token", creds)
 * // "caduceus:candid:4f1c…"
 * ```
 *
 * @group Token lifecycle
 */
export async function tokenCacheKey(
  vendor: string,
  tokenUrl: string,
  credentials: TokenCredentials,
  keyThumbprint?: string,
): Promise<string> {
  if (credentials.privateKey !== undefined && !keyThumbprint)
    throw new AuthConfigError(
      "credentials.privateKey",
      `${vendor}: tokenCacheKey needs the thumbprint of credentials.privateKey to tell keys apart.`,
    );
  const secretHeaders = new Set((credentials.secretHeaders ?? []).map((name) => name.toLowerCase()));
  const headers: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(credentials.headers ?? {})) {
    const lower = name.toLowerCase();
    headers.push([lower, secretHeaders.has(lower) ? `sha256:${await sha256Hex(value)}` : value]);
  }
  headers.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const identity = {
    tokenUrl,
    grant: credentials.grant,
    clientId: credentials.clientId ?? null,
    clientSecret: credentials.clientSecret ? `sha256:${await sha256Hex(credentials.clientSecret)}` : null,
    username: credentials.username ?? null,
    password: credentials.password ? `sha256:${await sha256Hex(credentials.password)}` : null,
    headers,
    ...(credentials.privateKey ? { privateKey: keyThumbprint } : {}),
    scope: [...new Set(credentials.scope ?? [])].sort(),
  };
  const slug = vendor
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `caduceus:${slug}:${await sha256Hex(JSON.stringify(identity))}`;
}
