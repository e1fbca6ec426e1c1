import { CaduceusError } from "./caduceus-error.js";
import { AUTH_CONFIG } from "./codes.js";

/**
 * A factory was given options it cannot work with: a required option missing, a malformed URL, an
 * `http://` URL that is not loopback, a secret in a browser. Thrown synchronously when the client is
 * created, never later. `option` names the option at fault (e.g. `"tokenUrl"`).
 *
 * @example
 * ```ts
 * try { createArzamedClient({ clientId, clientSecret }) } catch (e) { if (isAuthConfigError(e)) e.option; // "tokenUrl" }
 * ```
 */
export class AuthConfigError extends CaduceusError {
  /** Always `"AuthConfigError"`. */
  override readonly name = "AuthConfigError";
  static override readonly kind = "AuthConfigError";
  /** The option at fault, as the user spells it (e.g. `"baseUrl"`, `"scope[1]"`). */
  readonly option: string;

  constructor(option: string, message: string) {
    super(AUTH_CONFIG, message);
    this.option = option;
  }
}

/**
 * True when `value` is an {@link AuthConfigError} from any copy of auth-core (works across duplicate
 * installs, unlike a check on the class object; see {@link CaduceusError}). Never throws.
 *
 * @example
 * ```ts
 * if (isAuthConfigError(err)) console.error(`fix the ${err.option} option: ${err.message}`);
 * ```
 */
export function isAuthConfigError(value: unknown): value is AuthConfigError {
  return value instanceof AuthConfigError;
}
