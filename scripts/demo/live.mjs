// pnpm demo --live <vendor>: one real call with credentials from environment variables. Says which
// variable is missing instead of failing obscurely; never prints a secret or a token.
import { isCaduceusError } from "@caduceus/auth-core";
import { renderTable } from "./table.mjs";
import { vendors } from "./vendors.mjs";

/** Returns the process exit code. */
export async function runLive(name) {
  const vendor = vendors.find((candidate) => candidate.name === name);
  if (!vendor) {
    console.error(
      `Usage: pnpm demo --live <vendor>, where <vendor> is one of ${vendors.map((v) => v.name).join(", ")}.`,
    );
    return 2;
  }
  const options = {};
  const missing = [];
  for (const [option, variable] of Object.entries(vendor.live.required)) {
    const value = process.env[variable];
    if (value) options[option] = value;
    else missing.push(variable);
  }
  for (const [option, variable] of Object.entries(vendor.live.optional ?? {})) {
    if (process.env[variable]) options[option] = process.env[variable];
  }
  if (missing.length > 0) {
    console.error(`${vendor.title} live demo needs these environment variables: ${missing.join(", ")}.`);
    console.error(`Optional: ${Object.values(vendor.live.optional ?? {}).join(", ") || "none"}.`);
    return 2;
  }
  if (options.scope) options.scope = options.scope.split(/[ ,]+/).filter(Boolean);
  let tokenRequests = 0;
  const client = vendor.createClient({
    ...options,
    onEvent: (event) => {
      if (event.type === "token.requested") tokenRequests += 1;
    },
  });
  try {
    const first = await vendor.liveCall(client, options);
    const second = await vendor.liveCall(client, options);
    console.log(`\n${vendor.title} (live, ${vendor.liveOperation})`);
    console.log(
      renderTable(
        ["step", "result"],
        [
          ["first call", `HTTP ${first.response.status}`],
          ["second call", `HTTP ${second.response.status}`],
          ["token requests", String(tokenRequests)],
        ],
      ),
    );
    return first.response.ok && second.response.ok ? 0 : 1;
  } catch (error) {
    console.error(isCaduceusError(error) ? `${error.name} ${error.code}: ${error.message}` : String(error));
    return 1;
  }
}
