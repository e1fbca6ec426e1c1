// @ts-check
import { ConversionError } from "../conversion-error.mjs";
import { readClientMethods } from "./client-methods.mjs";
import { ModuleGraph } from "./commonjs-modules.mjs";
import { readEnvironments } from "./environments.mjs";
import { resolveErrorStatuses } from "./error-statuses.mjs";
import { buildOperations } from "./openapi-document.mjs";
import { PackageFiles } from "./package-files.mjs";
import { ZurgSchemas } from "./zurg-schemas.mjs";

/** Where Fern puts one generated client per resource namespace. */
const CLIENT_FILE = /^api\/resources\/(.+\/)?client\/Client\.js$/;

/**
 * @typedef {object} FernSdkOptions
 * @property {string} title `info.title` of the description
 * @property {string} packageName npm name, e.g. "candidhealth"
 * @property {string} version the package version, also `info.version`
 * @property {string} integrity the registry's sha512 integrity of the tarball
 * @property {Map<string, string>} errorStatuses Fern error name → HTTP status
 *
 * @typedef {object} FernSdkConversion
 * @property {Record<string, any>} doc the OpenAPI 3.1 description, keys sorted
 * @property {string[]} notes facts the build prints (errors without a known status, or matched ignoring case)
 * @property {import("./client-methods.mjs").ClientMethod[]} methods every client method read
 */

/**
 * Converts a Fern-generated TypeScript SDK (the files of its npm package) to OpenAPI 3.1: operations
 * from `api/resources/**\/client/Client.js`, wire schemas from `serialization/**`. Reads the files as
 * data; nothing of the package is executed. Stops with a {@link ConversionError} naming the file and
 * construct on anything it does not understand.
 *
 * @param {Map<string, string>} packageFiles path inside the package → text
 * @param {FernSdkOptions} options
 * @returns {FernSdkConversion}
 */
export function convertFernSdk(packageFiles, options) {
  const files = new PackageFiles(packageFiles);
  const graph = new ModuleGraph(files);
  const schemas = new ZurgSchemas(graph);
  const environments = readEnvironments(files);
  const hosts = new Set(Object.keys(environments[0]?.hosts ?? {}));
  const clientFiles = files.paths().filter((path) => CLIENT_FILE.test(path));
  const methods = clientFiles.flatMap((file) => readClientMethods({ files, graph, schemas, hosts }, file));
  if (methods.length === 0) {
    throw new ConversionError(
      "api/resources",
      "(no client methods)",
      "no Fern client methods in the layout this converter reads",
    );
  }
  const { statuses, ignoringCase } = resolveErrorStatuses(
    methods.flatMap((method) => method.errors.map((error) => error.name)),
    options.errorStatuses,
  );
  const { paths, errorSchemas, defaultErrors, servers } = buildOperations({
    methods,
    environments,
    errorStatuses: statuses,
  });
  const components = schemas.components();
  for (const name of Object.keys(errorSchemas)) {
    if (name in components)
      throw new ConversionError("serialization", name, "an error component name is taken by a type");
  }
  const license = packageLicense(files);
  const doc = {
    openapi: "3.1.0",
    info: {
      title: options.title,
      version: options.version,
      license: { name: license, identifier: license },
      description: [
        `Derived by the Caduceus spec pipeline from ${options.packageName}@${options.version}, Candid Health's official`,
        `TypeScript SDK on npm (${license}, Copyright Candid Health; tarball integrity ${options.integrity}).`,
        "Operations, hosts, parameters and errors come from its generated clients; wire schemas from its",
        "serialization layer. Errors are sent as { errorName, content } under the HTTP status Candid declares for them.",
      ].join(" "),
      "x-caduceus-source": {
        package: options.packageName,
        version: options.version,
        integrity: options.integrity,
        license,
      },
    },
    servers,
    "x-caduceus-environments": Object.fromEntries(
      environments.map((environment) => [environment.name, environment.hosts]),
    ),
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      schemas: { ...components, ...errorSchemas },
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          description: "An access token from POST /api/auth/v2/token (client credentials).",
        },
      },
    },
  };
  const notes = [];
  if (defaultErrors.length > 0) {
    notes.push(
      `${defaultErrors.length} Fern error(s) without a known HTTP status, described under "default": ${defaultErrors.join(", ")}`,
    );
  }
  if (ignoringCase.length > 0) {
    const matches = ignoringCase.map(({ name, tableName, status }) => `${name} as ${tableName} (${status})`);
    notes.push(
      `${ignoringCase.length} Fern error(s) found in the status table only ignoring case: ${matches.join(", ")}`,
    );
  }
  return { doc: sortKeys(doc), notes, methods };
}

/**
 * @param {PackageFiles} files
 * @returns {string} the SPDX license of the package
 */
function packageLicense(files) {
  const manifest = JSON.parse(files.files.get("package.json") ?? "{}");
  if (typeof manifest.license !== "string" || manifest.license === "") {
    throw new ConversionError(
      "package.json",
      "license",
      "the package declares no license; it cannot be redistributed as a description",
    );
  }
  return manifest.license;
}

/**
 * A copy with object keys sorted at every level (arrays keep their order), so the output is
 * byte-identical for the same package whatever order files were read in.
 *
 * @template T
 * @param {T} value
 * @returns {T}
 */
export function sortKeys(value) {
  if (Array.isArray(value)) return /** @type {T} */ (value.map(sortKeys));
  if (value && typeof value === "object") {
    return /** @type {T} */ (
      Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((key) => [key, sortKeys(/** @type {Record<string, unknown>} */ (value)[key])]),
      )
    );
  }
  return value;
}
