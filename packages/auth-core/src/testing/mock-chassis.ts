import { type Clock, systemClock } from "../clock.js";
import { createMockControls, type MockControls } from "./mock-controls.js";
import { createMockTenants, type MockTenant, type MockTenants, presentedValues } from "./mock-tenants.js";
import { decodeBasic, type ParsedBody, parseRequestBody } from "./request-body.js";
import { type MockRequestRecord, recordOf } from "./request-record.js";
import { createTokenIssuer, type TokenIssuer } from "./token-issuer.js";

/**
 * The options every vendor's `create<Vendor>Mock` takes (each adds its own): the same names, the same
 * defaults, in every kit.
 */
export interface MockOptions<Credentials> {
  /** Time source of issued tokens and fault delays; pass the client's fake clock. @defaultValue the real clock */
  clock?: Clock;
  /** Lifetime of issued tokens in seconds (their JWT `exp - iat`). @defaultValue the vendor's documented one */
  tokenLifetimeSeconds?: number;
  /** API base URL the mock serves. @defaultValue the vendor's production URL, so msw intercepts the real host */
  baseUrl?: string;
  /** Token endpoint the mock serves. @defaultValue where the vendor's client looks for it */
  tokenUrl?: string;
  /** Credentials the mock accepts; each one left out keeps the kit's printable fake. */
  credentials?: Partial<Credentials>;
}

/**
 * What every vendor's mock exposes (each adds its `handlers` for msw, its data and its own switches):
 * the same names in every kit, so tests and tools drive any vendor the same way.
 */
export interface VendorMock<Credentials> {
  /** Credentials the mock accepts: spread them into the vendor's client factory. */
  credentials: Credentials;
  /** API base URL served, without a trailing slash. */
  baseUrl: string;
  /** The (first) token endpoint served. */
  tokenUrl: string;
  /** The token authority: mint, check and revoke tokens (`issuer.revokeAll()` forces a 401). */
  issuer: TokenIssuer;
  /** Counters (`controls.stats`) and scheduled faults of the token endpoint and the API. */
  controls: MockControls;
  /** Every token request received, in order, with its raw and parsed body. */
  tokenRequests: MockRequestRecord[];
  /** Every API request received, in order, with the subject of its accepted token. */
  apiRequests: MockRequestRecord[];
  /**
   * The credential sets accepted besides `credentials`: add tenants to serve many clients from one
   * mock; faults and answer rewrites can target one tenant (`controls`, `{ tenant }`).
   */
  tenants: MockTenants;
  /**
   * Answers one request as the vendor would (404 when nothing matches): what a loopback server or a
   * `fetch` stand-in calls. msw users pass `handlers` instead.
   */
  respond(request: Request): Promise<Response>;
  /** Clears counters, queued faults and recorded requests (issued tokens and data stay). */
  reset(): void;
}

/** What a vendor's token rules get: the request, its record, its parsed body. */
export interface TokenRequestContext {
  /** The request; its body is already read (use `body`). */
  request: Request;
  /** The record just appended to `tokenRequests`. */
  record: MockRequestRecord;
  /** The body, read as JSON or a form by its `Content-Type`. */
  body: ParsedBody;
  /** The added tenant the request presents, `undefined` for the kit's own credentials. */
  tenant?: MockTenant;
  /**
   * The credentials this request must present: the kit's own `credentials` with the fields of the
   * tenant it presents (`credentials` as is when none). Rules that check against it serve every tenant.
   */
  credentialsOf<Credentials extends object>(credentials: Credentials): Credentials;
}

/** A vendor's token endpoint rules: the answer to one token request that carries no scheduled fault. */
export type TokenRules = (context: TokenRequestContext) => Response | Promise<Response>;

/** Why the API guard refused a request. */
export type GuardRefusal =
  | {
      /** The bearer token was refused for this reason, as the issuer's `check` tells it. */
      reason: "missing" | "unknown" | "expired" | "revoked";
    }
  | {
      /** A vendor header rule refused the request. */
      reason: "header";
      /** That header's name. */
      header: string;
      /** Its value, `null` when absent. */
      value: string | null;
    };

