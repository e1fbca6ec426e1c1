import { appendFile, readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadSourceConfig } from "./config.mjs";
import { buildVendor } from "./pipeline.mjs";
import { loadSource } from "./source.mjs";
import { copySharedSpecs, emptyDir, realSharedSpecs } from "./test-support.ts";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe("source pin", () => {
  it("refuses a mirror whose bytes are not the pinned ones, naming the vendor, the file and both hashes", async () => {
    const copy = await copySharedSpecs();
    cleanups.push(copy.cleanup);
    const file = join(copy.dir, "xcures", "xcures-api-current.json");
    const text = await readFile(file, "utf8");
    await import("node:fs/promises").then((fs) =>
      fs.writeFile(file, text.replace("xCures API", "xCures API!")),
    );

    const error = await buildVendor("xcures", { sharedDir: copy.dir }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "SpecPipelineError", code: "PIN_MISMATCH", vendor: "xcures" });
    expect(String((error as Error).message)).toMatch(
      /^xcures: pinned sha256 4424f6f03158… but .*xcures[/\\]xcures-api-current\.json hashes to [0-9a-f]{12}…/,
    );
  });

  it("accepts the real mirror as pinned", async () => {
    const config = await loadSourceConfig("parchment");
    const source = await loadSource("parchment", config, { sharedDir: realSharedSpecs });
    expect(config.kind === "published" && source.sha256 === config.sha256).toBe(true);
    expect(source.origin).toMatch(/parchment[/\\]openapi\.json$/);
  });
});

describe("npm-package source", () => {
  it("refuses a converter input whose bytes are not the pinned ones", async () => {
    const copy = await copySharedSpecs();
    cleanups.push(copy.cleanup);
    await appendFile(join(copy.dir, "candid", "error-status.tsv"), "NewError\t418\n");
    await expect(buildVendor("candid", { sharedDir: copy.dir })).rejects.toMatchObject({
      code: "PIN_MISMATCH",
      message: expect.stringMatching(
        /^candid: converter input errorStatuses: pinned sha256 ef782da72302… but .*error-status\.tsv hashes to /,
      ),
    });
  });
});

describe("missing source", () => {
  it("fails naming the vendor, the absent mirror and the failed download when neither is there", async () => {
    const empty = await emptyDir();
    cleanups.push(empty.cleanup);
    const refusingFetch = (async () => {
      throw new TypeError("fetch failed (no network in this test)");
    }) as typeof fetch;

    const error = await buildVendor("xcures", { sharedDir: empty.dir, fetch: refusingFetch }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "SOURCE_MISSING", vendor: "xcures" });
    expect(String((error as Error).message)).toMatch(
      /^xcures: no source: .*xcures-api-current\.json does not exist and downloading https:\/\/raw\.githubusercontent\.com\/.* failed \(fetch failed/,
    );
  });

  it("reports the HTTP status of a failed download", async () => {
    const empty = await emptyDir();
    cleanups.push(empty.cleanup);
    const notFound = (async () =>
      new Response("nope", { status: 404, statusText: "Not Found" })) as typeof fetch;
    await expect(buildVendor("parchment", { sharedDir: empty.dir, fetch: notFound })).rejects.toThrow(
      /^parchment: no source: .* failed \(HTTP 404 Not Found\)/,
    );
  });

  it("downloads the pinned URL when there is no mirror, and still checks the pin", async () => {
    const empty = await emptyDir();
    cleanups.push(empty.cleanup);
    const bytes = await readFile(join(realSharedSpecs, "parchment", "openapi.json"));
    const requested: string[] = [];
    let served: Uint8Array = bytes;
    const server = createServer((req, res) => {
      requested.push(req.url ?? "");
      res.end(served);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const { port } = server.address() as AddressInfo;
    // Send the pinned URL to the loopback server, so the test needs no network.
    const loopbackFetch = ((url: string | URL | Request, init?: RequestInit) =>
      fetch(`http://127.0.0.1:${port}/${encodeURIComponent(String(url))}`, init)) as typeof fetch;

    const result = await buildVendor("parchment", { sharedDir: empty.dir, fetch: loopbackFetch });
    expect(result.source.origin).toMatch(/^https:\/\/raw\.githubusercontent\.com\/ParchmentHealth\//);
    expect(requested).toHaveLength(1);
    expect(result.operations).toBe(18);

    served = Buffer.concat([bytes, Buffer.from("\n")]);
    await expect(
      buildVendor("parchment", { sharedDir: empty.dir, fetch: loopbackFetch }),
    ).rejects.toMatchObject({
      code: "PIN_MISMATCH",
      message: expect.stringMatching(
        /^parchment: pinned sha256 b6e672fa90d2… but https:\/\/raw\.githubusercontent\.com\//,
      ),
    });
  });
});
