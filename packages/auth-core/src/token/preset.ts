import type { TokenExchangeFunction } from "./exchange.js";
import type {
  AssertionSignerFactory,
  ClientAssertionSettings,
  TokenEndpointDiscovery,
} from "./private-key-jwt-hooks.js";

/**
 * Names of the standard token-request fields a preset can rename or suppress.
 *
 * @group Presets
 */
export type TokenRequestField =
  | "grantType"
  | "clientId"
  | "clientSecret"
  | "scope"
  | "username"
  | "password"
  | "refreshToken";

/**
 * Names of the token-response fields a preset can rename.
 *
 * @group Presets
 */
export type TokenResponseField = "accessToken" | "tokenType" | "expiresIn" | "scope" | "refreshToken";

/**
 * How to read a token response. Paths are dot-separated (`"data.accessToken"`), relative to the body.
 *
 * @example Parchment's envelope
 * ```ts
 * { successPath: "success", dataPath: "data",
 *   fields: { accessToken: "accessToken", expiresIn: "expiresIn", tokenType: "tokenType", scope: "scope" } }
 * ```
 *
 * @group Presets
 */
export interface TokenResponseShape {
  /**
   * Path of a boolean that must be `true` for the answer to count as a token; anything else (even
   * inside HTTP 200) is a `TokenRequestError` carrying the vendor's message, with the envelope's
   * `statusCode` as `status` when it is an error status.
   *
   * @defaultValue none
   */
  successPath?: string;
  /**
   * Path of the object holding the token fields.
   *
   * @defaultValue the body itself
   */
  dataPath?: string;
  /**
   * Field names inside the data object.
   *
   * @defaultValue RFC 6749 §5.1 snake_case names (`access_token`, `token_type`, `expires_in`, …)
   */
  fields?: Partial<Record<TokenResponseField, string>>;
}

/**
 * Where a vendor puts the useful parts of an error body. Each entry is a list of paths tried in order;
 * only these allowlisted parts ever reach an error message (bodies may echo secrets).
 *
 * @group Presets
 */
export interface ErrorBodyShape {
  /**
   * Paths of a machine-readable error name (RFC 6749 §5.2; Candid's `errorName`).
   *
   * @defaultValue `["error", "errorName"]`
   */
  codePaths?: string[];
  /**
   * Paths of a human message; several found are joined with ": ".
   *
   * @defaultValue `["error_description", "message"]`
   */
  messagePaths?: string[];
  /**
   * Paths of a request id in the body.
   *
   * @defaultValue `["requestId", "request_id"]`
   */
  requestIdPaths?: string[];
}

/** How HTTP Basic client authentication encodes id and secret; see {@link TokenPreset.basicEncoding}. */
export type BasicCredentialEncoding = "form-urlencoded" | "plain";

/**
 * A vendor's token exchange, described as data: encoding, client authentication, field names, static
 * fields, how to read the answer and errors, the documented maximum lifetime. `createAuthClient` turns a
 * preset plus credentials into token requests; no code per vendor.
 *
 * @example Arzamed: HTTP Basic, form body, standard OAuth answer, one hour at most
 * ```ts
 * const arzamedPreset: TokenPreset = {
 *   vendor: "Arzamed", encoding: "form", clientAuthentication: "basic", maxLifetimeSeconds: 3600,
 * };
 * ```
 *
 * @group Presets
 */
export interface TokenPreset {
  /** Vendor name used in messages and events, e.g. `"Candid Health"`. */
  vendor: string;
  /** Body encoding of the token request. JSON (`application/json`) or form (`application/x-www-form-urlencoded`). */
  encoding: "json" | "form";
  /**
   * How the client proves who it is:
   * - `"basic"`: HTTP Basic with id and secret form-encoded first (RFC 6749 §2.3.1);
   * - `"body"`: `client_id` and `client_secret` in the body (RFC 6749 §2.3.1, second form);
   * - `"none"`: neither; the credentials travel in `headers` of the credentials (e.g. Parchment);
   * - `"private_key_jwt"`: a JWT signed with the credentials' `privateKey` (RFC 7523 §2.2, SMART
   *   Backend Services), sent as `client_assertion` with a fresh `jti` on every request; no secret travels.
   */
  clientAuthentication: "basic" | "body" | "none" | "private_key_jwt";
  /** How `private_key_jwt` assertions are signed (algorithms, lifetime); ignored by other methods. */
  clientAssertion?: ClientAssertionSettings;
  /**
   * The code that signs `private_key_jwt` assertions: `privateKeyJwtSigner` from
   * `@caduceus/auth-core/private-key-jwt`. Required with `clientAuthentication: "private_key_jwt"` (unless
   * `exchange` is given) and whenever the credentials hold a `privateKey` (its thumbprint tells keys apart
   * in the token cache). A preset field rather than built in, so that clients of other vendors never
   * load the signing code.
   */
  assertionSigner?: AssertionSignerFactory;
  /**
   * The code that finds the token endpoint of a client configured with `smartDiscovery`:
   * `smartEndpointDiscovery` from `@caduceus/auth-core/private-key-jwt`, which also checks the option.
   * Required with that option.
   */
  discoverTokenEndpoint?: TokenEndpointDiscovery;
  /**
   * How id and secret become the HTTP Basic credential, with `clientAuthentication: "basic"`:
   * - `"form-urlencoded"`: each is form-encoded first, as RFC 6749 §2.3.1 requires; certified
   *   authorization servers decode it, and any character of a secret survives;
   * - `"plain"`: `id:secret` as they are (RFC 7617). Many servers decode Basic without form-decoding:
   *   with them, `"form-urlencoded"` breaks every secret holding a character outside
   *   `A-Z a-z 0-9 * - . _ ~` (a `+`, `/` or `=` of a base64 secret, say). Choose `"plain"` for such a
   *   vendor; the client id must then contain no `:`.
   *
   * @defaultValue `"form-urlencoded"`
   */
  basicEncoding?: BasicCredentialEncoding;
  /**
   * Wire names of the request fields. `null` means the field is never sent (Candid sends no
   * `grant_type`).
   *
   * @defaultValue RFC 6749 snake_case names: `grant_type`, `client_id`, …
   */
  requestFields?: Partial<Record<TokenRequestField, string | null>>;
  /**
   * How scopes are sent: one space-delimited string (RFC 6749 §3.3) or a JSON array.
   *
   * @defaultValue `"space-delimited"`
   */
  scopeEncoding?: "space-delimited" | "array";
  /**
   * Fields added verbatim to every token request body (e.g. `{ audience: "https://api.acme.test" }`),
   * unless the request already has a field of that name: computed fields (grant_type, scope, …) win.
   */
  staticFields?: Record<string, string>;
  /** How to read a successful answer. */
  response?: TokenResponseShape;
  /** How to read an error answer. */
  errorBody?: ErrorBodyShape;
  /**
   * Response headers that carry the vendor's request id.
   *
   * @defaultValue `["x-request-id", "request-id", "x-amzn-requestid", "x-correlation-id"]`
   */
  requestIdHeaders?: string[];
  /**
   * The vendor's documented maximum token lifetime in seconds; caps whatever the answer says (Candid
   * documents 5 h while its SDK example says 24 h: the shorter wins).
   */
  maxLifetimeSeconds?: number;
  /** Escape hatch: a custom exchange for a vendor no preset can describe. Replaces the built-in request. */
  exchange?: TokenExchangeFunction;
}
