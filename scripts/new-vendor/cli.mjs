#!/usr/bin/env node
// pnpm new-vendor <name> --spec <file-or-url> [--title T] [--base-url U] [--token-url U] [--url U] [--auth A] [--root DIR]
// Scaffolds specs/<name>/ and packages/<name>/: a package that builds and passes its tests, ready to be
// filled in from the vendor's auth documentation. See the root README, "Adding a vendor".
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import YAML from "yaml";
import { sha256 as sha256Hex } from "../specs/src/hash.mjs";
import { sharedSpecsDir } from "../specs/src/paths.mjs";
import { privateKeyJwtAuth } from "./private-key-jwt.mjs";
import { clientSecretAuth, overlayFile, vendorFiles } from "./templates.mjs";

const usage =
  "Usage: pnpm new-vendor <name> --spec <file-or-url> [--title T] [--base-url URL] [--token-url URL] [--url URL] [--auth secret|private_key_jwt]";

function fail(message) {
  console.error(`new-vendor: ${message}\n${usage}`);
  process.exit(2);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    spec: { type: "string" },
    title: { type: "string" },
    "base-url": { type: "string" },
    "token-url": { type: "string" },
    url: { type: "string" },
    auth: { type: "string", default: "secret" },
    root: { type: "string" },
    help: { type: "boolean" },
  },
});
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const slug = positionals[0];
if (!slug || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(slug)) fail("<name> must be kebab-case, e.g. acme-health");
if (values.auth !== "secret" && values.auth !== "private_key_jwt")
  fail(
    "--auth must be secret (client id and secret) or private_key_jwt (a JWT signed with the client's private key)",
  );
if (!values.spec) fail("--spec is required: the vendor's OpenAPI description (a file or a URL)");
const root = resolve(values.root ?? join(dirname(fileURLToPath(import.meta.url)), "../.."));
const specsDir = join(root, "specs", slug);
const packageDir = join(root, "packages", slug);
if (existsSync(specsDir) || existsSync(packageDir)) fail(`specs/${slug} or packages/${slug} already exists`);

const isUrl = /^https?:\/\//.test(values.spec);
const bytes = isUrl ? await download(values.spec) : readSpecFile(values.spec);
const format = /\.ya?ml$/i.test(isUrl ? new URL(values.spec).pathname : values.spec) ? "yaml" : "json";
let doc;
try {
  doc = format === "yaml" ? YAML.parse(bytes.toString("utf8")) : JSON.parse(bytes.toString("utf8"));
} catch (error) {
  fail(`--spec is not valid ${format.toUpperCase()}: ${error.message}`);
}
if (!doc || typeof doc !== "object" || typeof doc.openapi !== "string" || typeof doc.paths !== "object") {
  fail("--spec is not an OpenAPI 3 description (no `openapi` version or no `paths`)");
}

const title = values.title ?? doc.info?.title ?? slug;
const pascal = slug.replace(/(^|-)([a-z0-9])/g, (_, __, c) => c.toUpperCase());
const camel = pascal[0].toLowerCase() + pascal.slice(1);
const server = doc.servers?.find((entry) => /^https?:\/\//.test(entry.url))?.url;
const baseUrl = values["base-url"] ?? server;
if (!baseUrl) fail("the description has no absolute server URL: pass --base-url");
const schemes = Object.values(doc.components?.securitySchemes ?? {});
const tokenUrl =
  values["token-url"] ??
  schemes.find((scheme) => scheme.type === "oauth2")?.flows?.clientCredentials?.tokenUrl ??
  `${new URL(baseUrl).origin}/oauth/token`;
const sample = pickSamplePath(doc.paths);

mkdirSync(specsDir, { recursive: true });
const sha256 = sha256Hex(bytes);
// The shared specs folder in use (CADUCEUS_SHARED_SPECS moves it, as for the spec pipeline).
const inShared = isUrl ? "" : relative(sharedSpecsDir({ root }), resolve(values.spec));
const mirrored = !isUrl && !inShared.startsWith("..") && !isAbsolute(inShared);
if (isUrl || mirrored) {
  // A published description is pinned, never copied into the repo. source.json names it as under
  // ../shared/specs, whichever folder stands in for that here.
  const mirror = `../shared/specs/${isUrl ? `${slug}/${basename(new URL(values.spec).pathname) || `openapi.${format}`}` : inShared.split(sep).join("/")}`;
  const url = isUrl ? values.spec : values.url;
  if (!url)
    fail(
      "--url is required with a mirrored file: where the vendor publishes it, for machines without ../shared/specs",
    );
  writeJson(join(specsDir, "source.json"), {
    kind: "published",
    title,
    mirror,
    url,
    sha256,
    format,
    overlay: "overlay.yaml",
  });
  writeFileSync(join(specsDir, "overlay.yaml"), overlayFile({ slug, title }));
} else {
  // A file outside ../shared/specs is a description the project wrote itself from the vendor's docs.
  copyFileSync(resolve(values.spec), join(specsDir, `openapi.${format}`));
  writeJson(join(specsDir, "source.json"), {
    kind: "own",
    title: `${title} (Caduceus description)`,
    description: `openapi.${format}`,
    format,
  });
}
const names = { slug, pascal, camel, title, baseUrl, tokenUrl, sample };
const auth = values.auth === "private_key_jwt" ? privateKeyJwtAuth() : clientSecretAuth;
for (const [file, text] of Object.entries(vendorFiles(names, auth))) {
  mkdirSync(dirname(join(packageDir, file)), { recursive: true });
  writeFileSync(join(packageDir, file), text);
}
copyFileSync(join(root, "LICENSE"), join(packageDir, "LICENSE"));
// Laid out as the repo's formatter and import order want (biome.json), so `pnpm lint` passes on the new
// files as they are.
const biome = createRequire(import.meta.url).resolve("@biomejs/biome/bin/biome");
const formatted = spawnSync(process.execPath, [biome, "check", "--write", packageDir, specsDir], {
  cwd: root,
  encoding: "utf8",
});
if (formatted.status !== 0) {
  console.error(`new-vendor: biome left findings in the new files:\n${formatted.stdout}${formatted.stderr}`);
}
console.log(`Scaffolded @caduceus/${slug}:
  specs/${slug}/       ${isUrl ? "pinned source and an overlay" : "the project's own description"}
  packages/${slug}/    preset, factory, ./testing mock, tests, README
Next:
  pnpm install && pnpm exec turbo run build test --filter=@caduceus/${slug}
  then fill src/preset.ts from ${title}'s auth documentation (see the root README, "Adding a vendor").`);

/** First GET without required parameters (the scaffolded test calls it), else the first GET. */
function pickSamplePath(paths) {
  const gets = Object.entries(paths).filter(([, item]) => item && typeof item === "object" && item.get);
  const simple = gets.find(
    ([path, item]) =>
      !path.includes("{") && !(item.get.parameters ?? []).some((parameter) => parameter.required),
  );
  const chosen = simple ?? gets[0];
  if (!chosen) fail("the description has no GET operation to use in the scaffolded tests");
  return chosen[0];
}

function readSpecFile(path) {
  try {
    return readFileSync(path);
  } catch (error) {
    fail(`cannot read --spec ${path}: ${error.code ?? error.message}`);
  }
}

async function download(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) }).catch((error) =>
    fail(`cannot download ${url}: ${error.message}`),
  );
  if (!response.ok) fail(`cannot download ${url}: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

function writeJson(file, value) {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}
