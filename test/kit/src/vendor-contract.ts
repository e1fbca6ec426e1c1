import {
  type AuthEvent,
  type Clock,
  isNetworkError,
  MemoryTokenStore,
  type TokenRequestError,
  type TokenStore,
} from "@caduceus/auth-core";
import { createFakeClock, type FakeClock, type VendorMock } from "@caduceus/auth-core/testing";
import { describe, expect, it } from "vitest";
import { expectHidden, expectTokenRequestError, printed } from "./expectations.js";

/** What a vendor's factory gets from the contract suite, besides the mock's credentials. */
export interface ContractClientOptions {
  /** The fake clock the mock also runs on. */
  clock: Clock;
  /** A store of this test's own, so no token leaks in from another test. */
  tokenStore: TokenStore;
  /** Answers every request (token requests included) from the mock, without msw or a socket. */
  fetch: typeof fetch;
  /** Collects the client's events. */
  onEvent: (event: AuthEvent) => void;
}

/** The answer of an openapi-fetch call, as far as the contract reads it. */
export interface ContractCallResult {
  /** The HTTP response. */
  response: Response;
}

/** One vendor as the contract suite drives it: its kit, its factory and one read and one write. */
export interface VendorContractSubject<Mock extends VendorMock<object>, Client> {
  /** Vendor name, used in the suite's title. */
  vendor: string;
  /** Creates the vendor's mock (its `./testing` kit) on `clock`. */
  createMock(clock: FakeClock): Mock;
  /** Creates a client of the vendor's factory for `mock`, with `options` and `overrides` spread last. */
  createClient(mock: Mock, options: ContractClientOptions, overrides?: Record<string, unknown>): Client;
  /** A read the mock answers 2xx with a valid token. */
  read(client: Client, mock: Mock): Promise<ContractCallResult>;
  /** A write with a request body the mock answers 2xx with a valid token. Default: `read`. */
  write?(client: Client, mock: Mock): Promise<ContractCallResult>;
  /** Factory options that make the token endpoint refuse the client; their values must never leak. */
  wrongCredentials: Record<string, string>;
  /**
   * The fields of the `TokenRequestError` that `wrongCredentials` get, as the vendor answers them
   * (`status`, `oauthError`, `errorDescription`, `message`…; any subset, matchers allowed).
   * Default: only that it is a `TokenRequestError`.
   */
  wrongCredentialsError?: Partial<Record<keyof TokenRequestError, unknown>>;
  /** Secret values of the mock's credentials that must never appear in an error. */
  secrets(mock: Mock): string[];
}

/** A fetch answered by `mock.respond`; a reset (`Response.error()`) rejects as a network failure does. */
function fetchFrom(mock: VendorMock<object>): typeof fetch {
  return async (input, init) => {
    const response = await mock.respond(new Request(input, init));
    if (response.type === "error") throw new TypeError("fetch failed");
    return response;
  };
}

/**
 * Moves the fake clock in 100 ms steps until `promise` settles, so back-off sleeps (which run on the
 * clock) end, pausing a few real milliseconds per step so pending I/O keeps pace with the fake time.
 *
 * @example
 * ```ts
 * const { data } = await whileAdvancing(clock, client.GET("/api/payers/v3")); // through the retry back-off
 * ```
 */
export async function whileAdvancing<T>(clock: FakeClock, promise: Promise<T>): Promise<T> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let step = 0; step < 100 && !settled; step++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    await clock.advance(100);
  }
  return promise;
}

/**
 * The engine behaviours every vendor shows, written once and run for each vendor from its
 * `client.test.ts` (docs/contract.md, behaviours 1, 2, 4, 5 and 7): token reuse across clients,
 * single flight, one 401 replay with a new token, a 503 from the token endpoint retried, no secret or
 * token in errors. Each test gets a fresh mock on a fake clock and a store of its own; requests go
 * through `mock.respond`, so no msw server is needed. Vendor tests keep only what is the vendor's own.
 *
 * @example
 * ```ts
 * describeVendorContract({
 *   vendor: "Candid", createMock: (clock) => createCandidMock({ clock }),
 *   createClient: (mock, options, overrides) => createCandidClient({ ...mock.credentials, ...options, ...overrides }),
 *   read: (client) => client.GET("/api/payers/v3"), wrongCredentials: { clientSecret: "wrong-secret-1" },
 *   secrets: (mock) => [mock.credentials.clientSecret],
 * });
 * ```
 */
