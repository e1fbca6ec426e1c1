// The files of a new vendor package. Each is the smallest complete version of what the five vendor
// packages have: a preset (the token exchange as data), a factory, a mock vendor made of auth-core's
// chassis configured by that preset, tests that run the shared vendor contract, and a README. The
// maintainer then fills the preset from the vendor's auth documentation and grows the mock.
//
// How the client authenticates is the one thing that varies: an `AuthVariant` supplies those pieces
// (`clientSecretAuth` below; `privateKeyJwtAuth` in private-key-jwt.mjs), every other line is shared.

/**
 * The pieces of the package that depend on how the client authenticates to the token endpoint.
 *
 * @typedef {object} AuthVariant
 * @property {Record<string, string>} dependencies runtime dependencies besides auth-core and openapi-fetch
 * @property {string} presetImports import lines of src/preset.ts
 * @property {string} presetDoc the preset's doc comment, between the title line and its end
 * @property {string} presetFields the preset's fields after `vendor`
 * @property {string} clientImports import lines of src/client.ts
 * @property {string} clientOptions members of the options interface after `clientId`
 * @property {string[]} optionNames the factory's credential options after `clientId`
 * @property {string[]} required those of them that are required strings (`defineVendor`'s `required`)
 * @property {string[]} optional those of them that are optional strings (`defineVendor`'s `optional`)
 * @property {string} credentials the token credentials built from `options`, after `clientId`
 * @property {string} clientExample the options of the factory's doc example
 * @property {string} fixtures the body of src/testing/fixtures.ts
 * @property {string} mockCredentials members of the mock credentials interface after `clientId`
 * @property {string} accepted the names of the credentials `create<Vendor>Mock` can be told to accept
 * @property {string} rulesImports import lines of src/testing/rules.ts besides auth-core's testing kit and the preset
 * @property {string} rulesLocalImports import lines of src/testing/rules.ts from the package's own files
 * @property {string} tokenRules the token rules' doc comment and function
 * @property {string} testImports import lines of src/client.test.ts besides the shared ones
 * @property {string} testSetup statements before the contract runs
 * @property {string} wrongCredentials the contract's `wrongCredentials` (and `secrets` when needed)
 * @property {{ given: string, option: string }} missing options missing a required one, and its name
 * @property {string} readmeOptions the README options table's rows after `clientId`
 * @property {string} readmeCredentials the README quick start's options after `clientId`
 */

/**
 * @param {ReturnType<typeof names>} v
 * @returns {AuthVariant}
 */
export const clientSecretAuth = (v) => ({
  dependencies: {},
  presetImports: "",
  presetDoc: ` Scaffolded as the most common shape (RFC 6749 §4.4 client
 * credentials, JSON body, id and secret in the body, standard answer): check each field against the
 * vendor's auth documentation — encoding, client authentication, field names, envelope, the documented
 * maximum lifetime (\`maxLifetimeSeconds\`).`,
  presetFields: `  encoding: "json",
  clientAuthentication: "body",`,
  clientImports: "",
  clientOptions: `  /** OAuth client secret. Required; never logged, never in an error. */
  clientSecret: string;`,
  optionNames: ["clientSecret"],
  required: ["clientSecret"],
  optional: [],
  credentials: "clientSecret: options.clientSecret,",
  clientExample: "{ clientId, clientSecret }",
  fixtures: `/** Fake credentials the mock accepts by default. Not real values: safe to commit and print. */
export const ${v.upper}_MOCK_CREDENTIALS = {
  /** The client id the mock's token endpoint accepts. */
  clientId: "mock-client-id",
  /** The client secret the mock's token endpoint accepts. */
  clientSecret: "mock-client-secret",
} as const;
`,
  mockCredentials: `  /** The client secret the token endpoint accepts. */
  clientSecret: string;`,
  accepted: `"clientId" | "clientSecret"`,
  rulesImports: "",
  rulesLocalImports: "",
  tokenRules: `/**
 * ${v.title}'s token endpoint: for now exactly what {@link ${v.camel}Preset} describes (encoding, client
 * authentication, field names, answer shape), so the mock follows the preset as it is filled in. Replace
 * it with the vendor's documented rules and error bodies as you learn them.
 */
export function ${v.camel}TokenRules(
  credentials: ${v.pascal}MockCredentials,
  chassis: Pick<MockChassis, "clock" | "issuer">,
): TokenRules {
  const { issuer } = chassis;
  return presetTokenRules({
    preset: ${v.camel}Preset,
    credentials,
    issue: issuer.issue,
    lifetimeSeconds: () => issuer.lifetimeSeconds,
  });
}
`,
  testImports: "",
  testSetup: "",
  wrongCredentials: `wrongCredentials: { clientSecret: "definitely-wrong-secret" },`,
  missing: { given: `{ clientId: "id" }`, option: "clientSecret" },
  readmeOptions: "| `clientSecret` | string | required | OAuth client secret |",
  readmeCredentials: "clientSecret: process.env.CLIENT_SECRET!",
});

