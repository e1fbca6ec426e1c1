import type { PrivateKeyInput } from "./private-key-jwt-hooks.js";

/**
 * One credential identity's secrets and parts, as the token exchange needs them. Every part goes into
 * the cache key (secrets only as SHA-256), so two identities never share a token.
 *
 * @group Credentials and exchange
 */
export interface TokenCredentials {
  /** OAuth grant: client credentials (RFC 6749 §4.4) or resource-owner password (§4.3). */
  grant: "client_credentials" | "password";
  /**
   * OAuth client identifier (RFC 6749 §2.2). Required when the preset's `clientAuthentication` is
   * `"basic"` or `"body"` (unless the preset has a custom `exchange`); not a secret.
   */
  clientId?: string;
  /**
   * OAuth client secret (RFC 6749 §2.3.1): sent in HTTP Basic or the body as the preset says, hashed
   * in the cache key, scrubbed from every error and event. Omit for public clients.
   */
  clientSecret?: string;
  /** Resource owner, for the password grant. */
  username?: string;
  /** Resource owner's password, for the password grant (required there); a secret, scrubbed like `clientSecret`. */
  password?: string;
  /**
   * The private key that signs `private_key_jwt` client assertions: a private JWK, a PKCS#8 PEM or a
   * CryptoKey. A secret: only its RFC 7638 thumbprint goes into the cache key, and it is scrubbed from
   * every error and event.
   */
  privateKey?: PrivateKeyInput;
  /** `kid` header of the client assertions: the id under which the server knows the public key. */
  keyId?: string;
  /** `jku` header of the client assertions: the URL of the client's JWK Set, when registered by URL. */
  jwksUrl?: string;
  /** Requested scopes; sorted in the cache key, sent in the order given. */
  scope?: readonly string[];
  /** Headers sent on the token request only (Parchment's five `x-*` credential headers). */
  headers?: Readonly<Record<string, string>>;
  /** Names of `headers` whose values are secrets: hashed in the key, scrubbed from every output. */
  secretHeaders?: readonly string[];
}

/**
 * What a token exchange produced, before lifetime is computed.
 *
 * @group Credentials and exchange
 */
export interface TokenGrant {
  /**
   * The access token, sent as `Authorization: Bearer <accessToken>`. Must be a non-empty string a
   * header can carry (no whitespace, control or non-Latin-1 characters), else `TokenResponseError`.
   */
  accessToken: string;
  /** As issued; `"Bearer"` when the vendor did not say. */
  tokenType: string;
  /** Seconds until expiry as reported by the vendor; `undefined` when it reported none usable. */
  expiresInSeconds?: number;
  /** Scopes granted, when the vendor reported them (they may differ from those requested). */
  scope?: string[];
  /** Present when the vendor issued one; auth-core then refreshes with it (single flight, rotation-safe). */
  refreshToken?: string;
}

/**
 * What a custom {@link TokenExchangeFunction} receives.
 *
 * @group Credentials and exchange
 */
export interface TokenExchangeContext {
  /** The token endpoint: the `tokenUrl` option, or the vendor environment's, already checked. */
  tokenUrl: string;
  /** The credential identity to exchange, as the client was configured; read its secrets from here. */
  credentials: TokenCredentials;
  /** The client's fetch (looked up per call). Never follows redirects when auth-core calls it. */
  fetch: typeof fetch;
  /** Fires when the call's deadline passes; pass it to `fetch`. */
  signal: AbortSignal;
  /** The refresh token to use instead of the credentials, when auth-core holds one. */
  refreshToken?: string;
}

/**
 * Escape hatch for a vendor no preset can describe: performs one token request and returns the grant.
 * Throw a `TokenRequestError` or `TokenResponseError` to report failures (retryable ones are retried).
 *
 * @example
 * ```ts
 * const exchange: TokenExchangeFunction = async ({ tokenUrl, credentials, fetch, signal }) => {
 *   const res = await fetch(tokenUrl, { method: "POST", signal, body: JSON.stringify({ key: credentials.clientSecret }) });
 *   const json = await res.json();
 *   return { accessToken: json.jwt, tokenType: "Bearer", expiresInSeconds: json.ttl };
 * };
 * ```
 *
 * @group Credentials and exchange
 */
export type TokenExchangeFunction = (context: TokenExchangeContext) => Promise<TokenGrant>;
