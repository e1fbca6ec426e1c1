import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, afterEach, beforeAll } from "vitest";

export type LoopbackHandler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

/** What a loopback server saw: one entry per request. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

/**
 * A real HTTP server on 127.0.0.1 and a random port, started before the file's tests and stopped
 * after them (open sockets destroyed, so a test that leaves a hanging request cannot block the end;
 * not between tests, which would leave dead keep-alive sockets in the client's pool).
 * `handle` swaps the handler (reset after each test); `seen` lists the requests of the current test.
 */
export function useLoopbackServer() {
  let handler: LoopbackHandler = (_req, res) => res.writeHead(404).end();
  const sockets = new Set<Socket>();
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      handler(req, res, body);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const state = { origin: "" };
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    state.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    seen.length = 0;
    handler = (_req, res) => res.writeHead(404).end();
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return {
    /** `http://127.0.0.1:<port>`, known once the file's `beforeAll` ran. */
    get origin() {
      return state.origin;
    },
    seen,
    handle(next: LoopbackHandler) {
      handler = next;
    },
  };
}

/** Answers JSON. */
export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}
