import { AuthConfigError } from "../errors/auth-config-error.js";

/**
 * The `private_key_jwt` option checks, run by `privateKeyJwtSigner` when a client is created (so they
 * ship with the signer, not with every client): faults are {@link AuthConfigError}s naming the option,
 * never showing the key.
 */

/** Throws the {@link AuthConfigError} of `option`: "Acme: option x must be …". */
export type Fail = (option: string, problem: string) => never;

/** A {@link Fail} bound to the vendor name. */
export const failFor =
  (vendor: string): Fail =>
  (option, problem) => {
    throw new AuthConfigError(option, `${vendor}: option ${option} ${problem}.`);
  };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * What can be checked of a private key without WebCrypto's async import: its kind and shape. A key
 * that passes but cannot sign fails the first call with the same `AuthConfigError`. Never shows the key.
 */
export function checkPrivateKeyShape(fail: Fail, key: unknown): void {
  const option = "credentials.privateKey";
  if (typeof key === "string") {
    if (!key.includes("-----BEGIN") || !/PRIVATE KEY-----/.test(key))
      fail(option, "must be a PKCS#8 PEM (-----BEGIN PRIVATE KEY-----), a private JWK or a CryptoKey");
    return;
  }
  if (typeof CryptoKey !== "undefined" && key instanceof CryptoKey) {
    if (key.type !== "private") fail(option, "is a public CryptoKey; the private key signs");
    return;
  }
  if (!isObject(key)) fail(option, "must be a PKCS#8 PEM string, a private JWK or a CryptoKey");
  if (key.kty !== "RSA" && key.kty !== "EC") fail(option, 'must be a JWK with kty "RSA" or "EC"');
  if (typeof key.d !== "string" || key.d === "")
    fail(option, "is a public JWK (it has no d); give the private key");
}

const ASSERTION_ALGORITHMS = ["RS384", "ES384", "RS256", "ES256"];

/** Checks a preset's `clientAssertion`: known algorithms, a lifetime of 1 to 300 seconds. */
export function checkAssertionSettings(fail: Fail, settings: unknown): void {
  if (!isObject(settings)) fail("preset.clientAssertion", "must be an object");
  const { algorithms, lifetimeSeconds } = settings;
  if (algorithms !== undefined) {
    if (!Array.isArray(algorithms) || algorithms.length === 0)
      fail("preset.clientAssertion.algorithms", "must be a non-empty array");
    (algorithms as unknown[]).forEach((alg, index) => {
      if (!ASSERTION_ALGORITHMS.includes(alg as string))
        fail(
          `preset.clientAssertion.algorithms[${index}]`,
          `must be one of ${ASSERTION_ALGORITHMS.join(", ")}`,
        );
    });
  }
  if (
    lifetimeSeconds !== undefined &&
    (typeof lifetimeSeconds !== "number" ||
      !Number.isInteger(lifetimeSeconds) ||
      lifetimeSeconds < 1 ||
      lifetimeSeconds > 300)
  )
    fail("preset.clientAssertion.lifetimeSeconds", "must be a whole number of seconds from 1 to 300");
}
