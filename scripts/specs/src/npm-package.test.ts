import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { loadTarball, packageTextFiles, sha512Integrity, tarballUrl } from "./npm-package.mjs";
import { readTarGzip } from "./tar-reader.mjs";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function tempDir() {
  const dir = await mkdtemp(join(tmpdir(), "caduceus-npm-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** One ustar header + data, the way npm writes long paths (name split into prefix and name). */
function ustarEntry(path: string, data: string): Buffer {
  const header = Buffer.alloc(512);
  const split = path.length > 100 ? path.lastIndexOf("/", path.length - 1) : -1;
  const [prefix, name] = split > 0 ? [path.slice(0, split), path.slice(split + 1)] : ["", path];
  header.write(name, 0, "utf8");
  header.write("0000644\0", 100);
  header.write("0000000\0", 108);
  header.write("0000000\0", 116);
  header.write(`${Buffer.byteLength(data).toString(8).padStart(11, "0")}\0`, 124);
  header.write("00000000000\0", 136);
  header.write("0", 156);
  header.write("ustar\0", 257);
  header.write("00", 263);
  header.write(prefix, 345, "utf8");
  header.fill(" ", 148, 156);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
  const body = Buffer.alloc(Math.ceil(Buffer.byteLength(data) / 512) * 512);
  body.write(data);
  return Buffer.concat([header, body]);
}

const LONG_PATH = `package/serialization/resources/${"deeply/".repeat(12)}StandaloneBillingNoteCreate.js`;
const tarball = gzipSync(
  Buffer.concat([
    ustarEntry("package/package.json", '{"name":"x","version":"1.0.0","license":"MIT"}'),
    ustarEntry(LONG_PATH, "exports.x = 1;\n"),
    Buffer.alloc(1024),
  ]),
);
const pin = { name: "x", version: "1.0.0", integrity: sha512Integrity(tarball) };

describe("readTarGzip", () => {
  it("joins the ustar prefix and name, so paths over 100 characters stay whole", () => {
    const files = readTarGzip(tarball);
    expect([...files.keys()]).toEqual(["package/package.json", LONG_PATH]);
    expect(LONG_PATH.length).toBeGreaterThan(100);
    expect(files.get(LONG_PATH)?.toString()).toBe("exports.x = 1;\n");
  });

  it("refuses a damaged header", () => {
    const broken = Buffer.concat([ustarEntry("package/a.js", "1"), Buffer.alloc(1024)]);
    broken[0] = 0x41;
    expect(() => readTarGzip(gzipSync(broken))).toThrow(/bad header checksum/);
  });

  it("packageTextFiles drops npm's package/ folder", () => {
    expect([...packageTextFiles(tarball).keys()]).toEqual([
      "package.json",
      LONG_PATH.replace("package/", ""),
    ]);
  });
});

describe("loadTarball", () => {
  it("downloads the registry's tarball URL, checks the integrity and caches it by hash", async () => {
    const cacheDir = await tempDir();
    const asked: string[] = [];
    const registry: typeof fetch = async (input) => {
      asked.push(String(input));
      return new Response(tarball);
    };
    const loaded = await loadTarball("vendor", pin, { cacheDir, fetch: registry });
    expect(asked).toEqual(["https://registry.npmjs.org/x/-/x-1.0.0.tgz"]);
    expect(loaded.integrity).toBe(pin.integrity);
    const hex = Buffer.from(pin.integrity.slice("sha512-".length), "base64").toString("hex");
    expect(await readFile(join(cacheDir, `${hex}.tgz`))).toEqual(tarball);

    // Offline afterwards: the cache answers.
    const offline: typeof fetch = async () => {
      throw new Error("no network");
    };
    const again = await loadTarball("vendor", pin, { cacheDir, fetch: offline });
    expect(again.bytes).toEqual(tarball);
  });

  it("refuses bytes whose integrity is not the pinned one, and caches nothing", async () => {
    const cacheDir = await tempDir();
    const other: typeof fetch = async () => new Response(gzipSync(Buffer.alloc(1024)));
    await expect(loadTarball("vendor", pin, { cacheDir, fetch: other })).rejects.toMatchObject({
      code: "PIN_MISMATCH",
      message: expect.stringMatching(
        /^vendor: pinned integrity sha512-.* but https:\/\/registry\.npmjs\.org\/x\/-\/x-1\.0\.0\.tgz has sha512-/,
      ),
    });
    expect(await readdir(cacheDir).catch(() => [])).toEqual([]);
  });

  it("ignores a cache file whose bytes no longer match its name", async () => {
    const cacheDir = await tempDir();
    const hex = Buffer.from(pin.integrity.slice("sha512-".length), "base64").toString("hex");
    await writeFile(join(cacheDir, `${hex}.tgz`), "tampered");
    const loaded = await loadTarball("vendor", pin, { cacheDir, fetch: async () => new Response(tarball) });
    expect(loaded.bytes).toEqual(tarball);
  });

  it("names the package and URL when the download fails", async () => {
    const cacheDir = await tempDir();
    const missing: typeof fetch = async () => new Response("", { status: 404, statusText: "Not Found" });
    await expect(loadTarball("vendor", pin, { cacheDir, fetch: missing })).rejects.toMatchObject({
      code: "SOURCE_MISSING",
      message:
        "vendor: no source: x@1.0.0 is not cached and downloading https://registry.npmjs.org/x/-/x-1.0.0.tgz failed (HTTP 404 Not Found)",
    });
  });

  it("builds scoped packages' tarball URLs the registry's way", () => {
    expect(tarballUrl("@scope/pkg", "2.0.0")).toBe("https://registry.npmjs.org/@scope/pkg/-/pkg-2.0.0.tgz");
  });
});