/** A header every API call must carry, checked by the guard: vendor credentials as data. */
export interface HeaderRule {
  /** Header name, lower-case, e.g. `"ocp-apim-subscription-key"`. */
  name: string;
  /**
   * Whether `value` (`null` when absent) passes for `request`; `tenant` is the added tenant the request
   * is from, `undefined` for the kit's own: before the token check the one its headers present, after
   * it the one whose token request its token answered (a token the rules minted as they ran), else the
   * one a credential value of which is the token's subject (a token minted with `issuer.issue(clientId)`).
   */
  accepts(value: string | null, request: Request, tenant?: MockTenant): boolean;
  /**
   * `"before-token"`: checked first, as a gateway in front of the API does; `"after-token"`: only once
   * the token is accepted. @defaultValue "before-token"
   */
  phase?: "before-token" | "after-token";
  /** The answer when refused. @defaultValue the guard's `unauthorized` answer */
  deny?(value: string | null, request: Request): Response;
}

/** Options of the API guard made by {@link MockChassis.apiGuard}. */
export interface ApiGuardOptions {
  /** The vendor's answer to a refused request (counted in `stats.unauthorized`). */
  unauthorized(refusal: GuardRefusal, request: Request): Response;
  /** Vendor headers checked besides the token, in order. @defaultValue none */
  headers?: readonly HeaderRule[];
}

/**
 * The API guard: counts and records the request, answers a scheduled API fault, checks the header
 * rules and the bearer token; `undefined` lets the request through to the vendor's handlers.
 */
export type ApiGuard = (request: Request) => Promise<Response | undefined>;

/** Options of {@link createMockChassis}. */
export interface MockChassisOptions {
  /** Time source of tokens and fault delays. @defaultValue the real clock */
  clock?: Clock;
  /** Lifetime of issued tokens in seconds. @defaultValue 3600 */
  tokenLifetimeSeconds?: number;
  /** The `iss` of issued tokens, e.g. the vendor's issuer URL. */
  issuer: string;
}

/** The parts every mock vendor is built from; see {@link createMockChassis}. */
export interface MockChassis {
  /** The clock tokens and delays use. */
  clock: Clock;
  /** The token authority. */
  issuer: TokenIssuer;
  /** Counters and scheduled faults. */
  controls: MockControls;
  /** Token requests received (shared by every endpoint of this chassis). */
  tokenRequests: MockRequestRecord[];
  /** API requests received. */
  apiRequests: MockRequestRecord[];
  /** Tenants: credential sets accepted besides the kit's own. */
  tenants: MockTenants;
  /**
   * A token endpoint: counts, reads the body (JSON or form), decodes HTTP Basic, finds the tenant the
   * request presents, records, answers a scheduled fault if one is queued (the tenant's first), else
   * applies the vendor's `rules` and any queued rewrite of a successful JSON answer.
   */
  tokenEndpoint(rules: TokenRules): (request: Request) => Promise<Response>;
  /** An API guard with the vendor's answers and header rules. */
  apiGuard(options: ApiGuardOptions): ApiGuard;
  /**
   * The shared part of the vendor's mock object: these parts plus `credentials`, URLs, `respond` and
   * `reset`.
   */
  mock<Credentials>(parts: {
    credentials: Credentials;
    baseUrl: string;
    tokenUrl: string;
    respond(request: Request): Promise<Response | undefined>;
  }): VendorMock<Credentials>;
}

/**
 * Creates the chassis a vendor's mock kit configures with its rules and data: one token authority,
 * one set of controls, one record type, one token-endpoint builder and one API guard, working on
 * WHATWG `Request`/`Response` so any adapter (msw, a loopback server, a `fetch` stand-in) can serve it.
 *
 * @example
 * ```ts
 * const chassis = createMockChassis({ issuer: "acme-mock", clock });
 * const token = chassis.tokenEndpoint(({ body }) =>
 *   body.fields.client_secret === "s" ? Response.json({ access_token: chassis.issuer.issue("c") })
 *     : Response.json({ error: "invalid_client" }, { status: 401 }));
 * const guard = chassis.apiGuard({ unauthorized: () => new Response(null, { status: 401 }) });
 * ```
 */
