import { SignJWT } from "jose";
import { Redactor } from "../redact.js";
import { checkAssertionSettings, checkPrivateKeyShape, failFor } from "./private-key-checks.js";
import type {
  AssertionClaims,
  AssertionSigner,
  AssertionSignerFactory,
  AssertionSignerOptions,
  ClientAssertionAlgorithm,
  ClientAssertionSettings,
  PrivateKeyInput,
} from "./private-key-jwt-hooks.js";
import { privateKeySecrets } from "./private-key-secrets.js";
import { type LoadedSigningKey, loadSigningKey } from "./signing-key.js";

/** SMART Backend Services: an assertion expires at most five minutes after it is made. */
export const MAX_ASSERTION_LIFETIME_SECONDS = 300;

const DEFAULT_ALGORITHMS: readonly ClientAssertionAlgorithm[] = ["ES384", "RS384", "ES256", "RS256"];

/**
 * Signs client assertions with one private key: loads the key once (lazily), picks the algorithm,
 * and makes a fresh assertion with a new `jti` for every token request, retries and replays included.
 * Holds the key in a private field: it never shows in `inspect` or JSON output.
 */
export class ClientAssertionSigner implements AssertionSigner {
  readonly #input: PrivateKeyInput;
  readonly #settings: ClientAssertionSettings;
  readonly #keyId: string | undefined;
  readonly #jwksUrl: string | undefined;
  #loaded: Promise<LoadedSigningKey> | undefined;

  constructor(privateKey: PrivateKeyInput, options: Omit<AssertionSignerOptions, "vendor"> = {}) {
    this.#input = privateKey;
    this.#settings = options.settings ?? {};
    this.#keyId = options.keyId;
    this.#jwksUrl = options.jwksUrl;
  }

  /** The loaded key (loaded on first use; a failure is kept, since the same key fails again). */
  load(): Promise<LoadedSigningKey> {
    this.#loaded ??= loadSigningKey(this.#input);
    return this.#loaded;
  }

  /** The key's forms to scrub from output (see {@link AssertionSigner.secrets}). */
  get secrets(): readonly string[] {
    return privateKeySecrets(this.#input);
  }

  /** The key's RFC 7638 thumbprint (an opaque random id for a non-extractable CryptoKey). */
  async thumbprint(): Promise<string> {
    return (await this.load()).thumbprint;
  }

  /** The algorithm used: the first of the settings' algorithms this key can sign with. */
  async algorithm(): Promise<ClientAssertionAlgorithm> {
    const key = await this.load();
    return pickAlgorithm(key.algorithms, this.#settings.algorithms ?? DEFAULT_ALGORITHMS);
  }

  /** One signed assertion: `iss` = `sub` = client id, `aud`, `iat`, `exp`, a fresh `jti`; `kid`/`jku` headers when given. */
  async sign(claims: AssertionClaims): Promise<string> {
    const key = await this.load();
    const preferred = this.#settings.algorithms ?? DEFAULT_ALGORITHMS;
    const wanted = claims.accepted ? preferred.filter((alg) => claims.accepted!.includes(alg)) : preferred;
    const alg = pickAlgorithm(key.algorithms, wanted);
    const lifetime = Math.min(
      this.#settings.lifetimeSeconds ?? MAX_ASSERTION_LIFETIME_SECONDS,
      MAX_ASSERTION_LIFETIME_SECONDS,
    );
    const iat = Math.floor(claims.nowMs / 1000);
    return new SignJWT({})
      .setProtectedHeader({
        alg,
        typ: "JWT",
        ...(this.#keyId ? { kid: this.#keyId } : {}),
        ...(this.#jwksUrl ? { jku: this.#jwksUrl } : {}),
      })
      .setIssuer(claims.clientId)
      .setSubject(claims.clientId)
      .setAudience(claims.audience)
      .setIssuedAt(iat)
      .setExpirationTime(iat + lifetime)
      .setJti(crypto.randomUUID())
      .sign(await key.keyFor(alg));
  }
}

/**
 * The first of `wanted` (the server's or preset's order) that the key can sign with.
 *
 * @throws Error naming both lists when they have nothing in common.
 */
export function pickAlgorithm(
  keyCan: readonly ClientAssertionAlgorithm[],
  wanted: readonly string[],
): ClientAssertionAlgorithm {
  const found = wanted.find((alg): alg is ClientAssertionAlgorithm =>
    keyCan.includes(alg as ClientAssertionAlgorithm),
  );
  if (!found)
    throw new Error(
      `the private key signs ${keyCan.join(" or ")}, but only ${wanted.join(", ") || "nothing"} is accepted`,
    );
  return found;
}

/**
 * The assertion signer a `private_key_jwt` preset plugs in as `assertionSigner`: a
 * {@link ClientAssertionSigner} per client, made when the client is created. Importing it is what brings the signing code (and `jose`)
 * into a bundle; presets without it never load them.
 *
 * @example
 * ```ts
 * import { privateKeyJwtSigner, smartEndpointDiscovery } from "@caduceus/auth-core/private-key-jwt";
 * const preset: TokenPreset = {
 *   vendor: "Acme EHR", encoding: "form", clientAuthentication: "private_key_jwt",
 *   assertionSigner: privateKeyJwtSigner, discoverTokenEndpoint: smartEndpointDiscovery,
 * };
 * ```
 *
 * @throws AuthConfigError naming `credentials.privateKey` for a key of the wrong shape (a public key, a
 *   PKCS#1 PEM, …) or `preset.clientAssertion…` for bad settings.
 */
export const privateKeyJwtSigner: AssertionSignerFactory = (privateKey, options) => {
  const fail = failFor(options.vendor);
  checkPrivateKeyShape(fail, privateKey);
  if (options.settings !== undefined) checkAssertionSettings(fail, options.settings);
  const signer = new ClientAssertionSigner(privateKey, options);
  const { secrets } = signer;
  return {
    secrets,
    thumbprint: () => signer.thumbprint(),
    // A key that cannot sign is a configuration fault, reported without the key.
    sign: (claims) =>
      signer.sign(claims).catch((error: unknown) => {
        const reason = error instanceof Error ? new Redactor(secrets).scrub(error.message) : "it cannot sign";
        return fail("privateKey", reason);
      }),
  };
};
