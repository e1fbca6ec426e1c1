// Node only: the documented way to test with a package's mock, in-process. `<pkg>/testing`'s handlers
// in msw's `setupServer`, the client on its default (production) URLs and the mock's credentials;
// msw intercepts the real hosts, nothing leaves the process. Prints one JSON line of results.
import { setupServer } from "msw/node";
import { modules } from "./entry.mjs";
import { mockFactoryOf, packages } from "./vendors.mjs";

const server = setupServer();
server.listen({ onUnhandledRequest: "error" });
const results = {};
for (const [name, mod] of Object.entries(modules)) {
  if (name === "@caduceus/auth-core" || packages[name]?.importOnly) continue;
  try {
    const testing = await import(`${name}/testing`);
    const factory = mockFactoryOf(name, testing);
    const mock = await testing[factory]();
    server.resetHandlers(...mock.handlers);
    const spec = packages[name];
    // Default URLs, except those a vendor issues per customer (CareCentric's FHIR base, Arzamed's token URL).
    const options = { ...mock.credentials };
    for (const option of spec.perCustomer) options[option] ??= mock[option];
    const client = mod[spec.factory](options);
    const { data, error, response } = await spec.call(client, mock);
    if (!response.ok || error !== undefined || !spec.ok(data))
      throw new Error(`HTTP ${response.status}: ${JSON.stringify(error ?? data).slice(0, 200)}`);
    results[name] = { ok: true, note: "msw setupServer on the default URLs" };
  } catch (error) {
    results[name] = { ok: false, note: `msw/node: ${error?.name ?? "Error"}: ${error?.message ?? error}` };
  }
}
server.close();
console.log(JSON.stringify({ runtime: `node ${process.versions.node}`, results }));
