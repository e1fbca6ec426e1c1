// The consumer's checks, the same on every runtime: for each installed package, create a client from
// the loopback mock's description, make three concurrent calls on a cold cache, and expect three good
// answers for exactly one token request (the mock server counts them). In a browser, first expect the
// factory to refuse a secret unless `dangerouslyAllowBrowser` is set.
import { packages } from "./vendors.mjs";

async function getJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return response.json();
}

async function checkOne(name, mod, mockOrigin, { browser }) {
  const spec = packages[name];
  if (!spec) throw new Error(`no consumer check for ${name}`);
  if (spec.importOnly) {
    const missing = spec.importOnly.filter((key) => typeof mod[key] !== "function");
    if (missing.length > 0) throw new Error(`the installed entry lacks ${missing.join(", ")}`);
    return "loads (no Redis here; see its own integration tests)";
  }
  const mocks = await getJson(`${mockOrigin}/__mocks`);
  const mock = mocks[name];
  if (!mock) throw new Error(`the mock server has no mock for ${name}`);
  const notes = [];
  if (browser) {
    let refused;
    try {
      spec.create(mod, mock, {});
    } catch (error) {
      refused = error;
    }
    if (!refused)
      throw new Error(`${spec.factory} accepted a secret in the browser without dangerouslyAllowBrowser`);
    if (refused.code !== "CADUCEUS_AUTH_CONFIG" || refused.option !== "dangerouslyAllowBrowser") {
      throw new Error(
        `${spec.factory} refused with ${refused.name} ${refused.code} (${refused.option}), not AuthConfigError on dangerouslyAllowBrowser`,
      );
    }
    const secret = mock.credentials.clientSecret ?? mock.credentials.partnerSecret;
    if (secret && `${refused.message} ${String(refused)} ${JSON.stringify(refused)}`.includes(secret)) {
      throw new Error("the browser guard's error shows the secret");
    }
    notes.push("guard refused the secret");
  }
  const client = spec.create(mod, mock, browser ? { dangerouslyAllowBrowser: true } : {});
  const before = (await getJson(`${mockOrigin}/__stats`))[name];
  const answers = await Promise.all([1, 2, 3].map(() => spec.call(client, mock)));
  const after = (await getJson(`${mockOrigin}/__stats`))[name];
  for (const { data, error, response } of answers) {
    if (!response.ok || error !== undefined || !spec.ok(data)) {
      throw new Error(
        `call answered HTTP ${response.status}: ${JSON.stringify(error ?? data).slice(0, 200)}`,
      );
    }
  }
  const tokens = after.tokenRequests - before.tokenRequests;
  if (tokens !== 1) throw new Error(`3 concurrent calls made ${tokens} token requests, expected 1`);
  notes.push("3 calls, 1 token request");
  return notes.join("; ");
}

/**
 * Runs the checks for `modules` (package name → imported module) against the mock server at
 * `mockOrigin`. Never throws: resolves `{ [name]: { ok, note } }`.
 */
export async function runChecks(modules, mockOrigin, { browser = false } = {}) {
  const results = {};
  for (const [name, mod] of Object.entries(modules)) {
    try {
      results[name] = { ok: true, note: await checkOne(name, mod, mockOrigin, { browser }) };
    } catch (error) {
      results[name] = { ok: false, note: `${error?.name ?? "Error"}: ${error?.message ?? String(error)}` };
    }
  }
  return results;
}

/** Where the checks run, as the runtime reports it. */
export function runtimeName() {
  const g = globalThis;
  if (g.Bun) return `bun ${g.Bun.version}`;
  if (g.Deno) return `deno ${g.Deno.version.deno}`;
  if (g.navigator?.userAgent === "Cloudflare-Workers") return "workerd";
  if (g.process?.versions?.node) return `node ${g.process.versions.node}`;
  return g.navigator?.userAgent ?? "unknown";
}
