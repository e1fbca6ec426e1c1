// pnpm demo: every vendor client against its mock vendor (the same `./testing` kit users test with),
// showing per vendor what crossed the wire: calls, token requests, a refresh at expiry, a 401 replay
// and one failure as its typed error. `--live <vendor>` calls the real vendor instead;
// `--check` (used by the test suite) also fails when a behaviour is not what the contract says.
import { isCaduceusError, MemoryTokenStore } from "@caduceus/auth-core";
import { createFakeClock } from "@caduceus/auth-core/testing";
import { setupServer } from "msw/node";
import { runLive } from "./live.mjs";
import { renderTable } from "./table.mjs";
import { vendors } from "./vendors.mjs";

const args = process.argv.slice(2).filter((arg) => arg !== "--");
const check = args.includes("--check");

if (args[0] === "--live") {
  process.exit(await runLive(args[1]));
}

const server = setupServer();
server.listen({ onUnhandledRequest: "error" });
const failures = [];
try {
  for (const vendor of vendors) {
    const outcome = await demoVendor(vendor);
    console.log(`\n${vendor.title}  (${vendor.operation})`);
    console.log(renderTable(["step", "result"], outcome.rows));
    failures.push(...outcome.problems.map((problem) => `${vendor.title}: ${problem}`));
  }
} finally {
  server.close();
}
if (failures.length > 0) {
  console.error(`\n${failures.length} demo expectation(s) not met:\n- ${failures.join("\n- ")}`);
  if (check) process.exit(1);
} else {
  console.log(
    `\nAll ${vendors.length} clients behaved as the contract says: one token per lifetime, refresh at expiry, one 401 replay, typed errors.`,
  );
}

/** Runs one vendor's scenario on a fake clock against its mock; returns table rows and unmet expectations. */
async function demoVendor(vendor) {
  server.resetHandlers();
  const clock = createFakeClock(Date.now());
  // Some kits need a moment to start (SMART on FHIR makes a key pair): await whatever createMock gives.
  const mock = await vendor.createMock({ clock });
  server.use(...mock.handlers);
  const events = [];
  const tokenStore = new MemoryTokenStore();
  const options = { ...mock.credentials, clock, tokenStore, onEvent: (event) => events.push(event) };
  const client = vendor.createClient(options);
  const problems = [];
  const rows = [];
  let calls = 0;
  const call = async (target = client) => {
    calls += 1;
    const { response } = await vendor.call(target, options);
    return response.status;
  };

  const concurrent = 5;
  const statuses = await Promise.all(Array.from({ length: concurrent }, () => call()));
  const coldTokens = mock.controls.stats.tokenRequests;
  rows.push([
    `${concurrent} concurrent calls, cold cache`,
    `HTTP ${[...new Set(statuses)].join(", ")}; ${coldTokens} token request`,
  ]);
  if (coldTokens !== 1 || statuses.some((status) => status >= 400))
    problems.push(`cold burst made ${coldTokens} token requests`);

  const obtained = events.find((event) => event.type === "token.obtained");
  const lifetimeMs = obtained?.lifetimeMs ?? null;
  if (lifetimeMs !== null) {
    await clock.advance(lifetimeMs + 1_000);
    const status = await call();
    const renewed = mock.controls.stats.tokenRequests - coldTokens;
    rows.push([
      `refresh at expiry (token lived ${Math.round(lifetimeMs / 1000)} s, from ${obtained.lifetimeSource})`,
      `HTTP ${status}; ${renewed} new token request`,
    ]);
    if (renewed !== 1) problems.push(`expiry caused ${renewed} token requests`);
  } else {
    rows.push(["refresh at expiry", "vendor reports no lifetime: token reused until a 401"]);
  }

  const beforeReplay = mock.controls.stats.tokenRequests;
  mock.issuer.revokeAll();
  const replayStatus = await call();
  const replays = events.filter((event) => event.type === "request.replayed").length;
  rows.push([
    "vendor revokes the token → 401",
    `replayed ${replays}× with a new token → HTTP ${replayStatus}`,
  ]);
  if (replays !== 1 || replayStatus >= 400 || mock.controls.stats.tokenRequests !== beforeReplay + 1) {
    problems.push(`401 replay: ${replays} replays, final HTTP ${replayStatus}`);
  }

  const wrong = vendor.createClient({
    ...mock.credentials,
    ...vendor.wrongCredentials,
    clock,
    tokenStore,
  });
  try {
    await call(wrong);
    problems.push("a client with a wrong secret got through");
    rows.push(["wrong secret", "no error (unexpected)"]);
  } catch (error) {
    const typed = isCaduceusError(error);
    rows.push(["wrong secret", `${error.name} ${typed ? error.code : ""}: ${error.message}`]);
    if (!typed) problems.push(`wrong secret gave an untyped ${error?.name}`);
    const text = `${error.message} ${JSON.stringify(error)}`;
    if (Object.values(vendor.wrongCredentials).some((secret) => text.includes(secret)))
      problems.push("the wrong secret leaked");
  }
  rows.push([
    "totals",
    `${calls} API calls, ${mock.controls.stats.tokenRequests} token requests (one of them refused)`,
  ]);
  return { rows, problems };
}
