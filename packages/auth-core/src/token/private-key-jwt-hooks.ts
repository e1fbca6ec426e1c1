/**
 * What a `private_key_jwt` preset plugs into the engine, as types only: the engine calls the signer and
 * the discovery through the preset, so a client whose preset has neither never loads the signing code.
 * The implementations live at `@caduceus/auth-core/private-key-jwt`.
 */

/**
 * A private key for `private_key_jwt` client authentication: a private JWK (object), a PKCS#8 PEM
 * string (`-----BEGIN PRIVATE KEY-----`), or a WebCrypto `CryptoKey` (RSASSA-PKCS1-v1_5 or ECDSA).
 * It is a secret: auth-core never puts it in an error, event, log, `inspect` output or token store.
 *
 * @group Presets
 */
export type PrivateKeyInput = JsonWebKey | string | CryptoKey;

/**
 * JWS algorithms a client assertion can be signed with: RS384 and ES384 (required by SMART Backend
 * Services), RS256 and ES256 for servers that ask for them (RFC 7518 §3.1).
 *
 * @group Presets
 */
export type ClientAssertionAlgorithm = "RS384" | "ES384" | "RS256" | "ES256";

/**
 * How a `private_key_jwt` preset signs its client assertions (RFC 7523 §2.2, SMART Backend Services).
 *
 * @example A server that documents RS384 only, with one-minute assertions
 * ```ts
 * { algorithms: ["RS384"], lifetimeSeconds: 60 }
 * ```
 *
 * @group Presets
 */
export interface ClientAssertionSettings {
  /**
   * Algorithms the server accepts, most preferred first; the first one the key can sign with is used
   * (an EC key fixes its algorithm by its curve; an RSA key can sign RS384 or RS256).
   *
   * @defaultValue `["ES384", "RS384", "ES256", "RS256"]`
   */
  algorithms?: readonly ClientAssertionAlgorithm[];
  /**
   * Seconds from `iat` to `exp`; at most 300 (SMART Backend Services).
   *
   * @defaultValue `300`
   */
  lifetimeSeconds?: number;
}

/**
 * What one assertion is about: who signs it, for which token endpoint, when.
 *
 * @group Presets
 */
export interface AssertionClaims {
  /** The client id: both `iss` and `sub`. */
  clientId: string;
  /** The token endpoint URL: `aud`. */
  audience: string;
  /** Now, in epoch milliseconds (the client's clock). */
  nowMs: number;
  /**
   * Algorithms the server advertises (`token_endpoint_auth_signing_alg_values_supported`): the
   * settings' order is kept, narrowed to these.
   */
  accepted?: readonly string[];
}

/**
 * Signs the client assertions of one private key (RFC 7523 §2.2).
 *
 * @group Presets
 */
export interface AssertionSigner {
  /**
   * One signed assertion with a fresh `jti`. Rejects with an `AuthConfigError` naming `privateKey`
   * when the key cannot sign (the message never shows the key): the client passes it on as it is.
   */
  sign(claims: AssertionClaims): Promise<string>;
  /**
   * Every form of the key that must never be printed (a PEM, its base64 body and lines; the private
   * members of a JWK): the client scrubs them from everything it emits.
   */
  readonly secrets: readonly string[];
  /** The key's identity in the token cache key (RFC 7638 thumbprint); never the key. Rejects for a malformed key. */
  thumbprint(): Promise<string>;
}

/**
 * What an `AssertionSignerFactory` is given besides the key: the preset's settings and the
 * credentials' `kid` and `jku` headers.
 *
 * @group Presets
 */
export interface AssertionSignerOptions {
  /** The preset's vendor name, which starts the message of a fault. */
  vendor: string;
  /** The preset's `clientAssertion`. */
  settings?: ClientAssertionSettings;
  /** `kid` header of the assertions. */
  keyId?: string;
  /** `jku` header of the assertions. */
  jwksUrl?: string;
}

/**
 * `TokenPreset.assertionSigner`: makes the signer of one client's private key, once per client,
 * synchronously (the key is loaded at first use), when the client is created. It checks the key's shape
 * and the settings, throwing an `AuthConfigError` naming `credentials.privateKey` or
 * `preset.clientAssertion…` for a bad one. `privateKeyJwtSigner` from
 * `@caduceus/auth-core/private-key-jwt` is the implementation.
 *
 * @group Presets
 */
export type AssertionSignerFactory = (
  privateKey: PrivateKeyInput,
  options: AssertionSignerOptions,
) => AssertionSigner;

/**
 * Where a client finds its token endpoint when only a FHIR base URL is known: the server's
 * `{fhirBaseUrl}/.well-known/smart-configuration` (SMART App Launch, Backend Services).
 *
 * @group Presets
 */
export interface SmartDiscoveryOptions {
  /** The FHIR base URL whose `/.well-known/smart-configuration` names the token endpoint. */
  fhirBaseUrl: string;
  /**
   * Origins the advertised token endpoint may be on besides the FHIR server's own (EHRs often host
   * authorization elsewhere, e.g. `https://login.ehr.example`). Any other origin is refused.
   *
   * @defaultValue none: only the FHIR base URL's origin
   */
  allowedTokenOrigins?: readonly string[];
  /**
   * Time limit of the discovery request in milliseconds.
   *
   * @defaultValue `DISCOVERY_TIMEOUT_MS` (10 s)
   */
  timeoutMs?: number;
}

/**
 * What discovery found: the token endpoint and the assertion algorithms the server accepts.
 *
 * @group Presets
 */
export interface SmartEndpoint {
  /** `token_endpoint`, checked (https:, or http: on loopback or when allowed; an allowed origin). */
  tokenUrl: string;
  /** `token_endpoint_auth_signing_alg_values_supported`, when advertised. */
  signingAlgorithms?: readonly string[];
}

/**
 * A token endpoint found at the first token request, as a client is configured to find it.
 *
 * @group Presets
 */
export interface TokenEndpointFinder {
  /** The URL that stands for the token endpoint in the token cache key (the smart-configuration URL). */
  readonly url: string;
  /** Finds the endpoint; called before the first attempt of every token request (cached by the finder). */
  find(signal: AbortSignal): Promise<SmartEndpoint>;
}

/**
 * `TokenPreset.discoverTokenEndpoint`: called once when a client with the `smartDiscovery` option (and
 * no `tokenUrl`) is created. Checks the option, throwing an `AuthConfigError` naming
 * `smartDiscovery…` for a bad one, and returns the finder of the token endpoint. `smartEndpointDiscovery`
 * from `@caduceus/auth-core/private-key-jwt` is the implementation.
 *
 * @group Presets
 */
export type TokenEndpointDiscovery = (
  option: unknown,
  client: {
    /** The preset's vendor name. */
    vendor: string;
    /** The `allowInsecureHttp` option. */
    allowInsecureHttp: boolean;
    /** Returns the fetch to use now (looked up per request). */
    fetch: () => typeof fetch;
  },
) => TokenEndpointFinder;
