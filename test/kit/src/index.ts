export {
  dedent,
  expectReadmeMatchesTest,
  importsOf,
  layoutFree,
  type ReadmeExamplesOptions,
} from "./readme-examples.js";
