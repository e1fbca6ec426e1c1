import { inspect } from "node:util";
import {
  type AuthConfigError,
  isAuthConfigError,
  isTokenRequestError,
  type TokenRequestError,
} from "@caduceus/auth-core";
import type { FakeClock, MockRequestRecord, VendorMock } from "@caduceus/auth-core/testing";
import { rejection } from "@caduceus/test-msw";
import { expect } from "vitest";

/**
 * Every way an error can be printed (its string, `inspect` output, JSON and stack): a secret or a
 * live token must show in none of them (docs/contract.md, behaviour 7).
 *
 * @example
 * ```ts
 * for (const text of printed(error)) expect(text).not.toContain(secret);
 * ```
 */
export function printed(error: unknown): string[] {
  return [String(error), inspect(error, { depth: 5 }), JSON.stringify(error), (error as Error).stack ?? ""];
}

/** Fails the test when any of `hidden` shows in any printed form of `error`. */
export function expectHidden(error: unknown, hidden: readonly string[]): void {
  for (const text of printed(error)) {
    for (const value of hidden) expect(text).not.toContain(value);
  }
}

/**
 * Awaits a call that must reject with a `TokenRequestError` whose fields match `expected` (any
 * subset, matchers allowed) and whose printed forms show none of `hidden`; returns the error for
 * the vendor's own checks.
 *
 * @example
 * ```ts
 * await expectTokenRequestError(client({ clientSecret: secret }).GET("/api/payers/v3"), {
 *   status: 401, oauthError: "UnauthorizedError",
 * }, [secret]);
 * ```
 */
export async function expectTokenRequestError(
  call: Promise<unknown>,
  expected: Partial<Record<keyof TokenRequestError, unknown>>,
  hidden: readonly string[] = [],
): Promise<TokenRequestError> {
  const error = await rejection(call);
  expect(isTokenRequestError(error), String(error)).toBe(true);
  expect(error).toMatchObject(expected);
  expectHidden(error, hidden);
  return error as TokenRequestError;
}

/**
 * Runs a client factory that must throw an `AuthConfigError` naming `option` (in its `option` field
 * and its message) and showing none of `hidden`; returns the error.
 *
 * @example
 * ```ts
 * expectConfigError(() => createXcuresClient({ clientId: "id", clientSecret: "" } as never), "clientSecret");
 * ```
 */
export function expectConfigError(
  create: () => unknown,
  option: string,
  hidden: readonly string[] = [],
): AuthConfigError {
  let thrown: unknown;
  try {
    create();
  } catch (error) {
    thrown = error;
  }
  expect(isAuthConfigError(thrown), `expected an AuthConfigError, got ${String(thrown)}`).toBe(true);
  const error = thrown as AuthConfigError;
  expect(error.option).toBe(option);
  expect(error.message).toContain(option);
  expectHidden(error, hidden);
  return error;
}

/** How long the first token is still served, and how much later it must have been replaced. */
export interface ReuseThenRefresh {
  /** Time after the first call at which the first token must still be served. */
  reusedAfterMs: number;
  /** Further time after which a new token must have been fetched before the call. */
  refreshedAfterMs: number;
}

/**
 * Drives one token's life on the fake clock: `call` gets a token; after `reusedAfterMs` it is served
 * again without a token request; after `refreshedAfterMs` more, one new token request happens before
 * the call, never after a 401. Returns the last call's result.
 *
 * @example
 * ```ts
 * const { data } = await expectReuseThenRefresh({ mock, clock }, () => client.GET("/equipe/doctors"), {
 *   reusedAfterMs: 3_000_000, refreshedAfterMs: 601_000,
 * });
 * ```
 */
export async function expectReuseThenRefresh<T>(
  rig: { mock: VendorMock<object>; clock: FakeClock },
  call: () => Promise<T>,
  { reusedAfterMs, refreshedAfterMs }: ReuseThenRefresh,
): Promise<T> {
  const { stats } = rig.mock.controls;
  const [tokenRequests, unauthorized] = [stats.tokenRequests, stats.unauthorized];
  await call();
  expect(stats.tokenRequests - tokenRequests).toBe(1);
  await rig.clock.advance(reusedAfterMs);
  await call();
  expect(stats.tokenRequests - tokenRequests, "reused until then").toBe(1);
  await rig.clock.advance(refreshedAfterMs);
  const last = await call();
  expect(stats.tokenRequests - tokenRequests, "refreshed by then").toBe(2);
  expect(stats.unauthorized - unauthorized, "refreshed before use, not after a 401").toBe(0);
  return last;
}

/**
 * The one token request `mock` received (fails the test when there were none or several): what a
 * vendor's token-exchange test inspects after its first call.
 *
 * @example
 * ```ts
 * await client().GET("/api/payers/v3");
 * expect(soleTokenRequest(mock).headers["content-type"]).toBe("application/json");
 * ```
 */
export function soleTokenRequest(mock: Pick<VendorMock<object>, "tokenRequests">): MockRequestRecord {
  expect(mock.tokenRequests).toHaveLength(1);
  return mock.tokenRequests[0]!;
}

/** A vendor's documented token request, as {@link expectTokenRequest} checks it. */
export interface ExpectedTokenRequest {
  /** The token endpoint. */
  url: string;
  /** The body's media type: `application/json` or `application/x-www-form-urlencoded`. */
  contentType: string;
  /** Every field of the body (JSON or form, as the mock parsed it), and no other. */
  fields: Record<string, unknown>;
  /** The `Authorization` header. Default: none is sent (the credentials travel in the body or other headers). */
  authorization?: string;
}

/**
 * The one token request `mock` received ({@link soleTokenRequest}), checked against the vendor's
 * documented exchange: a `POST` to `url` with `contentType`, exactly `fields` in its body, and
 * `authorization` or no `Authorization` header at all. Returns the record for the vendor's own checks
 * (other headers, the raw body).
 *
 * @example
 * ```ts
 * await client().GET("/api/v1/patient-registry/project");
 * expectTokenRequest(mock, {
 *   url: XCURES_TOKEN_URL, contentType: "application/json",
 *   fields: { client_id: "id", client_secret: "secret", grant_type: "client_credentials" },
 * });
 * ```
 */
export function expectTokenRequest(
  mock: Pick<VendorMock<object>, "tokenRequests">,
  expected: ExpectedTokenRequest,
): MockRequestRecord {
  const sent = soleTokenRequest(mock);
  expect(sent.method).toBe("POST");
  expect(sent.url).toBe(expected.url);
  expect(sent.headers["content-type"]).toBe(expected.contentType);
  expect(sent.fields).toStrictEqual(expected.fields);
  expect(sent.headers.authorization).toBe(expected.authorization);
  return sent;
}
