export { mockRig, rejection, useMsw } from "./msw.js";
export {
  dedent,
  expectReadmeMatchesTest,
  importsOf,
  layoutFree,
  type ReadmeExamplesOptions,
} from "./readme-examples.js";
export {
  type ContractCallResult,
  type ContractClientOptions,
  describeVendorContract,
  type VendorContractSubject,
  whileAdvancing,
} from "./vendor-contract.js";
