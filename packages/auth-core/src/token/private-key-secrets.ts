import type { PrivateKeyInput } from "./private-key-jwt-hooks.js";

/**
 * The forms of a private key that must be scrubbed from all output: the PEM body (whole and line by
 * line) or the JWK's private members (`d`, and RSA's `p`, `q`, `dp`, `dq`, `qi`).
 */
export function privateKeySecrets(input: PrivateKeyInput | undefined): string[] {
  if (typeof input === "string") {
    const body = /-----BEGIN [A-Z ]*PRIVATE KEY-----([\s\S]+?)-----END/.exec(input)?.[1] ?? "";
    const lines = body.split(/\s+/).filter((line) => line.length >= 16);
    return [input, body.replace(/\s+/g, ""), ...lines].filter((text) => text !== "");
  }
  if (
    typeof input === "object" &&
    input !== null &&
    !(typeof CryptoKey !== "undefined" && input instanceof CryptoKey)
  ) {
    const jwk = input as Record<string, unknown>;
    return ["d", "p", "q", "dp", "dq", "qi"]
      .map((member) => jwk[member])
      .filter((value): value is string => typeof value === "string" && value !== "");
  }
  return [];
}
