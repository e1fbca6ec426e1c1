import { SignJWT } from "jose";
import {
  type ClientAssertionAlgorithm,
  type LoadedSigningKey,
  loadSigningKey,
  type PrivateKeyInput,
} from "./signing-key.js";

/** RFC 7523 §2.2: the `client_assertion_type` of a JWT client assertion. */
export const JWT_BEARER_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/** SMART Backend Services: an assertion expires at most five minutes after it is made. */
export const MAX_ASSERTION_LIFETIME_SECONDS = 300;

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
   * Seconds from `iat` to `exp`; at most {@link MAX_ASSERTION_LIFETIME_SECONDS}.
   *
   * @defaultValue `300`
   */
  lifetimeSeconds?: number;
}

const DEFAULT_ALGORITHMS: readonly ClientAssertionAlgorithm[] = ["ES384", "RS384", "ES256", "RS256"];

/** What one assertion is about: who signs it, for which token endpoint, when. */
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
 * Signs client assertions with one private key: loads the key once (lazily), picks the algorithm,
 * and makes a fresh assertion with a new `jti` for every token request, retries and replays included.
 * Holds the key in a private field: it never shows in `inspect` or JSON output.
 */
export class ClientAssertionSigner {
  readonly #input: PrivateKeyInput;
  readonly #settings: ClientAssertionSettings;
  readonly #keyId: string | undefined;
  readonly #jwksUrl: string | undefined;
  #loaded: Promise<LoadedSigningKey> | undefined;

  constructor(
    privateKey: PrivateKeyInput,
    options: { settings?: ClientAssertionSettings; keyId?: string; jwksUrl?: string } = {},
  ) {
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
