// The loopback mock vendors every runtime calls (Node, Bun, Deno, workerd, Chromium): auth-core's
// loopback server answering with each installed package's own `./testing` mock (`mock.respond`), so
// non-Node runtimes need no msw of their own. CORS is open (the browser page is on another port). A
// second port serves the browser test's page.
//
// Usage (inside the consumer directory): node mock-server.mjs <package>…
// Prints one JSON line when listening: {"api": <port>, "page": <port>}. Stopped by its pid.
import { readFile } from "node:fs/promises";
import { extname, join } from "node:path";
import { createPresetMock } from "@caduceus/auth-core/testing";
import { serveLoopback } from "@caduceus/auth-core/testing/node";
import { authCorePreset, mockFactoryOf, packages } from "./vendors.mjs";

const names = process.argv.slice(2).filter((name) => !packages[name]?.importOnly);

/** A generic vendor for auth-core alone: it follows the preset the consumer's client uses; one path, `GET /things`. */
const createAuthCoreMock = (urls) =>
  createPresetMock({
    preset: authCorePreset,
    credentials: { clientId: "consumer-id", clientSecret: "consumer-secret-canary" },
    issuer: "consumer-mock",
    ...urls,
    api: (request) =>
      request.method === "GET" && request.url === `${urls.baseUrl}/things`
        ? Response.json({ ok: true })
        : undefined,
  });

/** `@caduceus/candid` → `createCandidMock` from `@caduceus/candid/testing`. */
async function createVendorMock(name, urls) {
  const testing = await import(`${name}/testing`);
  const factory = mockFactoryOf(name, testing);
  if (!factory) throw new Error(`${name}/testing exports no create<Vendor>Mock`);
  const mock = await testing[factory](urls);
  if (typeof mock.respond !== "function") throw new Error(`${name}/testing's ${factory} has no respond`);
  return mock;
}

const mocks = {};
const bySlug = {};
const cors = (request) => ({
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
  "access-control-allow-headers": request.headers["access-control-request-headers"] ?? "*",
  "access-control-expose-headers": "*",
  "access-control-max-age": "600",
});

async function answer(request) {
  const { pathname } = new URL(request.url);
  if (pathname === "/__mocks") {
    return Response.json(
      Object.fromEntries(
        Object.entries(mocks).map(([name, mock]) => [
          name,
          { credentials: mock.credentials, baseUrl: mock.baseUrl, tokenUrl: mock.tokenUrl },
        ]),
      ),
    );
  }
  if (pathname === "/__stats") {
    return Response.json(
      Object.fromEntries(Object.entries(mocks).map(([name, mock]) => [name, { ...mock.controls.stats }])),
    );
  }
  // Every mock lives under /<slug>/ of the one origin.
  const mock = bySlug[pathname.split("/")[1]];
  return mock
    ? mock.respond(request)
    : Response.json({ error: `no mock for ${request.method} ${pathname}` }, { status: 404 });
}

const server = await serveLoopback(answer, { headers: cors });
for (const name of names) {
  const slug = name.replace(/^@caduceus\//, "");
  const urls = { baseUrl: `${server.origin}/${slug}/api`, tokenUrl: `${server.origin}/${slug}/oauth/token` };
  mocks[name] =
    name === "@caduceus/auth-core" ? createAuthCoreMock(urls) : await createVendorMock(name, urls);
  bySlug[slug] = mocks[name];
}

// The browser test's page, from ./public, on its own origin so every call to the mock is cross-origin.
const types = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript" };
const page = await serveLoopback(async (request) => {
  const path = new URL(request.url).pathname.replace(/^\/$/, "/index.html");
  try {
    const file = await readFile(join(process.cwd(), "public", path.replace(/\.\./g, "")));
    return new Response(file, {
      headers: { "content-type": types[extname(path)] ?? "application/octet-stream" },
    });
  } catch {
    return new Response(null, { status: 404 });
  }
});
console.log(JSON.stringify({ api: server.port, page: page.port }));
