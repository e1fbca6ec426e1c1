import { createMockChassis, type MockOptions, type VendorMock } from "@caduceus/auth-core/testing";
import { getResponse, type HttpHandler, http } from "msw";
import { ARZAMED_READ_SCOPE, type ArzamedEnvironment, arzamedEnvironments } from "../preset.js";
import {
  type ArzamedMockClinic,
  type ArzamedMockClinicInput,
  completeClinic,
  demoClinic,
} from "./fixtures.js";
import { createArzamedApiHandlers } from "./handlers.js";
import { arzamedGuardRules, arzamedTokenRules } from "./rules.js";

/**
 * Options of {@link createArzamedMock}: the common block (`clock`; `tokenLifetimeSeconds` default 3600 as
 * documented, `expires_in` and the JWT `exp`; `baseUrl` default the environment's; `tokenUrl`, the "demo"
 * clinic's, default `https://auth.arzamed.test/clinics/demo/oauth/token`; `credentials`, the demo
 * clinic's key, default printable fakes) and Arzamed's own.
 */
export interface ArzamedMockOptions
  extends MockOptions<Pick<ArzamedMockCredentials, "clientId" | "clientSecret">> {
  /** Which deployment's API URL to serve. Default `"production"`, the client's default. */
  environment?: ArzamedEnvironment;
  /** More clinics served by the same mock, each with its own token URL, key and doctors. */
  clinics?: ArzamedMockClinicInput[];
  /** Scopes the token endpoints grant. Default: the documented read scope only. */
  scopes?: readonly string[];
}

/** The default clinic's key: `createArzamedClient({ ...mock.credentials })`. */
export interface ArzamedMockCredentials {
  /** The "demo" clinic's client id, or `options.credentials.clientId`. Default `"demo-clinic-api-client"`. */
  clientId: string;
  /** The "demo" clinic's client secret, or `options.credentials.clientSecret`. A printable fake. */
  clientSecret: string;
  /**
   * The "demo" clinic's token URL, or `options.tokenUrl`. Default
   * `https://auth.arzamed.test/clinics/demo/oauth/token`. Arzamed issues one per clinic, so the client
   * needs it as an option.
   */
  tokenUrl: string;
}

/**
 * A mock Arzamed: the chassis' parts (`credentials`, `baseUrl` default
 * `https://api.nextgen.arzamed.com/api/v1`, `tokenUrl` the demo clinic's, `issuer`, `controls`,
 * `tokenRequests` with decoded `basic` credentials, `apiRequests` whose `subject` is the token's clinic,
 * `respond`, `reset`), msw handlers, the clinics and Arzamed's own switches.
 */
export interface ArzamedMock extends VendorMock<ArzamedMockCredentials> {
  /** Pass to msw's `setupServer(...mock.handlers)` (or `server.use`). */
  handlers: HttpHandler[];
  /** Every clinic served, the default one first. */
  clinics: ArzamedMockClinic[];
  /** Revokes a clinic's API key: its tokens answer 403, its token requests 401 `invalid_client`. */
  revokeKey(clinic: string): void;
  /**
   * The next `count` API requests answer `status` with no body (Arzamed documents 503 for outages).
   * Same as `controls.failApiRequests(count, { status })`.
   */
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
  const chassis = createMockChassis({
    issuer: "arzamed-mock",
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.tokenLifetimeSeconds ? { tokenLifetimeSeconds: options.tokenLifetimeSeconds } : {}),
  });
  // A mock tenant is one more clinic, at the first clinic's token URL (a `tokenUrl` it gives must be one served).
  const allClinics = () => [
    ...clinics,
    ...chassis.tenants
      .list()
      .map((tenant) =>
        completeClinic({ tokenUrl: first.tokenUrl, ...tenant.credentials, name: tenant.name }),
      ),
  ];
  const revoked = new Set<string>();
  const scopes = new Set(options.scopes ?? [ARZAMED_READ_SCOPE]);
  // One endpoint per distinct token URL; clinics sharing one are told apart by their key.
  const tokenHandlers = [...new Set(clinics.map((clinic) => clinic.tokenUrl))].map((url) => {
    const answer = chassis.tokenEndpoint(
      arzamedTokenRules({
        url,
        clinics: allClinics,
        scopes,
        revoked,
        issue: chassis.issuer.issue,
        lifetimeSeconds: () => chassis.issuer.lifetimeSeconds,
      }),
    );
    return http.post(url, ({ request }) => answer(request));
  });
  const guard = chassis.apiGuard(arzamedGuardRules);
  const handlers = [
    ...tokenHandlers,
    ...createArzamedApiHandlers(baseUrl, guard, chassis.issuer, allClinics, revoked),
  ];
  return {
    ...chassis.mock({
      credentials: { clientId: first.clientId, clientSecret: first.clientSecret, tokenUrl: first.tokenUrl },
      baseUrl,
      tokenUrl: first.tokenUrl,
      respond: (request) => getResponse(handlers, request),
    }),
    handlers,
    clinics,
    revokeKey(clinic) {
      revoked.add(clinic);
    },
    failApiRequests(count, status = 503) {
      chassis.controls.failApiRequests(count, { status });
    },
  };
}
