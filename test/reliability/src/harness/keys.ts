import { createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";

/**
 * Private keys as canaries, for `private_key_jwt` clients (SMART Backend Services): the key is the
 * secret, so every cell gets a freshly generated key pair and the leak scanner watches its private
 * material in every form it is handed over or could be printed in: the PKCS#8 PEM whole, its body and
 * each of its lines, the private JWK serialised, and each private JWK member (`d`, and for RSA `p`,
 * `q`, `dp`, `dq`, `qi`). Fresh random key material is unique to the cell, so any of these found in
 * an error, event, log line or store entry is this key leaking, never a coincidence.
 *
 * The token endpoint checks each assertion against the public half with the SMART kit's own rules
 * (`checkTokenRequest` of `@caduceus/smart-fhir/testing`).
 */

/** The key type of a cell's client: EC P-384 (ES384, the default) or RSA 2048 (RS384). */
export type KeyType = "ec" | "rsa";

/** A cell's key pair: the private half in each form a client accepts, the public half to verify with. */
export interface KeyMaterial {
  type: KeyType;
  /** PKCS#8 PEM of the private key. */
  pem: string;
  /** The private key as a JWK (has `d`). */
  jwk: JsonWebKey;
  /** The public key the token endpoint verifies assertions with. */
  publicKey: KeyObject;
}

export function generateKey(type: KeyType = "ec"): KeyMaterial {
  const { privateKey } =
    type === "ec"
      ? generateKeyPairSync("ec", { namedCurve: "P-384" })
      : generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    type,
    pem: privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
    jwk: privateKey.export({ format: "jwk" }) as JsonWebKey,
    publicKey: createPublicKey(privateKey),
  };
}

const PRIVATE_JWK_MEMBERS = ["d", "p", "q", "dp", "dq", "qi"] as const;

/** The private key material as `[label, value]` pairs for the leak scanner (labels never hold the value). */
export function keySecrets(key: KeyMaterial): Array<[string, string]> {
  const body = key.pem
    .split("\n")
    .filter((line) => line && !line.startsWith("-----"))
    .map((line) => line.trim());
  const secrets: Array<[string, string]> = [
    ["private key PEM", key.pem.trim()],
    ["private key PEM body", body.join("")],
    ...body.map((line, index): [string, string] => [`private key PEM line ${index + 1}`, line]),
    ["private JWK", JSON.stringify(key.jwk)],
  ];
  for (const member of PRIVATE_JWK_MEMBERS) {
    const value = (key.jwk as Record<string, unknown>)[member];
    if (typeof value === "string") secrets.push([`private JWK ${member}`, value]);
  }
  return secrets;
}
