import { type Clock, systemClock } from "@caduceus/auth-core";
import type { VendorMock } from "@caduceus/auth-core/testing";
import { answerOf, requestOf, setPath, stringsIn, textOf } from "./kit.js";
import type { Answer, Incoming, Step } from "./loopback.js";
import { type Creds, SMART_CONFIGURATION, type TokenFieldOverrides, type VendorSpec } from "./vendors.js";

/**
 * A token request answered as usual (by the vendor's kit, which mints and remembers the token), its
 * answer then made odd: `issue` overrides or removes answer fields where the vendor puts them,
 * `reshape` sends something else made from the answer (a trickle, a delay, a padded or prefixed body).
 */
export interface IssueStep {
  issue?: TokenFieldOverrides;
  reshape?: (answer: Answer) => Step;
}
/** What the token endpoint does with one request: a scripted step, or issue a token (optionally odd). */
export type TokenStep = Step | IssueStep | ((request: Incoming) => Step);

/** Whether a scripted step lets the vendor answer (and reshapes its answer) rather than replacing it. */
const isIssueStep = (step: Step | IssueStep): step is IssueStep => !("status" in step) && !("raw" in step);
/** What the API does with one request: a scripted step, or the normal checked answer. */
export type ApiStep = Step | ((request: Incoming) => Step | undefined);

/**
 * One vendor as a server: its token endpoint (exact request shape checked, tokens minted as JWTs with
 * `iat`/`exp` on the given clock) and its API (token, tenant and vendor headers checked on every call).
 * A vendor with a kit binding (`spec.kit`, every shared-secret vendor) is served by its own `./testing`
 * kit: the kit's token rules check every token request and mint every token, its API guard checks
 * every call. SMART on FHIR is served by the spec's own `identify` (the assertion checked by its kit's
 * `checkTokenRequest`), `tokenAnswer` and `apiHeaderProblem`.
 * Scripts queue faults for the next requests; with an empty script everything works.
 */
export class VendorSim {
  readonly spec: VendorSpec;
  readonly tenants = new Map<string, Creds>();
  readonly tokenRequests: Incoming[] = [];
  readonly apiRequests: Incoming[] = [];
  /** Requests for the SMART configuration document (vendors whose client discovers its token endpoint). */
  readonly discoveryRequests: Incoming[] = [];
  /** Protocol violations by the client (wrong shapes, headers where they must not be). */
  readonly violations: string[] = [];
  /** Every token minted, with its tenant and expiry (epoch ms on the sim clock). */
  readonly issued = new Map<string, { tenant: string; expiresAt: number }>();
  readonly tokensPerTenant = new Map<string, number>();
  tokenScript: TokenStep[] = [];
  apiScript: ApiStep[] = [];
  /** What the SMART configuration endpoint does with the next requests (then: the vendor's document). */
  discoveryScript: Step[] = [];
  /** API answers 401 sent (token missing, unknown, expired or another tenant's). */
  unauthorized = 0;
  /** Keep every request (off for the simulated week, whose hundreds of thousands would fill the heap). */
  record = true;
  /** Tokens minted so far (the `issued` map forgets long-expired ones when not recording). */
  minted = 0;
  /** Token requests received (also counted when not recording). */
  tokenRequestCount = 0;
  /** Lifetime of minted tokens: JWT `exp - iat` and, where the vendor sends it, `expires_in`. */
  lifetimeSeconds = 3600;
  /**
   * Token endpoint outage: `"503"` answers 503 to every token request, `"network"` makes the
   * in-process fetch throw as if the host were unreachable. API calls are unaffected.
   */
  outage: "none" | "503" | "network" = "none";
  /** Token requests that failed because of an outage. */
  failedTokenRequests = 0;
  /** The vendor's kit serving this simulation, when the spec binds one. */
  readonly kit: VendorMock<object> | undefined;
  readonly #clock: Clock;
  #serial = 0;

  constructor(spec: VendorSpec, clock: Clock = systemClock, origin = "https://vendor.test") {
    this.spec = spec;
    this.#clock = clock;
    this.kit = spec.kit?.create(origin, clock);
  }

