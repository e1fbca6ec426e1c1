import type { Clock } from "../clock.js";
import { systemClock } from "../clock.js";

/** Options of {@link createTokenIssuer}. */
export interface TokenIssuerOptions {
  /** Lifetime of issued tokens in seconds (their JWT `exp - iat`). Default 3600. */
  lifetimeSeconds?: number;
  /** Time source; pass the client's fake clock so tokens expire on it. */
  clock?: Clock;
  /** Prefix of the token's subject, e.g. the vendor name. */
  issuer?: string;
  /** Called with every token minted and its subject (the mock chassis ties tokens to tenants with it). */
  onIssue?(token: string, subject: string): void;
}

/**
 * What the `check` method of a {@link TokenIssuer} concluded about an `Authorization` header: accepted, with the
 * token's subject, or refused, with the reason (a mock API answers 401 then).
 *
 * @example
 * ```ts
 * const result = issuer.check(request.headers.get("authorization"));
 * if (!result.ok) return HttpResponse.json({ error: result.reason }, { status: 401 });
 * ```
 */
export type TokenCheck =
  | {
      /** `true`: the header carries a live token from this issuer. */
      ok: true;
      /** The subject the token was issued to (the argument of `issue`, e.g. a client id). */
      subject: string;
    }
  | {
      /** `false`: the request must be refused. */
      ok: false;
      /**
       * Why: `"missing"`, no `Bearer` token in the header; `"unknown"`, not issued by this issuer (or
       * revoked with `revokeAll`); `"expired"`, its lifetime has passed on the issuer's clock.
       * `"revoked"` is reserved and not returned today.
       */
      reason: "missing" | "unknown" | "expired" | "revoked";
    };

/**
 * A mock vendor's token authority: mints unsigned JWT-shaped tokens with `iat`/`exp` (clients read
 * them for scheduling exactly as real ones), remembers them, and checks `Authorization` headers on
 * API calls, answering "expired" after their lifetime on the given clock. Used by every vendor's
 * `./testing` kit, so all mocks expire tokens the same way.
 *
 * @example
 * ```ts
 * const issuer = createTokenIssuer({ lifetimeSeconds: 60, clock });
 * const token = issuer.issue("client-1");
 * issuer.check(`Bearer ${token}`); // { ok: true, subject: "client-1" }
 * ```
 */
export function createTokenIssuer(options: TokenIssuerOptions = {}) {
  const clock = options.clock ?? systemClock;
  let lifetimeSeconds = options.lifetimeSeconds ?? 3600;
  const live = new Map<string, { subject: string; expiresAt: number }>();
  let serial = 0;
  const encode = (value: unknown) =>
    btoa(JSON.stringify(value)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  return {
    /** Tokens minted so far. */
    get issued(): number {
      return serial;
    },
    /** Lifetime of the next tokens, in seconds. */
    get lifetimeSeconds(): number {
      return lifetimeSeconds;
    },
    /** Changes the lifetime of tokens issued from now on, in seconds; tokens already issued keep theirs. */
    set lifetimeSeconds(value: number) {
      lifetimeSeconds = value;
    },
    /** Mints a token for `subject` (a client id, tenant, …). */
    issue(subject: string): string {
      serial += 1;
      const iat = Math.floor(clock.now() / 1000);
      const header = encode({ alg: "none", typ: "JWT" });
      const payload = encode({
        iss: options.issuer ?? "caduceus-mock",
        sub: subject,
        iat,
        exp: iat + lifetimeSeconds,
        jti: String(serial),
      });
      const token = `${header}.${payload}.mock${serial}`;
      live.set(token, { subject, expiresAt: clock.now() + lifetimeSeconds * 1000 });
      options.onIssue?.(token, subject);
      return token;
    },
    /** Checks an `Authorization` header value. */
    check(authorization: string | null | undefined): TokenCheck {
      const match = /^Bearer (.+)$/i.exec(authorization ?? "");
      if (!match?.[1]) return { ok: false, reason: "missing" };
      const entry = live.get(match[1]);
      if (!entry) return { ok: false, reason: "unknown" };
      if (clock.now() >= entry.expiresAt) return { ok: false, reason: "expired" };
      return { ok: true, subject: entry.subject };
    },
    /**
     * Forgets the tokens that expired more than `graceMs` ago on the clock (`check` then calls them
     * "unknown", not "expired"): keeps a long-running mock's memory flat. Returns how many it forgot.
     */
    forgetExpired(graceMs = 0): number {
      const before = live.size;
      const cutoff = clock.now() - graceMs;
      for (const [token, entry] of live) if (entry.expiresAt <= cutoff) live.delete(token);
      return before - live.size;
    },
    /** Revokes every token (the next API call with one answers 401). */
    revokeAll(): void {
      live.clear();
    },
  };
}

/** A token authority made by {@link createTokenIssuer}. */
export type TokenIssuer = ReturnType<typeof createTokenIssuer>;
