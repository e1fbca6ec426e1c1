/**
 * A mock Arzamed for tests and demos (`@caduceus/arzamed/testing`): msw handlers for each clinic's
 * token endpoint and for the API, with expiring tokens and Arzamed's status-only errors. Needs the
 * optional peer dependencies `msw` and `openapi-msw`.
 */
import { type Clock, systemClock } from "@caduceus/auth-core";
import {
  createMockControls,
  createTokenIssuer,
  type MockControls,
  type TokenIssuer,
} from "@caduceus/auth-core/testing";
import { type HttpHandler, HttpResponse, http } from "msw";
import { createOpenApiHttp } from "openapi-msw";
import type { components, paths } from "../generated/openapi.js";
import { ARZAMED_READ_SCOPE, type ArzamedEnvironment, arzamedEnvironments } from "../preset.js";
import {
  type ArzamedMockClinic,
  type ArzamedMockClinicInput,
  clinicTokenUrl,
  completeClinic,
  demoClinic,
} from "./fixtures.js";
import { type ArzamedTokenRequestRecord, tokenHandlers } from "./token-endpoint.js";

export type { ArzamedMockClinic, ArzamedMockClinicInput } from "./fixtures.js";
export type { ArzamedTokenRequestRecord } from "./token-endpoint.js";
export { clinicTokenUrl };

/** One API request the mock received. */
export interface ArzamedApiRequestRecord {
  /** HTTP method as received, upper-case (`"GET"`; the mock serves no other documented method). */
  method: string;
  /** Path below the base URL, e.g. `/equipe/doctors`. */
  path: string;
  /** Every header, lower-case. */
  headers: Record<string, string>;
  /** The clinic the token belongs to, when the token was valid. */
  clinic?: string;
}

/** Options of {@link createArzamedMock}. */
export interface ArzamedMockOptions {
  /** Time source; pass the client's fake clock so tokens expire on it. Default: the real clock. */
  clock?: Clock;
  /** Lifetime of issued tokens (`expires_in` and the JWT `exp`). Default 3600, as documented. */
  tokenLifetimeSeconds?: number;
  /** Which deployment's API URL to serve. Default `"production"`, the client's default. */
  environment?: ArzamedEnvironment;
  /** API base URL to serve instead. Default: the environment's. */
  baseUrl?: string;
  /** Token URL of the default "demo" clinic. Default `https://auth.arzamed.test/clinics/demo/oauth/token`. */
  tokenUrl?: string;
  /** API key of the default clinic. Default: printable fakes (see `mock.credentials`). */
  credentials?: Partial<Pick<ArzamedMockClinic, "clientId" | "clientSecret">>;
  /** More clinics served by the same mock, each with its own token URL, key and doctors. */
  clinics?: ArzamedMockClinicInput[];
  /** Scopes the token endpoints grant. Default: the documented read scope only. */
  scopes?: readonly string[];
}

/** A running mock: msw handlers plus the knobs and records tests assert on. */
export interface ArzamedMock {
  /** Pass to msw's `setupServer(...mock.handlers)` (or `server.use`). */
  handlers: HttpHandler[];
  /** Mints and checks tokens; `issuer.revokeAll()` makes the next API call answer 401. */
  issuer: TokenIssuer;
  /** Counters and the 429/5xx switch of the token endpoints. */
  controls: MockControls;
  /** The default clinic's key: `createArzamedClient({ ...mock.credentials })`. */
  credentials: {
    /**
     * The "demo" clinic's client id, or `options.credentials.clientId`. Default `"demo-clinic-api-client"`.
     */
    clientId: string;
    /** The "demo" clinic's client secret, or `options.credentials.clientSecret`. A printable fake. */
    clientSecret: string;
    /**
     * The "demo" clinic's token URL, or `options.tokenUrl`. Default
     * `https://auth.arzamed.test/clinics/demo/oauth/token`. Arzamed issues one per clinic, so the
     * client needs it as an option.
     */
    tokenUrl: string;
  };
  /** Every clinic served, the default one first. */
  clinics: ArzamedMockClinic[];
  /**
   * The API base URL the handlers serve, without a trailing slash: `options.baseUrl`, else the chosen
   * environment's (`https://api.nextgen.arzamed.com/api/v1` for the default `"production"`). Paths
   * below it that Arzamed does not document answer a bare 404.
   */
  baseUrl: string;
  /** Every token request received, in order. */
  tokenRequests: ArzamedTokenRequestRecord[];
  /** Every API request received, with the clinic of its token. */
  apiRequests: ArzamedApiRequestRecord[];
  /** Revokes a clinic's API key: its tokens answer 403, its token requests 401 `invalid_client`. */
  revokeKey(clinic: string): void;
  /** The next `count` API requests answer `status` with no body (Arzamed documents 503 for outages). */
  failApiRequests(count: number, status?: number): void;
}