export function describeVendorContract<Mock extends VendorMock<object>, Client>(
  subject: VendorContractSubject<Mock, Client>,
): void {
  function setup() {
    const clock = createFakeClock();
    const mock = subject.createMock(clock);
    const tokenStore = new MemoryTokenStore({ now: clock.now });
    const events: AuthEvent[] = [];
    const options: ContractClientOptions = {
      clock,
      tokenStore,
      fetch: fetchFrom(mock),
      onEvent: (event) => events.push(event),
    };
    const client = (overrides?: Record<string, unknown>) => subject.createClient(mock, options, overrides);
    return { clock, mock, client, events };
  }
  const write = subject.write ?? subject.read;

  describe(`${subject.vendor}: the engine's contract`, () => {
    it("reuses one token across calls and across clients with the same credentials (behaviour 1)", async () => {
      const { mock, client } = setup();
      const [first, second] = [client(), client()];
      for (const call of [subject.read(first, mock), subject.read(first, mock), subject.read(second, mock)]) {
        expect((await call).response.ok).toBe(true);
      }
      expect(mock.controls.stats.tokenRequests).toBe(1);
    });

    it("makes one token request for many concurrent cold calls (single flight, behaviour 2)", async () => {
      const { mock, client } = setup();
      const shared = client();
      const results = await Promise.all(Array.from({ length: 25 }, () => subject.read(shared, mock)));
      expect(results.every((result) => result.response.ok)).toBe(true);
      expect(mock.controls.stats.tokenRequests).toBe(1);
    });

    it("replays a call once after a 401, with a new token and its body (behaviour 4)", async () => {
      const { mock, client } = setup();
      const shared = client();
      await subject.read(shared, mock);
      mock.issuer.revokeAll(); // the vendor forgot the token (rotation, revocation, clock skew)
      const { response } = await write(shared, mock);
      expect(response.ok).toBe(true);
      expect(mock.controls.stats.tokenRequests).toBe(2);
      const [refused, replayed] = mock.apiRequests.slice(-2);
      expect(refused?.subject).toBeUndefined();
      expect([replayed?.method, replayed?.url]).toEqual([refused?.method, refused?.url]);
      expect(replayed?.headers.authorization).not.toBe(refused?.headers.authorization);
    });

    it("returns a second 401 to the caller instead of replaying again (behaviour 4)", async () => {
      const { mock, client } = setup();
      const shared = client();
      await subject.read(shared, mock);
      const before = mock.apiRequests.length;
      mock.controls.failApiRequests(2, { status: 401 });
      const { response } = await subject.read(shared, mock);
      expect(response.status).toBe(401);
      expect(mock.apiRequests.length - before).toBe(2);
      expect(mock.controls.stats.tokenRequests).toBe(2);
    });

    it("retries a 503 from the token endpoint, then succeeds (behaviour 5)", async () => {
      const { mock, client, clock } = setup();
      mock.controls.failTokenRequests(1, { status: 503, body: { message: "Service Unavailable" } });
      const { response } = await whileAdvancing(clock, subject.read(client(), mock));
      expect(response.ok).toBe(true);
      expect(mock.controls.stats.tokenRequests).toBe(2);
    });

    it("rejects wrong credentials with the vendor's TokenRequestError, showing no secret (behaviour 7)", async () => {
      const { mock, client } = setup();
      const call = subject.read(client(subject.wrongCredentials), mock);
      const hidden = [...Object.values(subject.wrongCredentials), ...subject.secrets(mock)];
      await expectTokenRequestError(call, subject.wrongCredentialsError ?? {}, hidden);
    });

    it("retries a read whose connection fails, then rejects with a NetworkError that shows no token or secret (behaviours 5, 6, 7)", async () => {
      const { mock, client, clock } = setup();
      const shared = client();
      await subject.read(shared, mock);
      const token = mock.apiRequests[0]!.headers.authorization!.slice("Bearer ".length);
      mock.controls.failApiRequests(3, { shape: "reset" });
      // A read is idempotent: two retries (the default maxRetries) on the fake clock's back-off, then the error.
      const error = await whileAdvancing(
        clock,
        subject.read(shared, mock).catch((e: unknown) => e),
      );
      expect(isNetworkError(error)).toBe(true);
      expect(error).toMatchObject({ code: "CADUCEUS_NETWORK", attempts: 3 });
      expectHidden(error, [token, ...subject.secrets(mock)]);
    });

    it("scrubs the token and the secrets a failing connection's error quotes (behaviour 7)", async () => {
      const { mock, client } = setup();
      const answer = fetchFrom(mock);
      let token = "";
      const quoting = client({
        maxRetries: 0,
        // An API call's transport fails with a message quoting every header it was sending.
        fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
          const request = new Request(input, init);
          const authorization = request.headers.get("authorization") ?? "";
          if (!authorization.startsWith("Bearer ")) return answer(request);
          token = authorization.slice("Bearer ".length);
          throw new TypeError(`socket hang up while sending ${[...request.headers.values()].join(" ")}`);
        },
      });
      const error = await subject.read(quoting, mock).catch((e: unknown) => e);
      expect(token.length).toBeGreaterThan(20);
      const text = printed(error).join("\n");
      expect(text).toContain("socket hang up");
      for (const value of [token, ...subject.secrets(mock)]) expect(text).not.toContain(value);
    });
  });
}
