import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

/**
 * What a vendor client's bundle holds (docs/architecture.md, "What a bundle holds"): the signing code of
 * `private_key_jwt` (the key's forms to scrub included), `jose` and the SMART discovery reach only clients whose preset plugs them in.
 * Bundled from the sources as a user's bundler would (esbuild, minified ESM for the browser).
 */
const SIGNING_MODULES =
  /node_modules\/jose\/|token\/(signing-key|client-assertion|smart-discovery|private-key-secrets)\.ts$/;

async function bundledModules(presetLines: string[]): Promise<string[]> {
  const entry = [
    `import { createVendorClient, defineVendor } from "./vendor.ts";`,
    ...presetLines,
    `const acme = defineVendor({ preset, environments: { production: { baseUrl: "https://api.acme.test", tokenUrl: "https://auth.acme.test/token" } },`,
    `  defaultEnvironment: "production", options: ["clientId", "clientSecret"], required: ["clientId", "clientSecret"],`,
    `  credentials: (o) => ({ grant: "client_credentials", clientId: o.clientId, clientSecret: o.clientSecret }) });`,
    `const client = createVendorClient(acme, { clientId: globalThis.ID, clientSecret: globalThis.SECRET });`,
    `console.log(await client.GET("/payers/{id}", { params: { path: { id: "1" } } }));`,
  ].join("\n");
  const result = await build({
    stdin: { contents: entry, resolveDir: fileURLToPath(new URL(".", import.meta.url)), loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  return Object.keys(result.metafile.inputs);
}

describe("a vendor client's bundle", () => {
  it("leaves out jose, the signing key, the client assertion and SMART discovery when the preset does not plug them in", async () => {
    const modules = await bundledModules([
      `const preset = { vendor: "Acme", encoding: "json", clientAuthentication: "body" };`,
    ]);
    expect(modules.some((name) => name.endsWith("token/obtain-grant.ts"))).toBe(true);
    expect(modules.filter((name) => SIGNING_MODULES.test(name))).toEqual([]);
  });

  it("holds them when the preset plugs in privateKeyJwtSigner and smartEndpointDiscovery", async () => {
    const modules = await bundledModules([
      `import { smartEndpointDiscovery, privateKeyJwtSigner } from "./private-key-jwt.ts";`,
      `const preset = { vendor: "Acme", encoding: "form", clientAuthentication: "private_key_jwt", assertionSigner: privateKeyJwtSigner, discoverTokenEndpoint: smartEndpointDiscovery };`,
    ]);
    const signing = modules.filter((name) => SIGNING_MODULES.test(name));
    for (const module of ["token/signing-key.ts", "token/client-assertion.ts", "token/smart-discovery.ts"])
      expect(
        signing.some((name) => name.endsWith(module)),
        module,
      ).toBe(true);
    expect(signing.some((name) => name.includes("node_modules/jose/"))).toBe(true);
  });
});
