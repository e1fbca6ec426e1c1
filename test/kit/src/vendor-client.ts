import type { Clock } from "@caduceus/auth-core";
import type { VendorMock } from "@caduceus/auth-core/testing";
import { useMsw } from "@caduceus/test-msw";
import type { RequestHandler } from "msw";
import { mockRig } from "./mock-rig.js";
import {
  type ContractCallResult,
  describeVendorContract,
  type VendorContractSubject,
} from "./vendor-contract.js";

/** One vendor as its `client.test.ts` drives it: its mock kit, its factory, one read and one write. */
export interface VendorClientSubject<
  Mock extends VendorMock<object>,
  Client,
  MockOptions extends { clock?: Clock },
  Options extends object,
> {
  /** Vendor name, used in the contract suite's title. */
  vendor: string;
  /** The vendor's mock kit factory (`create<Vendor>Mock` from its `./testing`). */
  createMock(options: MockOptions): Mock;
  /** The vendor's client factory (`create<Vendor>Client`); it gets the mock's credentials first. */
  createClient(options: Options): Client;
  /** A read the mock answers 2xx with a valid token. */
  read(client: Client, mock: Mock): Promise<ContractCallResult>;
  /** A write with a request body the mock answers 2xx with a valid token. Default: `read`. */
  write?(client: Client, mock: Mock): Promise<ContractCallResult>;
  /** Factory options that make the token endpoint refuse the client; their values must never leak. */
  wrongCredentials: Record<string, string>;
  /** The vendor's fields of the `TokenRequestError` `wrongCredentials` get. Default: any `TokenRequestError`. */
  wrongCredentialsError?: VendorContractSubject<Mock, Client>["wrongCredentialsError"];
  /**
   * Secret values of the mock's credentials that must never appear in an error. Default: the mock's
   * values of the credentials named in `wrongCredentials`.
   */
  secrets?(mock: Mock): string[];
}

/**
 * The frame of a vendor's `client.test.ts`: runs the shared engine contract
 * ({@link describeVendorContract}) for the vendor, starts an msw server for the file, and returns
 * `setup`, which gives each test a fresh mock on a fake clock (served by that server) and `client`,
 * a factory of clients with the mock's credentials sharing the test's own token store, clock and
 * event list. The vendor's file keeps only the tests that are its own.
 *
 * @example
 * ```ts
 * const { setup } = describeVendorClient({
 *   vendor: "Candid",
 *   createMock: createCandidMock,
 *   createClient: createCandidClient,
 *   read: (client) => client.GET("/api/payers/v3"),
 *   wrongCredentials: { clientSecret: "wrong-secret-1" },
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
  MockOptions extends { clock?: Clock },
  Options extends object,
>(subject: VendorClientSubject<Mock, Client, MockOptions, Options>) {
  // The mock's credentials are the factory's options by each kit's contract; options spread after them.
  const clientOf = (mock: Mock, options: Record<string, unknown>) =>
    subject.createClient({ ...mock.credentials, ...options } as Options);
  const mockOn = (clock: Clock, options?: Omit<MockOptions, "clock">) => {
    const withClock: { clock?: Clock } = { ...options, clock };
    return subject.createMock(withClock as MockOptions);
  };

  const secretsNamed = (mock: Mock) =>
    Object.keys(subject.wrongCredentials).flatMap((name) => {
      const value = (mock.credentials as Record<string, unknown>)[name];
      return typeof value === "string" ? [value] : [];
    });

  describeVendorContract<Mock, Client>({
    ...subject,
    secrets: subject.secrets ?? secretsNamed,
    createMock: (clock) => mockOn(clock),
    createClient: (mock, options, overrides) => clientOf(mock, { ...options, ...overrides }),
  });

  const server = useMsw();

  /** A fresh mock (with `options`) on a fake clock, and a factory of clients of the test's own. */
  function setup(options?: Omit<MockOptions, "clock">) {
    const rig = mockRig(server, (clock) => mockOn(clock, options));
    const client = (extra: Partial<Options> = {}) => clientOf(rig.mock, { ...rig.clientOptions, ...extra });
    return { ...rig, client };
  }
  return { setup, server };
}