/**
 * Creates a mock Arzamed: each clinic's token endpoint checks HTTP Basic (decoded as RFC 6749
 * §2.3.1 says), the form body and the scope exactly; `GET {base}/equipe/doctors` answers the doctors
 * of the clinic the token belongs to, 401 with no body once the token has expired on `clock`, and
 * 403 with no body after `revokeKey`. Several clinics can share one mock, as they share one API.
 *
 * @example
 * ```ts
 * const clock = createFakeClock();
 * const mock = createArzamedMock({ clock, clinics: [{ name: "harbour" }] });
 * const server = setupServer(...mock.handlers); server.listen();
 * const demo = createArzamedClient({ ...mock.credentials, clock });
 * const { data } = await demo.GET("/equipe/doctors"); // the demo clinic's doctors
 * ```
 */
export function createArzamedMock(options: ArzamedMockOptions = {}): ArzamedMock {
  const baseUrl = (
    options.baseUrl ?? arzamedEnvironments[options.environment ?? "production"].baseUrl!
  ).replace(/\/$/, "");
  const first = { ...demoClinic, ...options.credentials, tokenUrl: options.tokenUrl ?? demoClinic.tokenUrl };
  const clinics = [first, ...(options.clinics ?? []).map(completeClinic)];
  const issuer = createTokenIssuer({
    lifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
    issuer: "arzamed-mock",
    clock: options.clock ?? systemClock,
  });
  const controls = createMockControls();
  const revoked = new Set<string>();
  const tokenRequests: ArzamedTokenRequestRecord[] = [];
  const apiRequests: ArzamedApiRequestRecord[] = [];
  const apiFaults: number[] = [];
  const api = createOpenApiHttp<paths>({ baseUrl });
  const statusOnly = (status: number) => new HttpResponse(null, { status });

  const doctors = api.get("/equipe/doctors", ({ request, response }) => {
    controls.stats.apiRequests++;
    const record: ArzamedApiRequestRecord = {
      method: request.method,
      path: new URL(request.url).pathname.slice(new URL(baseUrl).pathname.length),
      headers: Object.fromEntries(request.headers),
    };
    apiRequests.push(record);
    const fault = apiFaults.shift();
    if (fault !== undefined) return response.untyped(statusOnly(fault));
    const check = issuer.check(request.headers.get("authorization"));
    if (!check.ok) {
      controls.stats.unauthorized++;
      return response(401).empty();
    }
    record.clinic = check.subject;
    if (revoked.has(check.subject)) return response(403).empty();
    const clinic = clinics.find((c) => c.name === check.subject)!;
    return response(200).json(clinic.doctors satisfies components["schemas"]["Doctor"][]);
  });

  return {
    handlers: [
      ...tokenHandlers({
        controls,
        issuer,
        clinics,
        scopes: new Set(options.scopes ?? [ARZAMED_READ_SCOPE]),
        revoked,
        tokenRequests,
      }),
      doctors,
      // Undocumented paths: a bare 404, so a wrong path fails loudly.
      http.all(`${baseUrl}/*`, () => statusOnly(404)),
    ],
    issuer,
    controls,
    credentials: { clientId: first.clientId, clientSecret: first.clientSecret, tokenUrl: first.tokenUrl },
    clinics,
    baseUrl,
    tokenRequests,
    apiRequests,
    revokeKey(clinic) {
      revoked.add(clinic);
    },
    failApiRequests(count, status = 503) {
      for (let i = 0; i < count; i++) apiFaults.push(status);
    },
  };
}