/** The names a vendor's files are written with. */
function names(vendor) {
  return { ...vendor, upper: vendor.upper ?? vendor.slug.replace(/-/g, "_").toUpperCase() };
}

/**
 * @param {{ slug: string, pascal: string, camel: string, upper?: string, title: string, baseUrl: string, tokenUrl: string, sample: string }} vendor
 * @param {(v: ReturnType<typeof names>) => AuthVariant} [variant] how the client authenticates; a client secret by default
 * @returns {Record<string, string>} the package's files by path
 */
export function vendorFiles(vendor, variant = clientSecretAuth) {
  const v = names(vendor);
  const auth = variant(v);
  const pkg = `@caduceus/${v.slug}`;
  const list = (items) => items.map((item) => JSON.stringify(item)).join(", ");
  return {
    "package.json": `${JSON.stringify(
      {
        name: pkg,
        version: "0.1.0",
        description: `Typed client for the ${v.title} API, generated from its OpenAPI description, with OAuth handled by auth-core.`,
        type: "module",
        license: "MIT",
        repository: {
          type: "git",
          url: "git+https://github.com/caduceus-sdk/caduceus.git",
          directory: `packages/${v.slug}`,
        },
        keywords: [v.slug, "openapi-fetch", "oauth", "healthcare", "typed-client"],
        sideEffects: false,
        engines: { node: ">=20.11" },
        exports: {
          ".": { types: "./dist/index.d.ts", default: "./dist/index.js" },
          "./testing": { types: "./dist/testing/index.d.ts", default: "./dist/testing/index.js" },
          "./package.json": "./package.json",
        },
        files: ["dist", "!dist/**/*.test.*", "!dist/**/*.map", "README.md", "LICENSE"],
        scripts: {
          generate: `node ../../scripts/specs/generate.mjs ${v.slug}`,
          build: "rm -rf dist && tsc -p tsconfig.build.json",
          typecheck: "tsc -p tsconfig.json --noEmit",
          test: "vitest run",
          "check:package": "publint --strict && attw --pack --profile esm-only",
        },
        dependencies: {
          "@caduceus/auth-core": "workspace:^",
          ...auth.dependencies,
          "openapi-fetch": "^0.17.0",
        },
        peerDependencies: { msw: "^2.10.5" },
        peerDependenciesMeta: { msw: { optional: true } },
        devDependencies: { "@caduceus/test-kit": "workspace:*", msw: "2.15.0" },
      },
      null,
      2,
    )}\n`,
    "turbo.json": `${JSON.stringify(
      {
        $schema: "https://turbo.build/schema.json",
        extends: ["//"],
        tasks: {
          generate: {
            dependsOn: ["@caduceus/spec-pipeline#generator"],
            inputs: [`$TURBO_ROOT$/specs/${v.slug}/**`, "package.json"],
            outputs: ["src/generated/**"],
          },
        },
      },
      null,
      2,
    )}\n`,
    "tsconfig.json": `{
  "extends": "../../tsconfig.base.json",
  "compilerOptions": { "rootDir": "src", "outDir": "dist" },
  "include": ["src"]
}
`,
    "tsconfig.build.json": `{
  "extends": "./tsconfig.json",
  "compilerOptions": { "declarationMap": false, "sourceMap": false },
  "exclude": ["src/**/*.test.ts", "src/**/*.test-d.ts"]
}
`,
    "vitest.config.ts": `import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    typecheck: { enabled: true, include: ["src/**/*.test-d.ts"] },
    testTimeout: 20_000,
  },
});
`,
    "src/preset.ts": `${auth.presetImports}import type { TokenPreset, VendorEnvironment } from "@caduceus/auth-core/vendor";

