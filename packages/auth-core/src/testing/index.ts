/**
 * Test helpers for code built on auth-core: a fake clock and a mock token authority. Imported from
 * `@caduceus/auth-core/testing`; never needed in production code.
 */
export { createFakeClock, type FakeClock } from "./fake-clock.js";
export { createMockControls, type MockControls, type MockStats, type TokenFault } from "./mock-controls.js";
export {
  createTokenIssuer,
  type TokenCheck,
  type TokenIssuer,
  type TokenIssuerOptions,
} from "./token-issuer.js";
