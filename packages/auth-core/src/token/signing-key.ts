import { calculateJwkThumbprint, importJWK, type JWK } from "jose";
import { processWide } from "../process-state.js";
import type { ClientAssertionAlgorithm, PrivateKeyInput } from "./private-key-jwt-hooks.js";

/** The algorithms a key can sign with, most preferred first. */
const RSA_ALGORITHMS: readonly ClientAssertionAlgorithm[] = ["RS384", "RS256"];
const CURVE_ALGORITHM: Record<string, ClientAssertionAlgorithm> = { "P-384": "ES384", "P-256": "ES256" };

/** A private key loaded for signing: what it can sign with and who it is, never its private parts. */
export interface LoadedSigningKey {
  /** Algorithms this key can sign with, most preferred first. */
  readonly algorithms: readonly ClientAssertionAlgorithm[];
  /** RFC 7638 thumbprint (SHA-256, base64url) of the public key: the key's identity in cache keys. */
  readonly thumbprint: string;
  /** A non-extractable CryptoKey for `algorithm`. */
  keyFor(algorithm: ClientAssertionAlgorithm): Promise<CryptoKey>;
}

/** Thrown for a key that cannot be used; the message names what is wrong, never the key. */
export class SigningKeyError extends Error {
  /** Always `"SigningKeyError"`. */
  override readonly name = "SigningKeyError";
}

/**
 * Identities of non-extractable CryptoKeys (their public part cannot be read): one random id per key
 * object, the same in every copy of auth-core in the process, so a key shares one cache key.
 */
const opaqueKeyIds = processWide("opaque-key-ids", () => new WeakMap<CryptoKey, string>());

/**
 * Loads a private key given as a JWK, a PKCS#8 PEM or a CryptoKey. Works on every runtime with
 * WebCrypto (Node ≥ 20, Bun, Deno, workerd, browsers).
 *
 * @throws SigningKeyError when the key is not an RSA or P-256/P-384 EC private key, or is malformed.
 */
export async function loadSigningKey(input: PrivateKeyInput): Promise<LoadedSigningKey> {
  if (typeof input === "string") return fromJwk(await pemToJwk(input));
  if (isCryptoKey(input)) {
    if (input.type !== "private") throw new SigningKeyError("is a public key; the private key signs");
    if (input.extractable) return fromJwk((await crypto.subtle.exportKey("jwk", input)) as JWK);
    return fromOpaqueKey(input);
  }
  if (typeof input === "object" && input !== null) return fromJwk(input as JWK);
  throw new SigningKeyError("must be a private JWK, a PKCS#8 PEM string or a CryptoKey");
}

function isCryptoKey(value: unknown): value is CryptoKey {
  return typeof CryptoKey !== "undefined" && value instanceof CryptoKey;
}

async function fromJwk(jwk: JWK): Promise<LoadedSigningKey> {
  if (typeof jwk.d !== "string") throw new SigningKeyError("is not a private JWK (it has no d)");
  let algorithms: readonly ClientAssertionAlgorithm[];
  let publicPart: JWK;
  if (jwk.kty === "RSA") {
    algorithms = RSA_ALGORITHMS;
    publicPart = { kty: "RSA", n: jwk.n, e: jwk.e };
  } else if (jwk.kty === "EC" && jwk.crv && CURVE_ALGORITHM[jwk.crv]) {
    algorithms = [CURVE_ALGORITHM[jwk.crv]!];
    publicPart = { kty: "EC", crv: jwk.crv, x: jwk.x, y: jwk.y };
  } else {
    throw new SigningKeyError("must be an RSA key or an EC key on P-384 or P-256");
  }
  // Only the fields a key is made of: `alg`, `key_ops` or `use` from elsewhere must not narrow its use.
  const { alg: _alg, key_ops: _ops, use: _use, ext: _ext, ...material } = jwk;
  const thumbprint = await calculateJwkThumbprint(publicPart, "sha256").catch(() => {
    throw new SigningKeyError("is a malformed JWK");
  });
  const imported = new Map<ClientAssertionAlgorithm, Promise<CryptoKey>>();
  return {
    algorithms,
    thumbprint,
    keyFor(algorithm) {
      let key = imported.get(algorithm);
      if (!key) {
        key = (importJWK(material, algorithm, { extractable: false }) as Promise<CryptoKey>).catch(() => {
          throw new SigningKeyError(`cannot sign with ${algorithm} (a malformed key?)`);
        });
        imported.set(algorithm, key);
      }
      return key;
    },
  };
}

function fromOpaqueKey(key: CryptoKey): LoadedSigningKey {
  const algorithm = opaqueAlgorithm(key);
  let id = opaqueKeyIds.get(key);
  if (!id) {
    id = `opaque:${crypto.randomUUID()}`;
    opaqueKeyIds.set(key, id);
  }
  return {
    algorithms: [algorithm],
    thumbprint: id,
    async keyFor(wanted) {
      if (wanted !== algorithm)
        throw new SigningKeyError(`is a ${algorithm} key and cannot sign with ${wanted}`);
      return key;
    },
  };
}

function opaqueAlgorithm(key: CryptoKey): ClientAssertionAlgorithm {
  const algorithm = key.algorithm as { name: string; hash?: { name: string }; namedCurve?: string };
  if (algorithm.name === "RSASSA-PKCS1-v1_5" && algorithm.hash?.name === "SHA-384") return "RS384";
  if (algorithm.name === "RSASSA-PKCS1-v1_5" && algorithm.hash?.name === "SHA-256") return "RS256";
  if (algorithm.name === "ECDSA" && algorithm.namedCurve && CURVE_ALGORITHM[algorithm.namedCurve])
    return CURVE_ALGORITHM[algorithm.namedCurve]!;
  throw new SigningKeyError("must be an RSASSA-PKCS1-v1_5 (SHA-256/384) or ECDSA (P-256/P-384) CryptoKey");
}

/** PKCS#8 PEM to a private JWK: tried as RSA, then EC P-384, then P-256 (PKCS#8 says which it is). */
async function pemToJwk(pem: string): Promise<JWK> {
  const match = /-----BEGIN PRIVATE KEY-----([\s\S]+?)-----END PRIVATE KEY-----/.exec(pem);
  if (!match) {
    throw new SigningKeyError(
      /BEGIN (RSA |EC )PRIVATE KEY/.test(pem)
        ? "is a PKCS#1/SEC1 PEM; convert it to PKCS#8 (openssl pkcs8 -topk8 -nocrypt)"
        : "must be a PKCS#8 PEM (-----BEGIN PRIVATE KEY-----), a JWK or a CryptoKey",
    );
  }
  let der: Uint8Array<ArrayBuffer>;
  try {
    der = Uint8Array.from(atob(match[1]!.replace(/\s+/g, "")), (char) => char.charCodeAt(0));
  } catch {
    throw new SigningKeyError("is a PEM whose body is not base64");
  }
  const candidates: Array<RsaHashedImportParams | EcKeyImportParams> = [
    { name: "RSASSA-PKCS1-v1_5", hash: "SHA-384" },
    { name: "ECDSA", namedCurve: "P-384" },
    { name: "ECDSA", namedCurve: "P-256" },
  ];
  for (const algorithm of candidates) {
    try {
      const key = await crypto.subtle.importKey("pkcs8", der, algorithm, true, ["sign"]);
      return (await crypto.subtle.exportKey("jwk", key)) as JWK;
    } catch {
      // Not this kind of key; try the next.
    }
  }
  throw new SigningKeyError("is a PEM that holds no RSA or P-256/P-384 EC private key");
}
