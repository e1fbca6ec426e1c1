import { describe, expect, it } from "vitest";
import { loadTarball, packageTextFiles } from "../../npm-package.mjs";
import { CANDID_RELEASES } from "./candidhealth-releases.ts";
import { parseErrorStatuses } from "./error-statuses.mjs";
import { convertFernSdk } from "./index.mjs";
import { sdkInventory } from "./sdk-inventory.ts";

// Every candidhealth release from 1.23.1 up, converted whole and checked operation for operation
// against an independent inventory of its client methods. Tarballs come from the registry the first
// time and from node_modules/.cache/caduceus-specs afterwards.

const operationsOf = (doc: Record<string, any>) =>
  Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([, operation]) => typeof operation?.operationId === "string")
      .map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })),
  );

describe.each(CANDID_RELEASES)("candidhealth@$version", (release) => {
  it("converts, and agrees operation for operation with the SDK's own client methods", async () => {
    const tarball = await loadTarball("candid", { name: "candidhealth", ...release });
    const files = packageTextFiles(tarball.bytes);
    const { doc } = convertFernSdk(files, {
      title: "Candid Health API",
      packageName: "candidhealth",
      version: release.version,
      integrity: release.integrity,
      errorStatuses: parseErrorStatuses(""),
    });
    const inventory = sdkInventory(files);
    expect(inventory).toHaveLength(release.methods);

    const operations = operationsOf(doc);
    const byRequest = new Map(
      operations.map((entry) => [
        `${entry.method} ${entry.path.replace(/\{[^}]*\}/g, "{}")} ${entry.operation["x-caduceus-host"]}`,
        entry,
      ]),
    );
    expect(byRequest.size).toBe(operations.length);
    const distinctRequests = new Set(inventory.map((m) => `${m.method} ${m.path} ${m.host}`));
    expect(operations).toHaveLength(distinctRequests.size);
    for (const method of inventory) {
      const found = byRequest.get(`${method.method} ${method.path} ${method.host}`);
      expect(found, `${method.id}: ${method.method} ${method.path} on ${method.host}`).toBeDefined();
      const names = [found?.operation.operationId, ...(found?.operation["x-fern-sdk-method-aliases"] ?? [])];
      expect(names, method.id).toContain(method.id);
    }
    if (release.version === "1.33.0") {
      const again = convertFernSdk(files, {
        title: "Candid Health API",
        packageName: "candidhealth",
        version: release.version,
        integrity: release.integrity,
        errorStatuses: parseErrorStatuses(""),
      });
      expect(JSON.stringify(again.doc)).toBe(JSON.stringify(doc));
      expect(operations).toHaveLength(267);
      expect(
        operations.filter((entry) => entry.operation["x-caduceus-host"] === "preEncounter"),
      ).toHaveLength(78);
      expect(Object.keys(doc.paths)).toHaveLength(183);
    }
  });
});
