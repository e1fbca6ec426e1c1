import type { MockRequestRecord } from "./request-record.js";

/** One credential set a mock accepts besides its own, under a name (a customer, a clinic, an organisation…). */
export interface MockTenant {
  /** The tenant's name, e.g. `"clinic-2"`; recorded as `tenant` on its requests. */
  name: string;
  /**
   * Its credential values by the kit's field names (`clientId`, `clientSecret`, `projectId`…): the
   * fields given replace the kit's own credentials for this tenant, the others stay the kit's.
   */
  credentials: Readonly<Record<string, string>>;
}

/**
 * The credential sets a mock accepts besides its own: a test adds tenants to serve many clients from
 * one mock, as a multi-tenant application meets one vendor. The chassis tells which tenant a token
 * request presents without vendor code: the tenant most of whose credential values the request
 * carries (body fields, the HTTP Basic credential, header values), the first added on a tie; a request
 * carrying none of them is the kit's own. An API call is the tenant's whose token it carries (the
 * token answered its request, or its subject is one of its credential values). A request carrying a tenant's client id
 * with a wrong secret is still that tenant's: identifying is not authenticating, the vendor's rules
 * then check the request against the tenant's credentials exactly.
 *
 * @example
 * ```ts
 * mock.tenants.add("clinic-2", { clientId: "c2", clientSecret: "s2" });
 * const client = createCandidClient({ ...mock.credentials, clientId: "c2", clientSecret: "s2" });
 * mock.controls.failTokenRequests(1, { status: 503 }, { tenant: "clinic-2" }); // only clinic-2's next one
 * ```
 */
export interface MockTenants {
  /**
   * Adds (or replaces) a tenant. Throws a `TypeError` naming the field when a value is not a
   * non-empty string, or when `name` is empty.
   */
  add(name: string, credentials: Readonly<Record<string, string>>): MockTenant;
  /** Removes the tenant named `name`; `true` when there was one. */
  remove(name: string): boolean;
  /** The tenant named `name`. */
  get(name: string): MockTenant | undefined;
  /** Every tenant, in the order added. */
  list(): MockTenant[];
  /** The tenant a request carrying `values` presents (see above), or `undefined`. */
  identify(values: Iterable<string>): MockTenant | undefined;
  /** `credentials` with the fields `tenant` gives replaced (the kit's own when no tenant). */
  credentialsOf<Credentials extends object>(
    credentials: Credentials,
    tenant: MockTenant | undefined,
  ): Credentials;
}

/** The string values a request presents: body fields, the Basic credential, header values. */
export function presentedValues(record: MockRequestRecord): string[] {
  const values: string[] = [];
  for (const value of Object.values(record.fields)) if (typeof value === "string") values.push(value);
  if (record.basic) values.push(record.basic.clientId, record.basic.clientSecret);
  values.push(...Object.values(record.headers));
  return values;
}

/** Creates an empty {@link MockTenants}; the chassis makes one per mock. */
export function createMockTenants(): MockTenants {
  const tenants = new Map<string, MockTenant>();
  return {
    add(name, credentials) {
      if (typeof name !== "string" || name === "")
        throw new TypeError("tenant name must be a non-empty string");
      for (const [field, value] of Object.entries(credentials))
        if (typeof value !== "string" || value === "")
          throw new TypeError(`tenant ${name}: credentials.${field} must be a non-empty string`);
      const tenant = { name, credentials: Object.freeze({ ...credentials }) };
      tenants.set(name, tenant);
      return tenant;
    },
    remove: (name) => tenants.delete(name),
    get: (name) => tenants.get(name),
    list: () => [...tenants.values()],
    identify(values) {
      if (tenants.size === 0) return undefined;
      const presented = new Set(values);
      let best: MockTenant | undefined;
      let bestCount = 0;
      for (const tenant of tenants.values()) {
        const count = Object.values(tenant.credentials).filter((value) => presented.has(value)).length;
        if (count > bestCount) {
          best = tenant;
          bestCount = count;
        }
      }
      return best;
    },
    credentialsOf: (credentials, tenant) =>
      tenant ? ({ ...credentials, ...tenant.credentials } as typeof credentials) : credentials,
  };
}