  addTenant(creds: Creds): void {
    this.tenants.set(creds.tenant, creds);
    if (this.spec.kit) this.kit?.tenants.add(creds.tenant, this.spec.kit.credentials(creds));
  }

  /** Forgets a tenant (its tokens stay until they expire or are revoked). */
  removeTenant(tenant: string): void {
    this.tenants.delete(tenant);
    this.kit?.tenants.remove(tenant);
  }

  /** The vendor revokes every token: the next call with any answers 401. */
  revokeAll(): void {
    this.issued.clear();
    this.kit?.issuer.revokeAll();
  }

  get tokenUrlPath(): string {
    return this.spec.tokenPath;
  }

  handle(request: Incoming): Step | Promise<Step> {
    if (request.method === "POST" && request.url.pathname === this.spec.tokenPath)
      return this.kit ? this.#kitToken(request, this.kit) : this.#token(request);
    if (this.spec.smartConfiguration && request.url.pathname.endsWith(SMART_CONFIGURATION))
      return this.#discovery(request);
    return this.#api(request);
  }

  /** Mints a JWT-shaped token for `tenant` (a vendor without a kit) whose signature part is a canary. */
  mint(tenant: string, lifetimeSeconds = this.lifetimeSeconds): string {
    this.#serial += 1;
    const iat = Math.floor(this.#clock.now() / 1000);
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const token = `${encode({ alg: "none", typ: "JWT" })}.${encode({ sub: tenant, iat, exp: iat + lifetimeSeconds })}.TOKCANARY${this.#serial}x${Math.random().toString(36).slice(2, 10)}`;
    this.#remember(token, tenant, iat * 1000 + lifetimeSeconds * 1000);
    return token;
  }

  #remember(token: string, tenant: string, expiresAt: number): void {
    const now = this.#clock.now();
    this.issued.set(token, { tenant, expiresAt });
    this.minted++;
    if (!this.record) {
      // Forget tokens expired a day ago (Map iteration is in insertion order: oldest first).
      for (const [old, entry] of this.issued) {
        if (entry.expiresAt > now - 86_400_000) break;
        this.issued.delete(old);
      }
      // The kit's issuer too, now and then (it walks all its tokens).
      if (this.minted % 1_000 === 0) this.kit?.issuer.forgetExpired(86_400_000);
    }
    this.tokensPerTenant.set(tenant, (this.tokensPerTenant.get(tenant) ?? 0) + 1);
  }

