import { type AuthEvent, MemoryTokenStore, RetryBudget } from "@caduceus/auth-core";
import { LeakScanner } from "./canary.js";
import { activeHandles, type CountingClock, createCountingClock, settle } from "./clock.js";
import type { KeyType } from "./keys.js";
import type { Loopback } from "./loopback.js";
import { VendorSim } from "./sim.js";
import {
  type Creds,
  type LooseClient,
  type MatrixVendorId,
  makeCreds,
  VENDOR_SPECS,
  type VendorSpec,
  watchedSecrets,
} from "./vendors.js";

/** What one call ended in: a response (any status) or a thrown error. */
export type Outcome =
  | { kind: "response"; status: number; response: Response; data: unknown; error: unknown }
  | { kind: "thrown"; error: unknown };

/** Everything a fault's arrange/act/check steps can reach. */
export interface CellEnv {
  vendor: MatrixVendorId;
  spec: VendorSpec;
  sim: VendorSim;
  server: Loopback;
  /** A second loopback server on another origin (127.0.0.2 when it can be bound). */
  other: Loopback;
  creds: Creds;
  client: LooseClient;
  clock: CountingClock;
  store: MemoryTokenStore;
  events: AuthEvent[];
  timeoutMs: number;
  /** Time the act step took, in ms (set after it ran). */
  elapsedMs: number;
  /** Adds a secret for the leak scanner to look for (one the fault makes up, such as a second key). */
  watch: (label: string, secret: string) => void;
}

/** What a cell must show. */
export interface Expectation {
  /** `"200"`, `"401"`, `"TokenRequestError 429"`, `"TokenResponseError"`, `"TimeoutError"`, … (last call). */
  outcome: string;
  /** Token requests the server saw. */
  tokenRequests: number;
  /** API requests the server saw (default: not checked). */
  apiRequests?: number;
  /** Requests the other origin saw (default 0). */
  otherRequests?: number;
  minMs?: number;
  /** Default: the cell's timeoutMs plus a slack for a loaded machine. */
  maxMs?: number;
  /** More checks; each returned string is a problem. */
  check?: (env: CellEnv, outcomes: Outcome[]) => string[];
  /** Protocol violations the fault provokes on purpose (each must be seen; any other is a problem). */
  violations?: readonly string[];
}

export interface Fault {
  id: string;
  group: "Token endpoint" | "API" | "Discovery" | "Client assertion";
  title: string;
  /** Vendors the fault exists for (default all). */
  only?: readonly MatrixVendorId[];
  /** The key type of a `private_key_jwt` tenant (default EC P-384). */
  keyType?: KeyType;
  /** Per-call time limit of the cell's client. Default 3,000 ms. */
  timeoutMs?: number;
  maxRetries?: number;
  /** Point the token URL at a port that refuses connections. */
  tokenRefused?: boolean;
  /** Queue the server's faults. */
  arrange?: (env: CellEnv) => void;
  /** The calls. Default: one GET. */
  act?: (env: CellEnv) => Promise<Outcome[]>;
  expect: (env: CellEnv) => Expectation;
}

export interface CellResult {
  vendor: MatrixVendorId;
  fault: string;
  group: string;
  title: string;
  applicable: boolean;
  outcome: string;
  tokenRequests: number;
  apiRequests: number;
  otherRequests: number;
  ms: number;
  problems: string[];
  /** Short text for the matrix, e.g. `TokenRequestError 429 ×3 req 0.9s ✓`. */
  summary: string;
  /** Leak scanning: how many renderings were scanned. */
  scanned: number;
}

/** Slack added to timeoutMs for a loaded CI machine. */
const TIME_SLACK_MS = 2_000;

/** Calls `fn` and turns what happens into an {@link Outcome}. */
export async function call(
  fn: () => Promise<{ data?: unknown; error?: unknown; response: Response }>,
): Promise<Outcome> {
  try {
    const { data, error, response } = await fn();
    return { kind: "response", status: response.status, response, data, error };
  } catch (error) {
    return { kind: "thrown", error };
  }
}

export function label(outcome: Outcome): string {
  if (outcome.kind === "response") return String(outcome.status);
  const error = outcome.error as { name?: string; status?: number } | undefined;
  const name = error?.name ?? typeof outcome.error;
  return error?.status !== undefined ? `${name} ${error.status}` : name;
}

