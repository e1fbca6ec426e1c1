import { execFile } from "node:child_process";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { checkDrift, formatReport } from "./drift.mjs";
import { repoRoot } from "./paths.mjs";
import { copySharedSpecs, editJson, realSharedSpecs } from "./test-support.ts";

const run = promisify(execFile);
const cli = resolve(repoRoot, "scripts/specs/check-drift.mjs");
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A copy of the shared specs where xCures moved: one operation added, one removed, one changed. */
async function driftedCopy() {
  const copy = await copySharedSpecs();
  cleanups.push(copy.cleanup);
  await editJson(join(copy.dir, "xcures", "xcures-api-current.json"), (doc) => {
    doc.info.version = "V1.1";
    doc.paths["/api/v1/patient-registry/widgets"] = {
      get: { operationId: "Widgets_list", responses: { "200": { description: "" } } },
    };
    delete doc.paths["/api/v1/patient-registry/fhir/specimen"];
    // A schema change shows on the operation that uses it, not only on the schema.
    doc.components.schemas.FhirExportResponseDto.properties.extra = { type: "string" };
  });
  return copy;
}

describe("checkDrift", () => {
  it("says no drift for the pinned mirrors and 'own description' for the project's own", async () => {
    const reports = await Promise.all(
      ["xcures", "parchment", "candid", "arzamed"].map((v) => checkDrift(v, { sharedDir: realSharedSpecs })),
    );
    expect(reports.map((r) => r.status)).toEqual(["no-drift", "no-drift", "no-drift", "own"]);
    expect(reports[0]!.summary).toMatch(/^xcures: no drift \(sha256 4424f6f03158…, 69 operations\)$/);
    expect(reports[3]!.summary).toMatch(/^arzamed: own description .* valid, 1 operation$/);
  });

  it("lists the operations added, removed and changed in an altered copy", async () => {
    const copy = await driftedCopy();
    const report = await checkDrift("xcures", { sharedDir: copy.dir });
    expect(report.status).toBe("drift");
    expect(report.drift).toEqual({
      added: ["GET /api/v1/patient-registry/widgets"],
      removed: ["GET /api/v1/patient-registry/fhir/specimen"],
      changed: ["GET /api/v1/patient-registry/fhir/_export"],
    });
    expect(report.summary).toMatch(
      /^xcures: DRIFT: .*xcures-api-current\.json hashes to [0-9a-f]{12}…, pinned 4424f6f03158…/,
    );
    expect(formatReport(report)).toContain("  ~ changed  GET /api/v1/patient-registry/fhir/_export");
    // The other vendors in the same copy did not move.
    expect((await checkDrift("candid", { sharedDir: copy.dir })).status).toBe("no-drift");
  });

  it("as a command, names the moved vendor and exits 1 (CADUCEUS_SHARED_SPECS picks the copy)", async () => {
    const copy = await driftedCopy();
    const failure = await run(process.execPath, [cli, "xcures", "parchment"], {
      env: { ...process.env, CADUCEUS_SHARED_SPECS: copy.dir },
    }).catch((e: { code: number; stdout: string }) => e);
    expect(failure).toMatchObject({ code: 1 });
    const { stdout } = failure as { stdout: string };
    expect(stdout).toMatch(/^xcures: DRIFT: /m);
    expect(stdout).toContain("  + added    GET /api/v1/patient-registry/widgets");
    expect(stdout).toContain("  - removed  GET /api/v1/patient-registry/fhir/specimen");
    expect(stdout).toMatch(/^parchment: no drift/m);
  });

  it("as a command, exits 0 with 'no drift' on the real mirrors", async () => {
    const { stdout } = await run(process.execPath, [cli, "--shared-specs", realSharedSpecs]);
    expect(stdout.split("\n").filter(Boolean)).toEqual([
      expect.stringMatching(/^xcures: no drift/),
      expect.stringMatching(/^parchment: no drift/),
      expect.stringMatching(/^carecentric: own description/),
      expect.stringMatching(/^candid: no drift/),
      expect.stringMatching(/^arzamed: own description/),
      expect.stringMatching(/^smart-fhir: own description/),
    ]);
  });
});