  async #token(request: Incoming): Promise<Step> {
    this.tokenRequestCount++;
    if (this.record) this.tokenRequests.push(request);
    const scripted = this.tokenScript.shift();
    const step = typeof scripted === "function" ? scripted(request) : scripted;
    const who = await this.spec.identify!(request, this.tenants);
    if ("problem" in who) this.violations.push(`token request: ${who.problem}`);
    if (step && !isIssueStep(step)) return step;
    const issue = step;
    if (this.outage !== "none") {
      this.failedTokenRequests++;
      return this.spec.tokenError(503, "unavailable", "The service is unavailable.");
    }
    if ("problem" in who) return this.spec.tokenError(401, "invalid_client", "Client authentication failed.");
    const answer = this.spec.tokenAnswer!(this.mint(who.creds.tenant), this.lifetimeSeconds, issue?.issue);
    return issue?.reshape ? issue.reshape(answer) : answer;
  }

  /**
   * A token request answered by the kit: every request goes to the kit, whose refusal of one is a
   * protocol violation; a scripted step then replaces its answer (an `issue` step rewrites it), an
   * outage answers 503, else the kit's answer goes out and the tokens in it are remembered.
   */
  async #kitToken(request: Incoming, kit: VendorMock<object>): Promise<Step> {
    this.tokenRequestCount++;
    if (this.record) this.tokenRequests.push(request);
    const scripted = this.tokenScript.shift();
    const step = typeof scripted === "function" ? scripted(request) : scripted;
    const issue = step && isIssueStep(step) ? step : undefined;
    const fields = issue?.issue;
    if (fields) kit.controls.rewriteTokenAnswers(1, (body) => this.#overridden(body, fields));
    kit.issuer.lifetimeSeconds = this.lifetimeSeconds;
    const record = kit.tokenRequests.length;
    const response = await kit.respond(requestOf(request));
    const answer = await answerOf(response);
    const text = textOf(answer);
    for (const name of this.spec.kit?.notToTokenEndpoint ?? [])
      if (request.headers[name] !== undefined)
        this.violations.push(`token request: ${name} sent to the token endpoint`);
    if (/^bearer /i.test(request.headers.authorization ?? ""))
      this.violations.push("token request: a Bearer token was sent to the token endpoint");
    if (!response.ok) {
      // A 401 or invalid_client is "client authentication failed" (RFC 6749 §5.2): a credential mismatch.
      const why =
        response.status === 401 || text.includes("invalid_client")
          ? "credential mismatch"
          : "request refused";
      this.violations.push(`token request: ${why} by the kit (${response.status} ${text.slice(0, 160)})`);
    }
    if (step && !isIssueStep(step)) return step;
    if (this.outage !== "none") {
      this.failedTokenRequests++;
      return this.spec.tokenError(503, "unavailable", "The service is unavailable.");
    }
    const tenant = kit.tokenRequests[record]?.tenant;
    if (!this.record) kit.tokenRequests.length = 0;
    if (response.ok && tenant !== undefined) {
      const expiresAt = this.#clock.now() + kit.issuer.lifetimeSeconds * 1000;
      for (const value of stringsIn(jsonOr(text)))
        if (kit.issuer.check(`Bearer ${value}`).ok) this.#remember(value, tenant, expiresAt);
    }
    return issue?.reshape ? issue.reshape(answer) : answer;
  }

  /** A token answer body with the fields a fault overrides set or removed, where the vendor puts them. */
  #overridden(body: Record<string, unknown>, fields: TokenFieldOverrides): Record<string, unknown> {
    const paths = this.spec.kit!.answerFields;
    for (const name of ["accessToken", "tokenType", "expiresIn"] as const)
      if (name in fields) setPath(body, paths[name], fields[name]);
    for (const name of fields.omit ?? []) setPath(body, paths[name], undefined, true);
    return body;
  }

  /**
   * The API's answer to a call checked by the kit's guard (live token, vendor headers of the token's tenant): its
   * refusal goes out as the vendor answers it, a violation when the token was live; a call it lets
   * through (or that no kit route guards) gets the harness's answer: 401 for a token it never handed
   * out, an expired one or another tenant's, else whose token it was (the vendor's data being no
   * concern of the campaign).
   */
  async #kitAnswer(request: Incoming, kit: VendorMock<object>): Promise<Answer> {
    const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? "");
    const entry = match?.[1] ? this.issued.get(match[1]) : undefined;
    for (const name of this.spec.kit?.notToApi ?? [])
      if (request.headers[name] !== undefined) this.violations.push(`api: ${name} sent on an API call`);
    const response = await kit.respond(requestOf(request)).catch(() => undefined);
    if (!this.record) kit.apiRequests.length = 0;
    // The kit's guard refuses with 401; a 403 or 404 is its handlers' (scopes, paths the kit has not).
    if (response?.status === 401) {
      this.unauthorized++;
      if (entry && this.#clock.now() < entry.expiresAt)
        this.violations.push(`api: the kit refused a live token (${response.status})`);
      return answerOf(response);
    }
    const wanted = request.url.searchParams.get("tenant");
    const expired = entry !== undefined && this.#clock.now() >= entry.expiresAt;
    if (!entry || expired || (wanted !== null && wanted !== entry.tenant)) {
      this.unauthorized++;
      if (entry && !expired) this.violations.push(`api: token of tenant ${entry.tenant} used for ${wanted}`);
      return unauthorizedAnswer();
    }
    return okAnswer(entry.tenant);
  }

  #discovery(request: Incoming): Step {
    if (this.record) this.discoveryRequests.push(request);
    if (request.method !== "GET") this.violations.push(`discovery: ${request.method} instead of GET`);
    if (request.headers.authorization) this.violations.push("discovery: credentials sent with the lookup");
    const scripted = this.discoveryScript.shift();
    if (scripted) return scripted;
    const tenant = request.url.pathname.slice(this.spec.basePath.length + 1, -SMART_CONFIGURATION.length);
    if (!this.tenants.has(tenant)) return { status: 404 };
    return {
      status: 200,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(this.spec.smartConfiguration?.(request.url.origin)),
    };
  }

  #api(request: Incoming): Step | Promise<Step> {
    if (this.record) this.apiRequests.push(request);
    if (request.headers.authorization && !this.#onApiPath(request))
      this.violations.push(`credentials sent outside the API base path: ${request.url.pathname}`);
    const scripted = this.apiScript.shift();
    if (scripted) {
      const step = typeof scripted === "function" ? scripted(request) : scripted;
      if (step) return step;
    }
    return this.kit ? this.#kitAnswer(request, this.kit) : this.checkedAnswer(request);
  }

  #onApiPath(request: Incoming): boolean {
    return request.url.pathname.startsWith(this.spec.basePath);
  }

  /** The API's normal answer: 200 with the tenant, or 401 when the token or vendor headers are wrong. */
  checkedAnswer(request: Incoming): Answer {
    const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? "");
    const entry = match?.[1] ? this.issued.get(match[1]) : undefined;
    const wanted = request.url.searchParams.get("tenant");
    const creds = entry ? this.tenants.get(entry.tenant) : undefined;
    let problem: string | undefined;
    if (!entry || !creds) problem = "unknown token";
    else if (this.#clock.now() >= entry.expiresAt) problem = "expired token";
    else if (wanted !== null && wanted !== entry.tenant)
      problem = `token of tenant ${entry.tenant} used for ${wanted}`;
    else problem = this.spec.apiHeaderProblem!(request, creds);
    if (problem) {
      this.unauthorized++;
      if (problem !== "unknown token" && problem !== "expired token") this.violations.push(`api: ${problem}`);
      return unauthorizedAnswer();
    }
    return okAnswer(entry!.tenant);
  }
}

