export { rejection, startMsw, useMsw, withMsw } from "@caduceus/test-msw";
export {
  type ExpectedTokenRequest,
  expectConfigError,
  expectHidden,
  expectReuseThenRefresh,
  expectTokenRequest,
  expectTokenRequestError,
  printed,
  type ReuseThenRefresh,
  soleTokenRequest,
} from "./expectations.js";
export { mockRig } from "./mock-rig.js";
export { itRejectsOptions, type OptionErrorCase, type OptionErrors } from "./option-errors.js";
export {
  dedent,
  expectReadmeMatchesTest,
  importsOf,
  layoutFree,
  type ReadmeExamplesOptions,
  useVendorReadme,
  type VendorReadmeOptions,
} from "./readme-examples.js";
export { describeVendorClient, type VendorClientSubject } from "./vendor-client.js";
export {
  type ContractCallResult,
  type ContractClientOptions,
  describeVendorContract,
  type VendorContractSubject,
  whileAdvancing,
} from "./vendor-contract.js";
