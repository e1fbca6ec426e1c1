import type { ErrorCode } from "./codes.js";

/**
 * Brand shared by every copy of auth-core in a process. Several vendor packages may pin different
 * auth-core versions; a plain `instanceof` would then fail across copies (the undici lesson), so the
 * brand is a registered symbol and `Symbol.hasInstance` checks it.
 */
const BRAND = Symbol.for("@caduceus/auth-core/error");
const KIND = Symbol.for("@caduceus/auth-core/error-kind");

/** Options shared by every Caduceus error. */
export interface CaduceusErrorOptions {
  /** The underlying error, already scrubbed of secrets. */
  cause?: unknown;
  /** Whether trying the same call again later may succeed. */
  retryable?: boolean;
}

/**
 * Base class of every error auth-core and the vendor packages throw. Carries a stable {@link ErrorCode}
 * and whether the failure is worth retrying. Messages are sentences that name the method, the URL (no
 * query string) and the option or field at fault; they never contain a secret or token.
 *
 * @example
 * ```ts
 * try { await client.GET("/v1/things"); } catch (err) { if (isCaduceusError(err)) log(err.code); }
 * ```
 */
export class CaduceusError extends Error {
  /**
   * The class name, as a literal on each subclass (`"TokenRequestError"`, `"TimeoutError"`, …), so it
   * survives minification and shows in `String(error)` and logs. Prefer {@link CaduceusError.code}
   * or the `is…Error` guards for branching.
   */
  override readonly name: string = "CaduceusError";
  /** Stable machine-readable code; see {@link ErrorCode}. */
  readonly code: ErrorCode;
  /** Whether the same call may succeed if tried again later. */
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: CaduceusErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
    Object.defineProperty(this, BRAND, { value: true });
    Object.defineProperty(this, KIND, { value: (new.target as typeof CaduceusError).kind });
  }

  /** Kind tag used by `instanceof` across duplicate installs; subclasses override it. */
  static readonly kind: string = "CaduceusError";
  /**
   * For a base class of several kinds (`RequestError`, `InterruptedCallError`): the kinds `instanceof` accepts,
   * declared on that class itself (a subclass accepts only its own `kind`).
   */
  static readonly kinds?: readonly string[];

  /**
   * Makes `instanceof` work across duplicate installs of auth-core: `value instanceof CaduceusError`
   * is true for any error carrying the brand registered with `Symbol.for`, whichever copy made it, and
   * `value instanceof TimeoutError` (any subclass) is true only for errors of that kind. Plain
   * `Error`s, lookalike objects without the brand, and primitives give `false`.
   *
   * @param value Anything; typically a caught error.
   * @returns Whether `value` is an error of this class (or, for `CaduceusError`, of any Caduceus class).
   * @example
   * ```ts
   * // err thrown by a vendor package that bundles another copy of auth-core:
   * err instanceof TokenRequestError; // true, though that class object is not ours
   * ```
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== "object" || value === null || !(BRAND in value)) return false;
    // `this` is the class on the right of `instanceof`: a subclass matches only its own kind.
    // biome-ignore lint/complexity/noThisInStatic: the receiver is exactly what this check is about
    const kind = this.kind;
    if (kind === "CaduceusError") return true;
    const valueKind = (value as Record<symbol, unknown>)[KIND] as string;
    // biome-ignore lint/complexity/noThisInStatic: a base class of several kinds declares them itself
    return Object.hasOwn(this, "kinds") ? (this.kinds ?? []).includes(valueKind) : valueKind === kind;
  }

  /** A plain object without secrets, so `JSON.stringify(error)` is useful in logs. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, code: this.code, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (value !== undefined && typeof value !== "function") out[key] = value;
    }
    if (this.cause !== undefined) out.cause = describeCause(this.cause);
    return out;
  }
}

function describeCause(cause: unknown): unknown {
  if (cause instanceof CaduceusError) return cause.toJSON();
  if (cause instanceof Error) return { name: cause.name, message: cause.message };
  return String(cause);
}

/**
 * True when `value` is any Caduceus error, from this copy of auth-core or another.
 *
 * @example
 * ```ts
 * if (isCaduceusError(err) && err.retryable) retryLater();
 * ```
 */
export function isCaduceusError(value: unknown): value is CaduceusError {
  return value instanceof CaduceusError;
}
