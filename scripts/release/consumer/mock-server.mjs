// The loopback mock vendors every runtime calls (Node, Bun, Deno, workerd, Chromium): a plain
// node:http server answering with each installed package's own `./testing` msw handlers, served
// for real over HTTP with msw's `getResponse`, so non-Node runtimes need no msw of their own. CORS is
// open (the browser page is on another port). A second port serves the browser test's page.
//
// Usage (inside the consumer directory): node mock-server.mjs <package>…
// Prints one JSON line when listening: {"api": <port>, "page": <port>}. Stopped by its pid.
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join } from "node:path";
import { createMockControls, createTokenIssuer } from "@caduceus/auth-core/testing";
import { getResponse, HttpResponse, http } from "msw";
import { mockFactoryOf, packages } from "./vendors.mjs";

const names = process.argv.slice(2).filter((name) => !packages[name]?.importOnly);

/** A generic vendor for auth-core alone: Basic-authenticated client credentials and one resource. */
function createAuthCoreMock({ baseUrl, tokenUrl }) {
  const issuer = createTokenIssuer({ lifetimeSeconds: 3600 });
  const controls = createMockControls();
  const credentials = { clientId: "consumer-id", clientSecret: "consumer-secret-canary" };
  const handlers = [
    http.post(tokenUrl, async ({ request }) => {
      controls.stats.tokenRequests++;
      const form = new URLSearchParams(await request.text());
      if (form.get("grant_type") !== "client_credentials")
        return HttpResponse.json({ error: "unsupported_grant_type" }, { status: 400 });
      if (
        request.headers.get("authorization") !==
        `Basic ${btoa(`${credentials.clientId}:${credentials.clientSecret}`)}`
      ) {
        return HttpResponse.json({ error: "invalid_client" }, { status: 401 });
      }
      return HttpResponse.json({
        access_token: issuer.issue(credentials.clientId),
        token_type: "Bearer",
        expires_in: 3600,
      });
    }),
    http.get(`${baseUrl}/things`, ({ request }) => {
      controls.stats.apiRequests++;
      if (!issuer.check(request.headers.get("authorization")).ok)
        return new HttpResponse(null, { status: 401 });
      return HttpResponse.json({ ok: true });
    }),
  ];
  return { handlers, controls, credentials, baseUrl, tokenUrl };
}

/** `@caduceus/candid` → `createCandidMock` from `@caduceus/candid/testing`. */
async function createVendorMock(name, urls) {
  const testing = await import(`${name}/testing`);
  const factory = mockFactoryOf(name, testing);
  if (!factory) throw new Error(`${name}/testing exports no create<Vendor>Mock`);
  return await testing[factory](urls);
}

const server = createServer();
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const mocks = {};
for (const name of names) {
  const slug = name.replace(/^@caduceus\//, "");
  const urls = { baseUrl: `${origin}/${slug}/api`, tokenUrl: `${origin}/${slug}/oauth/token` };
  mocks[name] =
    name === "@caduceus/auth-core" ? createAuthCoreMock(urls) : await createVendorMock(name, urls);
}
const handlers = Object.values(mocks).flatMap((mock) => mock.handlers);

const cors = (request) => ({
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
  "access-control-allow-headers": request.headers["access-control-request-headers"] ?? "*",
  "access-control-expose-headers": "*",
  "access-control-max-age": "600",
});

async function answer(request) {
  const url = new URL(request.url, origin);
  if (url.pathname === "/__mocks") {
    return Response.json(
      Object.fromEntries(
        Object.entries(mocks).map(([name, mock]) => [
          name,
          {
            credentials: mock.credentials,
            baseUrl: mock.baseUrl,
            tokenUrl: mock.tokenUrl,
          },
        ]),
      ),
    );
  }
  if (url.pathname === "/__stats") {
    return Response.json(
      Object.fromEntries(Object.entries(mocks).map(([name, mock]) => [name, { ...mock.controls.stats }])),
    );
  }
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  const body = ["GET", "HEAD"].includes(request.method) ? undefined : Buffer.concat(chunks);
  const headers = new Headers();
  for (const [key, value] of Object.entries(request.headers))
    headers.set(key, Array.isArray(value) ? value.join(", ") : value);
  const fetchRequest = new Request(url, { method: request.method, headers, body });
  const response = await getResponse(handlers, fetchRequest);
  return (
    response ??
    Response.json({ error: `no mock handler for ${request.method} ${url.pathname}` }, { status: 404 })
  );
}

server.on("request", async (request, response) => {
  try {
    if (request.method === "OPTIONS") {
      response.writeHead(204, cors(request)).end();
      return;
    }
    const answered = await answer(request);
    const headers = { ...Object.fromEntries(answered.headers), ...cors(request) };
    response.writeHead(answered.status, headers);
    response.end(Buffer.from(await answered.arrayBuffer()));
  } catch (error) {
    response
      .writeHead(500, { "content-type": "text/plain", ...cors(request) })
      .end(String(error?.stack ?? error));
  }
});

// The browser test's page, from ./public, on its own origin so every call to the mock is cross-origin.
const types = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript" };
const page = createServer(async (request, response) => {
  const path = new URL(request.url, "http://page").pathname.replace(/^\/$/, "/index.html");
  try {
    const file = await readFile(join(process.cwd(), "public", path.replace(/\.\./g, "")));
    response.writeHead(200, { "content-type": types[extname(path)] ?? "application/octet-stream" }).end(file);
  } catch {
    response.writeHead(404).end();
  }
});
await new Promise((resolve) => page.listen(0, "127.0.0.1", resolve));
console.log(JSON.stringify({ api: server.address().port, page: page.address().port }));