/** Names of the environments {@link create${v.pascal}Client} knows. Add sandbox/staging from the vendor's docs. */
export type ${v.pascal}Environment = "production";

/** ${v.title}'s documented environments. */
export const ${v.camel}Environments: Readonly<Record<${v.pascal}Environment, VendorEnvironment>> = {
  production: { baseUrl: ${JSON.stringify(v.baseUrl)}, tokenUrl: ${JSON.stringify(v.tokenUrl)} },
};

/**
 * The ${v.title} token exchange as data.${auth.presetDoc}
 */
export const ${v.camel}Preset: TokenPreset = {
  vendor: ${JSON.stringify(v.title)},
${auth.presetFields}
};
`,
    "src/client.ts": `import type { CommonClientOptions } from "@caduceus/auth-core";
import { createVendorClient, defineVendor, normalizeScope${auth.clientImports} } from "@caduceus/auth-core/vendor";
import type { Client } from "openapi-fetch";
import type { paths } from "./generated/openapi.js";
import { type ${v.pascal}Environment, ${v.camel}Environments, ${v.camel}Preset } from "./preset.js";

/** Options of {@link create${v.pascal}Client}. */
export interface ${v.pascal}ClientOptions extends CommonClientOptions {
  /** OAuth client id. Required. */
  clientId: string;
${auth.clientOptions}
  /** Scopes to request: a space-separated string or an array. Default: none. */
  scope?: string | readonly string[];
  /** Which deployment to call. Default \`"production"\`. */
  environment?: ${v.pascal}Environment;
}

/** An openapi-fetch client typed by the ${v.title} description. */
export type ${v.pascal}Client = Client<paths>;

const ${v.camel} = defineVendor<${v.pascal}ClientOptions, ${v.pascal}Environment>({
  preset: ${v.camel}Preset,
  environments: ${v.camel}Environments,
  defaultEnvironment: "production",
  options: [${list(["clientId", ...auth.optionNames, "scope"])}],
  required: [${list(["clientId", ...auth.required])}],
${auth.optional.length > 0 ? `  optional: [${list(auth.optional)}],\n` : ""}  credentials: (options) => {
    const scope = normalizeScope(${v.camel}Preset.vendor, options.scope);
    return {
      grant: "client_credentials",
      clientId: options.clientId,
      ${auth.credentials}
      ...(scope ? { scope } : {}),
    };
  },
});

/**
 * Creates a typed ${v.title} client: tokens are fetched once per lifetime, shared per process,
 * refreshed ahead of expiry, and a call is replayed once after a 401.
 *
 * @throws AuthConfigError naming the option at fault.
 * @example
 * \`\`\`ts
 * const client = create${v.pascal}Client(${auth.clientExample});
 * const { data, error } = await client.GET(${JSON.stringify(v.sample)});
 * \`\`\`
 */
export function create${v.pascal}Client(options: ${v.pascal}ClientOptions): ${v.pascal}Client {
  return createVendorClient<paths, ${v.pascal}ClientOptions, ${v.pascal}Environment>(${v.camel}, options);
}
`,
    "src/index.ts": `export { type ${v.pascal}Client, type ${v.pascal}ClientOptions, create${v.pascal}Client } from "./client.js";
export type { components, paths } from "./generated/openapi.js";
export { type ${v.pascal}Environment, ${v.camel}Environments, ${v.camel}Preset } from "./preset.js";
export {
  AuthConfigError,
  CaduceusError,
  ErrorCode,
  TokenRequestError,
  TokenResponseError,
  isAuthConfigError,
  isCaduceusError,
  isTokenRequestError,
  isTokenResponseError,
} from "@caduceus/auth-core/errors";
`,
    "src/testing/index.ts": `/**
 * \`${pkg}/testing\`: a mock ${v.title} for msw (or a loopback server through \`respond\`). Needs \`msw\`, an
 * optional peer dependency of this package.
 */