/** A JSON text parsed, or `undefined`. */
function jsonOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The API's refusal of a token it does not know (RFC 6750 §3.1). */
const unauthorizedAnswer = (): Answer => ({
  status: 401,
  headers: { "content-type": "application/json", "www-authenticate": 'Bearer error="invalid_token"' },
  body: JSON.stringify({ error: "invalid_token" }),
});

/** The API's answer to an accepted call: whose token it was. */
const okAnswer = (tenant: string): Answer => ({
  status: 200,
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ ok: true, tenant }),
});

/**
 * A fetch that serves a {@link VendorSim} in process (no sockets): for the simulated week and the
 * property tests, where thousands of calls on a fake clock must take milliseconds. Raw faults (hang,
 * reset) are socket-level and only exist on the loopback server.
 */
export function inProcessFetch(sim: VendorSim, origin = "https://vendor.test"): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    // auth-core calls fetch(url, init) with Headers and bytes; read them without building a Request.
    let incoming: Incoming;
    if (
      typeof input === "string" &&
      (init?.body === undefined ||
        init.body === null ||
        init.body instanceof Uint8Array ||
        typeof init.body === "string")
    ) {
      const headers: Record<string, string> = {};
      new Headers(init?.headers).forEach((value, name) => {
        headers[name] = value;
      });
      const body = init?.body;
      incoming = {
        method: init?.method ?? "GET",
        url: new URL(input, origin),
        headers,
        body: typeof body === "string" ? new TextEncoder().encode(body) : (body ?? new Uint8Array()),
      };
    } else {
      const request = new Request(input, init);
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => {
        headers[name] = value;
      });
      incoming = {
        method: request.method,
        url: new URL(request.url, origin),
        headers,
        body: new Uint8Array(await request.arrayBuffer()),
      };
    }
    if (
      sim.outage === "network" &&
      incoming.method === "POST" &&
      incoming.url.pathname === sim.tokenUrlPath
    ) {
      sim.failedTokenRequests++;
      throw new TypeError("fetch failed", {
        cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
      });
    }
    const step = await sim.handle(incoming);
    if ("raw" in step) throw new TypeError("fetch failed (simulated network error)");
    return new Response(step.body === undefined ? null : (step.body as BodyInit), {
      status: step.status,
      headers: step.headers,
    });
  }) as typeof fetch;
}
