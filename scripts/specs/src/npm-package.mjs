// @ts-check
import { createHash, randomUUID } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { SpecPipelineError } from "./errors.mjs";
import { fileExists, repoRoot } from "./paths.mjs";
import { readTarGzip } from "./tar-reader.mjs";

/** The registry the project may reach; tarball URLs are built from it, never taken from metadata. */
export const NPM_REGISTRY = "https://registry.npmjs.org";

/** Where verified tarballs are kept by their hash, so reruns (turbo, CI, tests) are offline. */
export const DEFAULT_CACHE_DIR = resolve(repoRoot, "node_modules/.cache/caduceus-specs");

/**
 * @typedef {object} NpmPackageOptions
 * @property {typeof fetch} [fetch]
 * @property {string} [cacheDir] default node_modules/.cache/caduceus-specs (or CADUCEUS_SPECS_CACHE)
 * @property {number} [timeoutMs] download time limit (default 60 s)
 */

/**
 * @typedef {object} NpmTarball
 * @property {Buffer} bytes the .tgz exactly as published
 * @property {string} origin where it came from, for messages
 * @property {string} integrity "sha512-…" of `bytes`
 */

/**
 * The registry's tarball URL of a version.
 *
 * @param {string} name
 * @param {string} version
 */
export function tarballUrl(name, version) {
  const base = name.startsWith("@") ? name.split("/")[1] : name;
  return `${NPM_REGISTRY}/${name}/-/${base}-${version}.tgz`;
}

/**
 * Subresource-integrity string of bytes, as the registry publishes it in `dist.integrity`.
 *
 * @param {Uint8Array} bytes
 */
export function sha512Integrity(bytes) {
  return `sha512-${createHash("sha512").update(bytes).digest("base64")}`;
}

/**
 * A package version's tarball: from the cache when a file with the pinned hash is there, else
 * downloaded from the registry; it must match `integrity` before it is cached or returned.
 *
 * @param {string} vendor for messages
 * @param {{ name: string, version: string, integrity: string }} pin
 * @param {NpmPackageOptions} [options]
 * @returns {Promise<NpmTarball>}
 * @throws {SpecPipelineError} SOURCE_MISSING when it cannot be downloaded, PIN_MISMATCH on other bytes
 */
export async function loadTarball(vendor, pin, options = {}) {
  const cacheDir = options.cacheDir ?? process.env["CADUCEUS_SPECS_CACHE"] ?? DEFAULT_CACHE_DIR;
  const cached = resolve(cacheDir, `${integrityHex(vendor, pin.integrity)}.tgz`);
  if (fileExists(cached)) {
    const bytes = await readFile(cached);
    // A cache file is trusted only as far as its bytes still hash to its name.
    if (sha512Integrity(bytes) === pin.integrity) return { bytes, origin: cached, integrity: pin.integrity };
  }
  const url = tarballUrl(pin.name, pin.version);
  /** @type {Buffer} */
  let bytes;
  try {
    bytes = await downloadWithRetries(url, options);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new SpecPipelineError(
      vendor,
      "SOURCE_MISSING",
      `no source: ${pin.name}@${pin.version} is not cached and downloading ${url} failed (${reason})`,
      { cause },
    );
  }
  const integrity = sha512Integrity(bytes);
  if (integrity !== pin.integrity) {
    throw new SpecPipelineError(
      vendor,
      "PIN_MISMATCH",
      `pinned integrity ${pin.integrity} but ${url} has ${integrity}; the registry's bytes are not the reviewed ones`,
    );
  }
  await mkdir(cacheDir, { recursive: true });
  // Write then rename, so a concurrent reader never sees half a tarball.
  const partial = `${cached}.${randomUUID()}.partial`;
  await writeFile(partial, bytes);
  await rename(partial, cached);
  return { bytes, origin: url, integrity };
}

/** Attempts at a download: a build on a busy CI machine should not fail on one dropped connection. */
const DOWNLOAD_ATTEMPTS = 3;

/**
 * Downloads `url`, trying again after a network failure, a 429 or a 5xx (1 s, then 2 s later); any other
 * status fails at once.
 *
 * @param {string} url
 * @param {NpmPackageOptions} options
 * @returns {Promise<Buffer>}
 */
async function downloadWithRetries(url, options) {
  const fetchFn = options.fetch ?? globalThis.fetch;
  for (let attempt = 1; ; attempt++) {
    /** @type {Response | undefined} */
    let response;
    try {
      response = await fetchFn(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 60_000) });
      if (response.ok) return Buffer.from(await response.arrayBuffer());
    } catch (error) {
      if (attempt >= DOWNLOAD_ATTEMPTS) throw error;
    }
    if (response) {
      const transient = response.status === 429 || response.status >= 500;
      if (!transient || attempt >= DOWNLOAD_ATTEMPTS)
        throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
    }
    await new Promise((done) => setTimeout(done, 1000 * attempt));
  }
}

/**
 * The text files of a package tarball, with npm's leading "package/" removed.
 *
 * @param {Uint8Array} tarball
 * @returns {Map<string, string>}
 */
export function packageTextFiles(tarball) {
  /** @type {Map<string, string>} */
  const files = new Map();
  for (const [path, bytes] of readTarGzip(tarball)) {
    if (/\.(js|d\.ts|json|md)$/.test(path)) files.set(path.replace(/^[^/]+\//, ""), bytes.toString("utf8"));
  }
  return files;
}

/**
 * The registry's latest version of a package and its integrity (`npm view <name> version`).
 *
 * @param {string} vendor
 * @param {string} name
 * @param {{ fetch?: typeof fetch, timeoutMs?: number }} [options]
 * @returns {Promise<{ version: string, integrity: string }>}
 * @throws {SpecPipelineError} SOURCE_MISSING
 */
export async function latestVersion(vendor, name, options = {}) {
  const url = `${NPM_REGISTRY}/${name.replace("/", "%2f")}`;
  try {
    const fetchFn = options.fetch ?? globalThis.fetch;
    const response = await fetchFn(url, {
      headers: { accept: "application/vnd.npm.install-v1+json" },
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
    const packument = /** @type {any} */ (await response.json());
    const version = packument?.["dist-tags"]?.latest;
    const integrity = packument?.versions?.[version]?.dist?.integrity;
    if (typeof version !== "string" || typeof integrity !== "string") {
      throw new Error("no dist-tags.latest with a dist.integrity");
    }
    return { version, integrity };
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new SpecPipelineError(
      vendor,
      "SOURCE_MISSING",
      `cannot read ${name}'s latest version from ${url} (${reason})`,
      {
        cause,
      },
    );
  }
}

/**
 * @param {string} vendor
 * @param {string} integrity "sha512-<base64>"
 */
function integrityHex(vendor, integrity) {
  const match = /^sha512-([A-Za-z0-9+/]{86}==)$/.exec(integrity);
  if (!match)
    throw new SpecPipelineError(
      vendor,
      "CONFIG_INVALID",
      `integrity ${integrity} is not a sha512 SRI string`,
    );
  return Buffer.from(/** @type {string} */ (match[1]), "base64").toString("hex");
}