export type { MockRequestRecord } from "@caduceus/auth-core/testing";
export * from "./fixtures.js";
export {
  create${v.pascal}Mock,
  type ${v.pascal}Mock,
  type ${v.pascal}MockCredentials,
  type ${v.pascal}MockOptions,
} from "./mock.js";
`,
    "src/testing/fixtures.ts": auth.fixtures,
    "src/testing/rules.ts": `import {
  type ApiGuardOptions,
  bearerGuardRules,
  type MockChassis,
  presetTokenRules,
  type TokenRules,
} from "@caduceus/auth-core/testing";
${auth.rulesImports}import { ${v.camel}Preset } from "../preset.js";
${auth.rulesLocalImports}import type { ${v.pascal}MockCredentials } from "./mock.js";

${auth.tokenRules}
/** ${v.title}'s API guard: a live bearer token, else 401. Add the vendor's own headers as header rules. */
export const ${v.camel}GuardRules: ApiGuardOptions = bearerGuardRules;
`,
    "src/testing/mock.ts": `import { createMockChassis, type MockOptions, type VendorMock } from "@caduceus/auth-core/testing";
import { getResponse, type HttpHandler, http } from "msw";
import { ${v.camel}Environments } from "../preset.js";
import { ${v.upper}_MOCK_CREDENTIALS } from "./fixtures.js";
import { ${v.camel}GuardRules, ${v.camel}TokenRules } from "./rules.js";

/** Options a client needs to talk to the mock: \`create${v.pascal}Client({ ...mock.credentials })\`. */
export interface ${v.pascal}MockCredentials {
  /** The client id the token endpoint accepts. */
  clientId: string;
${auth.mockCredentials}
  /** The API base URL the mock serves. */
  baseUrl: string;
  /** The token endpoint the mock serves. */
  tokenUrl: string;
}

/** Options of {@link create${v.pascal}Mock}: the common block every vendor's mock takes. */
export type ${v.pascal}MockOptions = MockOptions<Pick<${v.pascal}MockCredentials, ${auth.accepted}>>;

/** A mock ${v.title}: the chassis' parts plus msw handlers. */
export interface ${v.pascal}Mock extends VendorMock<${v.pascal}MockCredentials> {
  /** msw handlers: the token endpoint, then the guard in front of every API path. */
  handlers: HttpHandler[];
}

/**
 * A mock ${v.title}: the auth-core chassis configured by the preset's token exchange, and every API path
 * under the base URL answering 401 without a valid token, \`{}\` with one. Grow it into a faithful
 * emulation with typed handlers (openapi-msw) and realistic data.
 *
 * @example
 * \`\`\`ts
 * const mock = create${v.pascal}Mock(); server.use(...mock.handlers);
 * const client = create${v.pascal}Client({ ...mock.credentials });
 * \`\`\`
 */
