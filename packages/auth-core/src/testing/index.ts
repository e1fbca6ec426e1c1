/**
 * Test helpers for code built on auth-core: a fake clock and the mock-vendor chassis every vendor's
 * `./testing` kit is made of (token authority, token-endpoint builder, API guard, one record type,
 * scheduled faults). Imported from `@caduceus/auth-core/testing`; never needed in production code.
 * Runs on any runtime with `Request`/`Response`; the loopback server is in `./testing/node`.
 */
export { createFakeClock, type FakeClock } from "./fake-clock.js";
export {
  type ApiGuard,
  type ApiGuardOptions,
  createMockChassis,
  type GuardRefusal,
  type HeaderRule,
  type MockChassis,
  type MockChassisOptions,
  type MockOptions,
  type TokenRequestContext,
  type TokenRules,
  type VendorMock,
} from "./mock-chassis.js";
export {
  createMockControls,
  type FaultScope,
  type MockControls,
  type MockControlsOptions,
  type MockStats,
  type TokenAnswerRewrite,
} from "./mock-controls.js";
export { type FaultShape, faultResponse, type MockFault, type TokenFault } from "./mock-fault.js";
export { createMockTenants, type MockTenant, type MockTenants } from "./mock-tenants.js";
export {
  bearerGuardRules,
  createPresetMock,
  type PresetMockOptions,
  type PresetRulesInput,
  presetTokenRules,
} from "./preset-rules.js";
export {
  type BasicCredentials,
  type BodyEncoding,
  decodeBasic,
  type ParsedBody,
  parseRequestBody,
} from "./request-body.js";
export { type MockRequestRecord, recordOf } from "./request-record.js";
export {
  createTokenIssuer,
  type TokenCheck,
  type TokenIssuer,
  type TokenIssuerOptions,
} from "./token-issuer.js";
