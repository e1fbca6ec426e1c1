import { configFault, NOT_IN_A_SCOPE, unsendable } from "./check-options.js";

/**
 * Checks that `options[name]` is a non-empty string without control characters or lone surrogates,
 * and returns it unchanged (surrounding spaces are kept; only an all-blank value is refused).
 *
 * @throws AuthConfigError naming `name`: missing (`undefined` or `null`), not a string, empty or
 *   blank, containing a control character (a pasted newline), or a lone UTF-16 surrogate.
 * @example
 * ```ts
 * const partnerId = requireString("Parchment", options, "partnerId");
 * requireString("Acme", { clientId: "abc\n" }, "clientId"); // throws: "Acme: option clientId contains a control character (a stray newline?)."
 * ```
 *
 * @group Option checks
 */
export function requireString(vendor: string, options: Record<string, unknown>, name: string): string {
  const value = options[name];
  const fail = configFault(vendor);
  if (value === undefined || value === null) fail(name, "is required");
  if (typeof value !== "string") fail(name, `must be a string, not ${typeof value}`);
  if ((value as string).trim() === "") fail(name, "must not be empty");
  const problem = unsendable(value as string);
  if (problem) fail(name, problem);
  return value as string;
}

/**
 * Normalises a `scope` option: a space-separated string or an array of scope names, to an array, in
 * the order given. `undefined` when the option is absent (`undefined` or `null`) and not `required`.
 *
 * @param vendor Starts error messages, e.g. `"Acme"`.
 * @param value The user's `scope` option, unchecked.
 * @param options `required`: absence or an empty list is an error (default `false`). `allowed`: the
 *   vendor's documented scopes; any other name is an error (default: any name).
 * @throws AuthConfigError naming `scope` (missing, empty, neither string nor array) or `scope[i]`
 *   (not a string, empty, containing whitespace or control characters, or not in `allowed`).
 * @example
 * ```ts
 * normalizeScope("Acme", "read write") // ["read", "write"]
 * normalizeScope("Acme", ["read"], { allowed: ["read", "write"] }) // ["read"]
 * normalizeScope("Acme", undefined) // undefined
 * ```
 *
 * @group Option checks
 */
export function normalizeScope(
  vendor: string,
  value: unknown,
  options: { required?: boolean; allowed?: readonly string[] } = {},
): string[] | undefined {
  const fail = configFault(vendor);
  if (value === undefined || value === null) {
    if (options.required) fail("scope", "is required");
    return undefined;
  }
  const list = typeof value === "string" ? value.split(" ").filter(Boolean) : value;
  if (!Array.isArray(list)) fail("scope", "must be a space-separated string or an array of strings");
  (list as unknown[]).forEach((item, index) => {
    const at = `scope[${index}]`;
    if (typeof item !== "string" || item === "" || NOT_IN_A_SCOPE.test(item))
      fail(at, "must be a scope name without spaces");
    if (options.allowed && !options.allowed.includes(item as string))
      fail(
        at,
        `is ${JSON.stringify(item)}, not one of the documented scopes (${options.allowed.join(", ")})`,
      );
  });
  if ((list as unknown[]).length === 0 && options.required) fail("scope", "must not be empty");
  return list as string[];
}