/** The default act: one GET of the vendor's read path. */
export const getOnce = (env: CellEnv) => call(() => env.client.GET(env.spec.paths(env.creds).get, {}));

let cellSerial = 0;

/**
 * Runs one cell of the matrix: a fresh vendor simulation and client (its own store, retry budget and
 * counting clock) on the shared loopback servers, the fault's calls, then the checks every cell gets:
 * expected outcome and request counts, time bounded by timeoutMs, no unhandled rejection, no timer or
 * socket left open, no canary in any error, event, log line or rendering.
 */
export async function runCell(
  vendor: MatrixVendorId,
  fault: Fault,
  server: Loopback,
  other: Loopback,
): Promise<CellResult> {
  const spec = VENDOR_SPECS[vendor];
  const base = { vendor, fault: fault.id, group: fault.group, title: fault.title };
  if (fault.only && !fault.only.includes(vendor)) {
    return {
      ...base,
      applicable: false,
      outcome: "",
      tokenRequests: 0,
      apiRequests: 0,
      otherRequests: 0,
      ms: 0,
      problems: [],
      summary: "n/a",
      scanned: 0,
    };
  }
  server.reset();
  other.reset();
  const sim = new VendorSim(spec, undefined, server.origin);
  const creds = makeCreds(vendor, `cell${++cellSerial}`, fault.keyType);
  sim.addTenant(creds);
  server.route = (request) => sim.handle(request);
  other.route = () => ({
    status: 200,
    headers: { "content-type": "application/json" },
    body: '{"landed":true}',
  });

  // Each cell starts like a fresh process: auth-core shares one retry budget per process, and a
  // matrix of outages run back to back would otherwise spend it and change later cells' results.
  (globalThis as Record<symbol, unknown>)[Symbol.for("@caduceus/auth-core/retry-budget")] = new RetryBudget();

  const timeoutMs = fault.timeoutMs ?? 3_000;
  const clock = createCountingClock();
  const store = new MemoryTokenStore();
  const events: AuthEvent[] = [];
  const scanner = new LeakScanner();
  for (const [name, secret] of watchedSecrets(spec, creds)) scanner.watch(name, secret);

  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on("unhandledRejection", onUnhandled);
  const logged: string[] = [];
  const methods = ["log", "info", "warn", "error", "debug", "trace"] as const;
  const originals = methods.map((method) => console[method]);
  for (const method of methods)
    console[method] = (...args: unknown[]) => void logged.push(args.map(String).join(" "));
  const onWarning = (warning: Error) => logged.push(`${warning.name}: ${warning.message}`);
  process.on("warning", onWarning);
  const before = activeHandles();

  const problems: string[] = [];
  let outcomes: Outcome[] = [];
  let env: CellEnv | undefined;
  const started = performance.now();
  try {
    const client = spec.create(creds, {
      origin: server.origin,
      ...(fault.tokenRefused
        ? { tokenOrigin: await import("./loopback.js").then((m) => m.refusedOrigin()) }
        : {}),
      timeoutMs,
      ...(fault.maxRetries !== undefined ? { maxRetries: fault.maxRetries } : {}),
      clock,
      tokenStore: store,
      onEvent: (event) => events.push(event),
    });
    env = {
      vendor,
      spec,
      sim,
      server,
      other,
      creds,
      client,
      clock,
      store,
      events,
      timeoutMs,
      elapsedMs: 0,
      watch: (name, secret) => scanner.watch(name, secret),
    };
    fault.arrange?.(env);
    const actStarted = performance.now();
    outcomes = fault.act ? await fault.act(env) : [await getOnce(env)];
    env.elapsedMs = performance.now() - actStarted;
  } catch (error) {
    problems.push(`harness: ${String(error)}`);
  }
  const ms = env?.elapsedMs ?? performance.now() - started;

  // Let the client release what it holds, then look for what it did not. A shared token acquisition
  // a caller detached from goes on until its own time limit, so the wait covers the cell's timeoutMs.
  const released = await settle(
    () => clock.pending === 0 && server.clientHeldSockets === 0 && other.clientHeldSockets === 0,
    Math.max(1_500, timeoutMs + 500),
  );
  if (!released) {
    if (clock.pending > 0) problems.push(`${clock.pending} auth-core timer(s) left pending`);
    const open = server.clientHeldSockets + other.clientHeldSockets;
    if (open > 0) problems.push(`${open} socket(s) left open by the client`);
  }
  // The server side of a hung request stays half-open until it answers, and the client's pool may
  // have reconnected: close the server side (again and again, for late reconnects), then no socket
  // or ref'd timer of the process may remain beyond what was there before the cell.
  const handlesSettled = await settle(() => {
    server.server.closeAllConnections();
    other.server.closeAllConnections();
    const now = activeHandles();
    return now.sockets <= before.sockets && now.timers <= before.timers;
  }, 1_500);
  if (!handlesSettled) {
    const now = activeHandles();
    problems.push(
      `active handles grew: sockets ${before.sockets}→${now.sockets}, timers ${before.timers}→${now.timers}`,
    );
  }
  await new Promise((resolve) => setImmediate(resolve));
  process.off("unhandledRejection", onUnhandled);
  process.off("warning", onWarning);
  methods.forEach((method, index) => {
    console[method] = originals[index]!;
  });

  if (unhandled.length > 0)
    problems.push(`${unhandled.length} unhandled rejection(s): ${String(unhandled[0])}`);

  // Leak scan: every rendering of everything the cell produced.
  for (const token of sim.issued.keys()) {
    scanner.watch("access token", token);
    scanner.watch("access token signature", token.slice(token.lastIndexOf(".") + 1));
  }
  outcomes.forEach((outcome, index) => {
    if (outcome.kind === "thrown") scanner.add(`error of call ${index + 1}`, outcome.error);
    else {
      outcome.response.headers.forEach((value, name) => {
        if (name.startsWith("x-caduceus")) scanner.addText(`header ${name}`, value);
      });
    }
  });
  for (const event of events) scanner.add(`event ${event.type}`, event);
  for (const line of logged) scanner.addText("console", line);
  scanner.add("token store", store);
  if (env) scanner.add("client object", env.client);
  for (const finding of scanner.findings()) problems.push(`LEAK: ${finding}`);
  const provoked = env ? (fault.expect(env).violations ?? []) : [];
  for (const violation of new Set(sim.violations))
    if (!provoked.includes(violation)) problems.push(`protocol: ${violation}`);
  for (const violation of provoked)
    if (!sim.violations.includes(violation))
      problems.push(`expected protocol violation not seen: ${violation}`);

  const last = outcomes.at(-1);
  const outcome = last ? label(last) : "(no call)";
  if (env) {
    const expected = fault.expect(env);
    if (outcome !== expected.outcome)
      problems.push(`outcome ${outcome}, expected ${expected.outcome}${detail(last)}`);
    if (sim.tokenRequests.length !== expected.tokenRequests)
      problems.push(`${sim.tokenRequests.length} token request(s), expected ${expected.tokenRequests}`);
    if (expected.apiRequests !== undefined && sim.apiRequests.length !== expected.apiRequests)
      problems.push(`${sim.apiRequests.length} API request(s), expected ${expected.apiRequests}`);
    const otherSeen = other.requests.length;
    if (otherSeen !== (expected.otherRequests ?? 0))
      problems.push(
        `${otherSeen} request(s) reached the other origin, expected ${expected.otherRequests ?? 0}`,
      );
    const maxMs = expected.maxMs ?? timeoutMs + TIME_SLACK_MS;
    if (ms > maxMs) problems.push(`took ${Math.round(ms)} ms, limit ${maxMs} ms`);
    if (expected.minMs !== undefined && ms < expected.minMs)
      problems.push(`took ${Math.round(ms)} ms, expected at least ${expected.minMs} ms`);
    for (const problem of expected.check?.(env, outcomes) ?? []) problems.push(problem);
  }
  const requests =
    fault.group === "API" ? `×${sim.apiRequests.length} api` : `×${sim.tokenRequests.length} req`;
  const summary = `${outcome} ${requests} ${(ms / 1000).toFixed(1)}s ${problems.length === 0 ? "✓" : "✗"}`;
  return {
    ...base,
    applicable: true,
    outcome,
    tokenRequests: sim.tokenRequests.length,
    apiRequests: sim.apiRequests.length,
    otherRequests: other.requests.length,
    ms: Math.round(ms),
    problems,
    summary,
    scanned: scanner.scanned,
  };
}

function detail(outcome: Outcome | undefined): string {
  if (outcome?.kind !== "thrown") return "";
  const error = outcome.error as { message?: string; code?: string };
  return ` (${error.code ?? ""} ${String(error.message ?? outcome.error).slice(0, 200)})`;
}
