import type { IncomingMessage, ServerResponse } from "node:http";
import { beforeEach } from "vitest";
import { type AuthClientOptions, createAuthClient } from "../client.js";
import type { AuthEvent } from "../events.js";
import { MemoryTokenStore } from "../store/memory-token-store.js";
import { RetryBudget } from "../token/retry-policy.js";
import { json, useLoopbackServer } from "./loopback.js";

/** What the API handler of a test sees: the request, its body, and whether its token is live. */
export type ApiHandler = (req: IncomingMessage, res: ServerResponse, body: Buffer, tokenOk: boolean) => void;

/**
 * A vendor on a real loopback server: `POST /token` issues `tok-N` tokens (1 h), everything under
 * `/api` goes to the test's handler. `revoke()` makes every issued token unknown.
 */
export function useLoopbackVendor() {
  const server = useLoopbackServer();
  const live = new Set<string>();
  let serial = 0;
  const standard: ApiHandler = (_req, res, _body, ok) =>
    ok ? json(res, 200, { ok: true }) : json(res, 401, {});
  let api = standard;
  const route = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    if (req.url === "/token") {
      const token = `tok-${++serial}`;
      live.add(token);
      return json(res, 200, { access_token: token, token_type: "Bearer", expires_in: 3600 });
    }
    const token = req.headers.authorization?.replace(/^Bearer /, "") ?? "";
    api(req, res, body, live.has(token));
  };
  beforeEach(() => {
    api = standard;
    live.clear();
    server.handle(route);
  });
  const tokenRequests = () => server.seen.filter((r) => r.url === "/token");
  const apiRequests = () => server.seen.filter((r) => r.url !== "/token");
  return {
    server,
    tokenRequests,
    apiRequests,
    api(handler: ApiHandler) {
      api = handler;
    },
    revoke() {
      live.clear();
    },
    client<Paths extends {}>(overrides: Partial<AuthClientOptions> = {}) {
      const events: AuthEvent[] = [];
      const client = createAuthClient<Paths>({
        preset: { vendor: "Loopback", encoding: "form", clientAuthentication: "basic" },
        credentials: { grant: "client_credentials", clientId: "id", clientSecret: "loopback-secret" },
        baseUrl: `${server.origin}/api`,
        tokenUrl: `${server.origin}/token`,
        tokenStore: new MemoryTokenStore(),
        retryBudget: new RetryBudget(),
        onEvent: (event) => events.push(event),
        ...overrides,
      });
      return Object.assign(client, { events });
    },
  };
}
