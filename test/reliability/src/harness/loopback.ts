import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** One request as a vendor simulation sees it (header names lower-case). */
export interface Incoming {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** A plain answer: status, headers, body. */
export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

/** An answer that needs the socket itself: hang, reset mid-body, trickle. Loopback only. */
export interface RawAnswer {
  raw: (res: ServerResponse, req: IncomingMessage) => void;
}

export type Step = Answer | RawAnswer;

export const isRaw = (step: Step): step is RawAnswer => "raw" in step;

/**
 * A real `node:http` server on a loopback address (port 0) that hands every request to `route`.
 * Without `keepAlive` every answer says `Connection: close`, so a socket still open after a cell is
 * one the client failed to release (not one parked in a keep-alive pool).
 */
export class Loopback {
  readonly server: http.Server;
  readonly origin: string;
  readonly host: string;
  /** Every request received, in order. */
  readonly requests: Incoming[] = [];
  route: (incoming: Incoming) => Step | Promise<Step> = () => ({ status: 404 });
  readonly #sockets = new Set<Socket>();
  /**
   * Sockets that carried a request and whose client has neither closed nor half-closed (sent FIN)
   * them. A socket that never carried a request is the client's connection pool reconnecting (undici
   * opens one right after an aborted request and closes it after its keep-alive time), not a call
   * holding on to a connection.
   */
  readonly #clientHeld = new Set<Socket>();
  #connections = 0;
  readonly #keepAlive: boolean;

  private constructor(server: http.Server, host: string, keepAlive: boolean) {
    this.server = server;
    this.host = host;
    this.#keepAlive = keepAlive;
    const { port } = server.address() as AddressInfo;
    this.origin = `http://${host}:${port}`;
    server.on("connection", (socket: Socket) => {
      this.#connections++;
      this.#sockets.add(socket);
      // Node's server keeps a socket half-open while it owes a response (a hung request), so a
      // client that hung up shows as "ended", not "closed".
      socket.on("end", () => this.#clientHeld.delete(socket));
      socket.on("close", () => {
        this.#sockets.delete(socket);
        this.#clientHeld.delete(socket);
      });
    });
  }

  /** Starts a server on `host` (default 127.0.0.1), or 127.0.0.1 if that address cannot be bound. */
  static async start(host = "127.0.0.1", options: { keepAlive?: boolean } = {}): Promise<Loopback> {
    const listen = (address: string) =>
      new Promise<http.Server>((resolve, reject) => {
        const server = http.createServer({ keepAliveTimeout: 1_000 });
        server.once("error", reject);
        // 1,000 concurrent calls open 1,000 connections at once: Node's default accept queue (511)
        // overflows on a busy machine, and the resets it causes are not a fault under test.
        server.listen({ port: 0, host: address, backlog: 4096 }, () => resolve(server));
      });
    let server: http.Server;
    let bound = host;
    try {
      server = await listen(host);
    } catch {
      bound = "127.0.0.1";
      server = await listen(bound);
    }
    const loopback = new Loopback(server, bound, options.keepAlive ?? false);
    server.on("request", (req, res) => loopback.#onRequest(req, res));
    return loopback;
  }

  /** Sockets the server still has open. */
  get openSockets(): number {
    return this.#sockets.size;
  }

  /** Sockets the client still holds open (neither closed nor half-closed by the client). */
  get clientHeldSockets(): number {
    return this.#clientHeld.size;
  }

  /** Connections accepted so far. */
  get connections(): number {
    return this.#connections;
  }

  /** Forgets recorded requests and the route (between cells). */
  reset(): void {
    this.requests.length = 0;
    this.route = () => ({ status: 404 });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  #onRequest(req: IncomingMessage, res: ServerResponse): void {
    if (!req.socket.readableEnded && !req.socket.destroyed) this.#clientHeld.add(req.socket);
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("error", () => {});
    res.on("error", () => {});
    req.on("end", async () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
      }
      const incoming: Incoming = {
        method: req.method ?? "GET",
        url: new URL(req.url ?? "/", this.origin),
        headers,
        body: new Uint8Array(Buffer.concat(chunks)),
      };
      this.requests.push(incoming);
      let step: Step;
      try {
        step = await this.route(incoming);
      } catch (error) {
        step = { status: 500, body: `harness route failed: ${String(error)}` };
      }
      if (isRaw(step)) return step.raw(res, req);
      const out: Record<string, string> = { ...(step.headers ?? {}) };
      if (!this.#keepAlive) out.connection = "close";
      res.writeHead(step.status, out);
      res.end(step.body === undefined ? undefined : Buffer.from(step.body));
    });
  }
}

/** A port on `host` that refuses connections (a server was bound there and closed). */
export async function refusedOrigin(host = "127.0.0.1"): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, host, () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://${host}:${port}`;
}

/** The server accepts the request and never answers (the client must give up at its deadline). */
export const neverAnswer: RawAnswer = { raw: () => {} };

/** Sends the status line, headers and `partial` of a longer body, then resets the connection. */
export function resetMidBody(partial: string, declaredLength = 4096): RawAnswer {
  return {
    raw(res) {
      res.writeHead(200, { "content-type": "application/json", "content-length": String(declaredLength) });
      res.write(partial);
      setTimeout(() => {
        // An RST, not a FIN: the client sees ECONNRESET in the middle of the body.
        res.socket?.resetAndDestroy();
      }, 20);
    },
  };
}

/** Answers 200 at once, then one byte of `body` every `intervalMs`, until done or the client hangs up. */
export function trickle(body: string, intervalMs = 100, status = 200): RawAnswer {
  return {
    raw(res) {
      res.writeHead(status, {
        "content-type": "application/json",
        "content-length": String(Buffer.byteLength(body)),
      });
      let at = 0;
      const timer = setInterval(() => {
        if (res.destroyed || at >= body.length) {
          clearInterval(timer);
          if (!res.destroyed) res.end();
          return;
        }
        res.write(body[at++]);
      }, intervalMs);
      res.on("close", () => clearInterval(timer));
    },
  };
}

/** Answers `make()` after `ms`, unless the client hung up first. */
export function delayedAnswer(ms: number, make: () => Answer): RawAnswer {
  return {
    raw(res) {
      const timer = setTimeout(() => {
        if (res.destroyed) return;
        const answer = make();
        res.writeHead(answer.status, { ...(answer.headers ?? {}), connection: "close" });
        res.end(answer.body === undefined ? undefined : Buffer.from(answer.body));
      }, ms);
      res.on("close", () => clearTimeout(timer));
    },
  };
}
