import { clearSmartDiscoveryCache } from "@caduceus/auth-core/engine";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";

/** An msw server for one test file: unhandled requests fail, handlers and the discovery cache reset per test. */
export function useMockServer() {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => {
    server.resetHandlers();
    clearSmartDiscoveryCache();
  });
  afterAll(() => server.close());
  return server;
}