export function create${v.pascal}Mock(options: ${v.pascal}MockOptions = {}): ${v.pascal}Mock {
  const chassis = createMockChassis({
    issuer: ${JSON.stringify(v.slug)},
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.tokenLifetimeSeconds ? { tokenLifetimeSeconds: options.tokenLifetimeSeconds } : {}),
  });
  const baseUrl = (options.baseUrl ?? ${v.camel}Environments.production.baseUrl ?? "").replace(/\\/$/, "");
  const tokenUrl = options.tokenUrl ?? ${v.camel}Environments.production.tokenUrl ?? "";
  const credentials = { ...${v.upper}_MOCK_CREDENTIALS, ...options.credentials, baseUrl, tokenUrl };
  const token = chassis.tokenEndpoint(${v.camel}TokenRules(credentials, chassis));
  const guard = chassis.apiGuard(${v.camel}GuardRules);
  const handlers = [
    http.post(tokenUrl, ({ request }) => token(request)),
    http.all(\`\${baseUrl}/*\`, async ({ request }) => (await guard(request)) ?? Response.json({})),
  ];
  return {
    ...chassis.mock({ credentials, baseUrl, tokenUrl, respond: (request) => getResponse(handlers, request) }),
    handlers,
  };
}
`,
    "src/client.test.ts": `import { describeVendorClient, expectConfigError, expectReuseThenRefresh } from "@caduceus/test-kit";
${auth.testImports}import { it } from "vitest";
import { create${v.pascal}Client } from "./client.js";
import { create${v.pascal}Mock } from "./testing/index.js";

// Any documented GET path: the scaffolded mock answers every path under the base URL.
const path = ${JSON.stringify(v.sample)} as never;
${auth.testSetup}
// The engine's contract (reuse, single flight, one 401 replay, retries, no secret in errors), run
// against this vendor's mock; the tests below are the vendor's own.
const { setup } = describeVendorClient({
  vendor: ${JSON.stringify(v.title)},
  createMock: create${v.pascal}Mock,
  createClient: create${v.pascal}Client,
  read: (client) => client.GET(path),
  ${auth.wrongCredentials}
});

it("serves a token until shortly before its lifetime ends, then refreshes it before use", async () => {
  const { clock, mock, client } = setup({ tokenLifetimeSeconds: 600 });
  const shared = client();
  await expectReuseThenRefresh({ clock, mock }, () => shared.GET(path), {
    reusedAfterMs: 300_000,
    refreshedAfterMs: 301_000,
  });
});

it("names the missing option", () => {
  expectConfigError(() => create${v.pascal}Client(${auth.missing.given} as never), ${JSON.stringify(auth.missing.option)});
});
`,
    "README.md": `# ${pkg}

Typed client for the ${v.title} API, generated from its OpenAPI description, with OAuth handled by
[\`@caduceus/auth-core\`](../auth-core).

## Install

\`\`\`sh
npm install ${pkg}
\`\`\`

## Quick start

\`\`\`ts
import { create${v.pascal}Client } from "${pkg}";

const client = create${v.pascal}Client({ clientId: process.env.CLIENT_ID!, ${auth.readmeCredentials} });
const { data, error } = await client.GET(${JSON.stringify(v.sample)});
\`\`\`

## Authentication

TODO from the vendor's auth documentation: the token endpoint, body shape, client authentication,
documented lifetime, and any contradictions in the vendor's documents with how the preset resolves them.

## Options

| option | type | default | meaning |
|---|---|---|---|
| \`clientId\` | string | required | OAuth client id |
${auth.readmeOptions}
| \`scope\` | string or string[] | none | scopes to request |
| \`environment\` | \`"production"\` | \`"production"\` | which deployment |

Plus auth-core's common options (\`baseUrl\`, \`tokenUrl\`, \`fetch\`, \`tokenStore\`, \`timeoutMs\`, \`maxRetries\`, …).

## Errors

Token failures reject the call with \`TokenRequestError\` or \`TokenResponseError\`; bad options throw
\`AuthConfigError\` naming the option. All extend \`CaduceusError\` and carry a stable \`code\`.

## Testing with \`${pkg}/testing\`

\`\`\`ts
import { create${v.pascal}Mock } from "${pkg}/testing";
const mock = create${v.pascal}Mock();
server.use(...mock.handlers); // an msw server
const client = create${v.pascal}Client({ ...mock.credentials });
\`\`\`

## FAQ

**Is a token fetched per request?** No: one per credential identity per lifetime, shared by every
client of the process.
`,
  };
}

/** specs/<slug>/overlay.yaml for a published description: one harmless action (Overlay 1.0 needs one). */
export function overlayFile(v) {
  return `overlay: 1.0.0
info:
  title: Caduceus fixes to the ${v.title} description
  version: 0.1.0
actions:
  # Records which package this description feeds. Add one commented action per defect the vendor's
  # description has (missing schemas, invalid members, headers the client adds itself, …).
  - target: $.info
    update:
      x-caduceus-package: "@caduceus/${v.slug}"
`;
}
