import type { FakeClock, VendorMock } from "@caduceus/auth-core/testing";
import type { RequestHandler } from "msw";
import { mockRig, useMsw } from "./msw.js";
import { type ContractCallResult, describeVendorContract } from "./vendor-contract.js";

/** One vendor as its `client.test.ts` drives it: the contract subject, with mock options. */
export interface VendorClientSubject<
  Mock extends VendorMock<object>,
  Client,
  MockOptions,
  Options extends object,
> {
  /** Vendor name, used in the contract suite's title. */
  vendor: string;
  /** Creates the vendor's mock (its `./testing` kit) on `clock`, with the test's `options`. */
  createMock(clock: FakeClock, options?: MockOptions): Mock;
  /** Creates a client of the vendor's factory for `mock`: its credentials, then `options`. */
  createClient(mock: Mock, options: Partial<Options>): Client;
  /** A read the mock answers 2xx with a valid token. */
  read(client: Client, mock: Mock): Promise<ContractCallResult>;
  /** A write with a request body the mock answers 2xx with a valid token. Default: `read`. */
  write?(client: Client, mock: Mock): Promise<ContractCallResult>;
  /** Factory options that make the token endpoint refuse the client; their values must never leak. */
  wrongCredentials: Record<string, string>;
  /** Secret values of the mock's credentials that must never appear in an error. */
  secrets(mock: Mock): string[];
}

/**
 * The frame of a vendor's `client.test.ts`: runs the shared engine contract
 * ({@link describeVendorContract}) for the vendor, starts an msw server for the file, and returns
 * `setup`, which gives each test a fresh mock on a fake clock (served by that server) and `client`,
 * a factory of clients sharing the test's own token store, clock and event list. The vendor's file
 * keeps only the tests that are its own.
 *
 * @example
 * ```ts
 * const { setup } = describeVendorClient({
 *   vendor: "Candid",
 *   createMock: (clock, options?: CandidMockOptions) => createCandidMock({ clock, ...options }),
 *   createClient: (mock, options: Partial<CandidClientOptions>) => createCandidClient({ ...mock.credentials, ...options }),
 *   read: (client) => client.GET("/api/payers/v3"),
 *   wrongCredentials: { clientSecret: "wrong-secret-1" },
 *   secrets: (mock) => [mock.credentials.clientSecret],
 * });
 * it("reads payers", async () => {
 *   const { client, mock } = setup({ tokenLifetimeSeconds: 600 });
 *   await client({ maxRetries: 0 }).GET("/api/payers/v3");
 * });
 * ```
 */
export function describeVendorClient<
  Mock extends VendorMock<object> & { handlers: RequestHandler[] },
  Client,
  MockOptions,
  Options extends object,
>(subject: VendorClientSubject<Mock, Client, MockOptions, Options>) {
  describeVendorContract<Mock, Client>({
    ...subject,
    createMock: (clock) => subject.createMock(clock),
    createClient: (mock, options, overrides) => {
      // The contract passes engine options (clock, store, fetch, events) and a few factory options.
      const merged: Record<string, unknown> = { ...options, ...overrides };
      return subject.createClient(mock, merged as Partial<Options>);
    },
  });

  const server = useMsw();

  /** A fresh mock (with `options`) on a fake clock, and a factory of clients of the test's own. */
  function setup(options?: MockOptions) {
    const rig = mockRig(server, (clock) => subject.createMock(clock, options));
    const client = (extra: Partial<Options> = {}) =>
      subject.createClient(rig.mock, { ...rig.clientOptions, ...extra } as Partial<Options>);
    return { ...rig, client };
  }
  return { setup, server };
}
