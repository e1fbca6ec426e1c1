import { AuthConfigError } from "@caduceus/auth-core";
import { expect, it } from "vitest";
import { expectConfigError } from "./expectations.js";

/** One faulty set of options: what is wrong (the test's title), the changes to the valid options, the option at fault. */
export type OptionErrorCase = readonly [
  what: string,
  overrides: Readonly<Record<string, unknown>>,
  option: string,
];

/** A vendor factory's option checks, as {@link itRejectsOptions} runs them. */
export interface OptionErrors {
  /** The vendor's client factory (`create<Vendor>Client`). */
  create(options: never): unknown;
  /** Options the factory accepts; each case changes some of them. */
  valid: object;
  /** Options that must be given: each, left out of `valid`, must be rejected naming it. */
  required?: readonly string[];
  /** Other faulty options; an override set to `undefined` leaves that option out. */
  invalid?: readonly OptionErrorCase[];
  /** Values no error may show (the valid options' secrets). */
  hidden?: readonly string[];
}

/**
 * One test per faulty set of options: the factory must throw an `AuthConfigError` whose `option` and
 * message name the option at fault (as the user spells it, e.g. `scope[1]`) and whose printed forms
 * show none of `hidden` (docs/contract.md, behaviour 7). Vendors list only their own faults.
 *
 * @example
 * ```ts
 * itRejectsOptions({
 *   create: createXcuresClient,
 *   valid: { clientId: "id", clientSecret: "secret", projectId: "project" },
 *   required: ["clientId", "clientSecret", "projectId"],
 *   invalid: [["a blank projectId", { projectId: "  " }, "projectId"]],
 * });
 * ```
 */
export function itRejectsOptions({
  create,
  valid,
  required = [],
  invalid = [],
  hidden = [],
}: OptionErrors): void {
  const missing = required.map((name): OptionErrorCase => [`a missing ${name}`, { [name]: undefined }, name]);
  it.each([...missing, ...invalid])(
    "rejects %s with an AuthConfigError naming it",
    (_what, overrides, option) => {
      const options: Record<string, unknown> = { ...valid, ...overrides };
      for (const [name, value] of Object.entries(overrides)) if (value === undefined) delete options[name];
      const error = expectConfigError(() => create(options as never), option, hidden);
      expect(error).toBeInstanceOf(AuthConfigError);
    },
  );
}
