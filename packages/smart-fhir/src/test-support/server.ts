import { clearSmartDiscoveryCache } from "@caduceus/auth-core/private-key-jwt";
import { useMsw } from "@caduceus/test-kit";
import { afterEach } from "vitest";

/**
 * The shared msw server for one test file (`useMsw`), plus what is SMART's own: the discovery cache is
 * cleared after each test, so every test reads its mock's smart-configuration afresh.
 */
export function useMockServer() {
  const server = useMsw();
  afterEach(() => clearSmartDiscoveryCache());
  return server;
}