export function createMockChassis(options: MockChassisOptions): MockChassis {
  const clock = options.clock ?? systemClock;
  // The tenant whose token request the rules are answering (set while they run synchronously), and the
  // tenant each token minted for one: an API call is that tenant's, whatever headers it carries.
  let answering: string | undefined;
  const tokenTenants = new Map<string, string>();
  let sweepAt = 1024;
  const issuer = createTokenIssuer({
    clock,
    lifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
    issuer: options.issuer,
    onIssue: (token) => {
      if (answering === undefined) return;
      tokenTenants.set(token, answering);
      // Forget tokens no longer live (revoked or expired) whenever the map has doubled since last time.
      if (tokenTenants.size < sweepAt) return;
      for (const known of tokenTenants.keys())
        if (!issuer.check(`Bearer ${known}`).ok) tokenTenants.delete(known);
      sweepAt = Math.max(1024, tokenTenants.size * 2);
    },
  });
  const controls = createMockControls({ clock });
  const tokenRequests: MockRequestRecord[] = [];
  const apiRequests: MockRequestRecord[] = [];
  const tenants = createMockTenants();

  const tokenEndpoint = (rules: TokenRules) => async (request: Request) => {
    controls.stats.tokenRequests++;
    const text = await request.text();
    const body = parseRequestBody(request.headers.get("content-type"), text);
    const basic = decodeBasic(request.headers.get("authorization"));
    const record: MockRequestRecord = {
      ...recordOf(request),
      body: text,
      encoding: body.encoding,
      fields: body.fields,
      ...(basic ? { basic } : {}),
    };
    const tenant = tenants.identify(presentedValues(record));
    if (tenant) record.tenant = tenant.name;
    tokenRequests.push(record);
    const fault = await controls.nextTokenFault(request.signal, tenant?.name);
    if (fault) return fault;
    answering = tenant?.name;
    let pending: Response | Promise<Response>;
    try {
      pending = rules({
        request,
        record,
        body,
        ...(tenant ? { tenant } : {}),
        credentialsOf: (credentials) => tenants.credentialsOf(credentials, tenant),
      });
    } finally {
      answering = undefined;
    }
    const answer = await pending;
    return answer.ok ? rewritten(answer, tenant?.name) : answer;
  };

  /** `answer` with the next queued rewrite applied to its JSON object body (as it was when none or not one). */
  const rewritten = async (answer: Response, tenant: string | undefined) => {
    const rewrite = controls.takeTokenRewrite(tenant);
    if (!rewrite) return answer;
    const text = await answer.text();
    const headers = new Headers(answer.headers);
    headers.delete("content-length");
    const body = jsonObject(text);
    const out = body ? JSON.stringify(rewrite(body)) : text;
    return new Response(out, { status: answer.status, statusText: answer.statusText, headers });
  };

  const apiGuard =
    ({ unauthorized, headers = [] }: ApiGuardOptions): ApiGuard =>
    async (request) => {
      controls.stats.apiRequests++;
      const record = recordOf(request);
      apiRequests.push(record);
      let tenant = tenants.identify(presentedValues(record));
      const fault = await controls.nextApiFault(request.signal);
      if (fault) return fault;
      const deny = (response: Response) => {
        controls.stats.unauthorized++;
        return response;
      };
      const refusedHeader = (phase: HeaderRule["phase"]) => {
        for (const rule of headers) {
          if ((rule.phase ?? "before-token") !== phase) continue;
          const value = request.headers.get(rule.name);
          if (rule.accepts(value, request, tenant)) continue;
          return deny(
            rule.deny?.(value, request) ??
              unauthorized({ reason: "header", header: rule.name, value }, request),
          );
        }
        return undefined;
      };
      const before = refusedHeader("before-token");
      if (before) return before;
      const authorization = request.headers.get("authorization");
      const check = issuer.check(authorization);
      if (!check.ok) return deny(unauthorized({ reason: check.reason }, request));
      record.subject = check.subject;
      const owner = tokenTenants.get(authorization!.replace(/^Bearer /i, ""));
      tenant = owner === undefined ? tenants.identify([check.subject]) : tenants.get(owner);
      if (tenant) record.tenant = tenant.name;
      return refusedHeader("after-token");
    };

  return {
    clock,
    issuer,
    controls,
    tokenRequests,
    apiRequests,
    tenants,
    tokenEndpoint,
    apiGuard,
    mock: ({ respond, ...parts }) => ({
      ...parts,
      issuer,
      controls,
      tokenRequests,
      apiRequests,
      tenants,
      respond: async (request) =>
        (await respond(request)) ??
        Response.json({ error: `no mock route for ${request.method} ${request.url}` }, { status: 404 }),
      reset() {
        controls.reset();
        tokenRequests.length = 0;
        apiRequests.length = 0;
      },
    }),
  };
}

/** `text` parsed as a JSON object, else `undefined`. */
function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
