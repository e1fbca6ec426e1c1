import { decodeJwtTimes } from "./jwt.js";

/**
 * Which signal decided a token's lifetime; the shortest one wins (see `computeLifetime`):
 * - `"expires_in"`: the token response's `expires_in` (RFC 6749 §5.1), or the preset's renamed field;
 * - `"jwt"`: the access token's own `exp` claim (`exp - iat` when both are present);
 * - `"preset-max"`: the vendor's documented maximum, `maxLifetimeSeconds` of its preset;
 * - `"none"`: no signal at all; the token is reused until an API answers 401.
 *
 * @group Events
 */
export type LifetimeSource = "expires_in" | "jwt" | "preset-max" | "none";

/**
 * Inputs of {@link computeLifetime}: the three lifetime signals and when the token was requested.
 *
 * @example
 * ```ts
 * const inputs: LifetimeInputs = { accessToken: grant.accessToken, expiresInSeconds: grant.expiresInSeconds, maxLifetimeSeconds: preset.maxLifetimeSeconds, sentAt };
 * ```
 *
 * @group Token lifetime
 */
export interface LifetimeInputs {
  /**
   * The access token as issued. When it is a JWT, its `exp` (and `iat`) claims count as a signal;
   * it is decoded without verification, only to schedule refreshes. Any other token adds no signal.
   */
  accessToken: string;
  /** `expires_in` as reported (already validated), in seconds; `undefined` when the answer had none. */
  expiresInSeconds: number | undefined;
  /** The preset's documented maximum, in seconds; `undefined` or `0` (or less) for none. */
  maxLifetimeSeconds: number | undefined;
  /** Epoch ms when the token request was sent: lifetimes count from then, not from the answer. */
  sentAt: number;
}

/**
 * When a token expires and which signal decided it.
 *
 * @group Token lifetime
 */
export interface Lifetime {
  /** Epoch ms, or `null` when no signal exists (reuse until a 401). */
  expiresAt: number | null;
  /** The signal that decided `expiresAt` (the shortest one); `"none"` when `expiresAt` is `null`. */
  source: LifetimeSource;
}

/**
 * A token's life is the shortest of: the response's expiry, the JWT's, the vendor's documented
 * maximum (docs/contract.md, behaviour 3). For the JWT, `exp - iat` is preferred when `iat` exists, so the skew
 * between the vendor's clock and ours does not shorten or stretch it.
 *
 * @example
 * ```ts
 * computeLifetime({ accessToken: jwt, expiresInSeconds: 86400, maxLifetimeSeconds: 18000, sentAt: Date.now() })
 * // { expiresAt: sentAt + 18_000_000, source: "preset-max" }
 * ```
 *
 * @group Token lifetime
 */
export function computeLifetime(inputs: LifetimeInputs): Lifetime {
  const candidates: Array<{ ms: number; source: LifetimeSource }> = [];
  if (inputs.expiresInSeconds !== undefined) {
    candidates.push({ ms: inputs.expiresInSeconds * 1000, source: "expires_in" });
  }
  const jwtMs = jwtLifetimeMs(inputs.accessToken, inputs.sentAt);
  if (jwtMs !== undefined) candidates.push({ ms: jwtMs, source: "jwt" });
  if (inputs.maxLifetimeSeconds !== undefined && inputs.maxLifetimeSeconds > 0) {
    candidates.push({ ms: inputs.maxLifetimeSeconds * 1000, source: "preset-max" });
  }
  if (candidates.length === 0) return { expiresAt: null, source: "none" };
  const shortest = candidates.reduce((a, b) => (b.ms < a.ms ? b : a));
  return { expiresAt: inputs.sentAt + Math.max(0, shortest.ms), source: shortest.source };
}

/**
 * `exp - iat` when both exist (immune to clock skew), else `exp` against our clock. A JWT that looks
 * already expired by our clock says more about the skew than about the token (the endpoint just issued
 * it): it is ignored rather than trusted, which would request a new token on every call.
 */
function jwtLifetimeMs(token: string, sentAt: number): number | undefined {
  const { exp, iat } = decodeJwtTimes(token);
  if (exp === undefined) return undefined;
  const ms = iat !== undefined && exp > iat ? (exp - iat) * 1000 : exp * 1000 - sentAt;
  return ms > 0 ? ms : undefined;
}
