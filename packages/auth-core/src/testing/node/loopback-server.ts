import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** Pending connections the server queues before accepting them (the kernel caps it at somaxconn). */
const ACCEPT_BACKLOG = 4096;

/** A WHATWG handler a loopback server serves: a vendor kit's `respond`, or anything alike. */
export type LoopbackHandler = (request: Request) => Promise<Response> | Response;

/** Options of {@link serveLoopback}. */
export interface LoopbackOptions {
  /**
   * How long an idle keep-alive connection stays open, in ms. Clients keep connections open between
   * calls, as they would with a real vendor. @defaultValue 5000 (Node's default)
   */
  keepAliveTimeoutMs?: number;
  /**
   * Extra response headers on every answer (and the answer to `OPTIONS`), e.g. open CORS for a browser
   * page on another port. @defaultValue none
   */
  headers?(request: IncomingMessage): Record<string, string>;
}

/** A running loopback server; see {@link serveLoopback}. */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** The port the system picked. */
  readonly port: number;
  /** TCP connections accepted so far (keep-alive clients open few). */
  readonly connections: number;
  /** Stops listening and destroys open sockets; resolves once the server is closed. */
  close(): Promise<void>;
}

/**
 * Serves `handler` over real HTTP on 127.0.0.1 and a port the system picks: each request becomes a
 * WHATWG `Request`, each `Response` is written back; `Response.error()` destroys the socket (a reset);
 * a handler that throws answers 500 with the error's message. The one loopback server of the repo's
 * tests, bench and release checks, for where a real socket is the point.
 *
 * @example
 * ```ts
 * const mock = createCandidMock({ baseUrl: "http://127.0.0.1/placeholder" });
 * const server = await serveLoopback((request) => mock.respond(request));
 * await fetch(`${server.origin}/api/auth/v2/token`, { method: "POST" });
 * await server.close();
 * ```
 */
export async function serveLoopback(
  handler: LoopbackHandler,
  options: LoopbackOptions = {},
): Promise<LoopbackServer> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((incoming, outgoing) => {
    answer(incoming, outgoing).catch((error: unknown) => {
      if (!outgoing.headersSent) outgoing.writeHead(500, { "content-type": "text/plain" });
      outgoing.end(error instanceof Error ? error.message : String(error));
    });
  });
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 5000;
  server.headersTimeout = server.keepAliveTimeout + 1000;
  server.on("connection", (socket) => {
    connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  async function answer(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const extra = options.headers?.(incoming) ?? {};
    if (incoming.method === "OPTIONS" && options.headers) {
      incoming.resume();
      outgoing.writeHead(204, extra).end();
      return;
    }
    const response = await handler(await toRequest(incoming, origin));
    if (response.type === "error") {
      outgoing.destroy();
      return;
    }
    const body = Buffer.from(await response.arrayBuffer());
    const headers: Record<string, string | string[]> = { ...extra };
    response.headers.forEach((value, name) => {
      if (name !== "content-length" && name !== "transfer-encoding") headers[name] = value;
    });
    const cookies = response.headers.getSetCookie();
    if (cookies.length > 0) headers["set-cookie"] = cookies;
    headers["content-length"] = String(body.length);
    outgoing.writeHead(response.status, headers).end(body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    // A deep accept queue: tests open a thousand connections at once, and on a busy machine Node's
    // default of 511 pending connections overflows, so calls fail with resets the vendor never sent.
    server.listen({ port: 0, host: "127.0.0.1", backlog: ACCEPT_BACKLOG }, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    port,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        for (const socket of sockets) socket.destroy();
      }),
  };
}

async function toRequest(incoming: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const method = incoming.method ?? "GET";
  const hasBody = !["GET", "HEAD"].includes(method) && chunks.length > 0;
  return new Request(new URL(incoming.url ?? "/", origin), {
    method,
    headers,
    ...(hasBody ? { body: Buffer.concat(chunks) } : {}),
  });
}
