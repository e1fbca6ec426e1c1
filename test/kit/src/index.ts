export { mockRig, rejection, startMsw, useMsw } from "./msw.js";
export {
  dedent,
  expectReadmeMatchesTest,
  importsOf,
  layoutFree,
  type ReadmeExamplesOptions,
  useVendorReadme,
  type VendorReadmeOptions,
} from "./readme-examples.js";
export {
  type ContractCallResult,
  type ContractClientOptions,
  describeVendorContract,
  type VendorContractSubject,
  whileAdvancing,
} from "./vendor-contract.js";
