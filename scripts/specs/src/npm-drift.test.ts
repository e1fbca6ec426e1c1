import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CANDID_RELEASES } from "./converters/fern-sdk/candidhealth-releases.ts";
import { compareDescriptions } from "./description-diff.mjs";
import { checkDrift, formatReport } from "./drift.mjs";
import { lockFor } from "./lock.mjs";
import { NPM_REGISTRY } from "./npm-package.mjs";
import { describeSource, loadSource } from "./source.mjs";
import { realSharedSpecs } from "./test-support.ts";

// Drift of an npm-package source, on two real candidhealth releases: 1.32.0 pinned, 1.33.0 latest.

const [v1_32, v1_33] = ["1.32.0", "1.33.0"].map((version) => {
  const release = CANDID_RELEASES.find((candidate) => candidate.version === version);
  if (!release) throw new Error(`no release ${version}`);
  return release;
}) as [(typeof CANDID_RELEASES)[number], (typeof CANDID_RELEASES)[number]];

const sourceFor = (release: { version: string; integrity: string }) => ({
  kind: "npm-package" as const,
  title: "Candid Health API",
  package: "candidhealth",
  version: release.version,
  integrity: release.integrity,
  converter: "fern-sdk",
  converterInputs: {
    errorStatuses: {
      path: "../shared/specs/candid/error-status.tsv",
      sha256: "ef782da7230235be7c6d938f3145c66ecc032692ce9cb0d13fff3d9cc8d68ec8",
    },
  },
  overlay: "overlay.yaml",
});

/** The registry's answer about candidhealth's latest version, as a test double of its JSON. */
function registrySaysLatest(release: { version: string; integrity: string }): typeof fetch {
  return async (input, init) => {
    const url = String(input);
    if (url === `${NPM_REGISTRY}/candidhealth`) {
      return Response.json({
        name: "candidhealth",
        "dist-tags": { latest: release.version },
        versions: { [release.version]: { dist: { integrity: release.integrity } } },
      });
    }
    return fetch(input, init);
  };
}

const describeRelease = async (release: { version: string; integrity: string }) => {
  const config = sourceFor(release);
  const source = await loadSource("candid", config, { sharedDir: realSharedSpecs });
  return describeSource("candid", config, source).doc;
};

let before: Record<string, any>;
let after: Record<string, any>;
let root: string;
beforeAll(async () => {
  [before, after] = await Promise.all([describeRelease(v1_32), describeRelease(v1_33)]);
  // A repository root whose specs/candid pins 1.32.0, with the lock derived from it.
  root = await mkdtemp(join(tmpdir(), "caduceus-npm-drift-"));
  await mkdir(join(root, "specs", "candid"), { recursive: true });
  await writeFile(join(root, "specs", "candid", "source.json"), JSON.stringify(sourceFor(v1_32)));
  const lock = lockFor(before, "unused", { package: "candidhealth", integrity: v1_32.integrity });
  await writeFile(join(root, "specs", "candid", "operations.lock.json"), JSON.stringify(lock));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("compareDescriptions on candidhealth 1.32.0 → 1.33.0", () => {
  it("lists operations and schemas added, removed and changed", () => {
    const diff = compareDescriptions(before, after);
    expect(diff.operations.added).toHaveLength(7);
    expect(diff.operations.removed).toEqual([]);
    expect(diff.operations.changed.length).toBeGreaterThan(0);
    expect(diff.schemas.added.length).toBeGreaterThan(0);
    expect(diff.schemas.removed).toEqual([]);
    expect(diff.schemas.changed.length).toBeGreaterThan(0);
  });

  it("flags the field that became required as likely breaking", () => {
    const diff = compareDescriptions(before, after);
    expect(diff.breaking).toContain(
      "schema enterpriseConfig.v1.EnterprisePermissions: field write_cross_customer_rules added as required",
    );
    expect(diff.breaking.every((line) => /^(schema|operation) /.test(line))).toBe(true);
  });

  it("finds nothing between a version and itself", () => {
    const diff = compareDescriptions(after, after);
    expect(diff).toEqual({
      operations: { added: [], removed: [], changed: [] },
      schemas: { added: [], removed: [], changed: [] },
      breaking: [],
    });
  });
});

describe("checkDrift for an npm-package source", () => {
  /** The drift report of the temporary root (pinned 1.32.0) when the registry's latest is `latest`. */
  const driftWhenLatestIs = (latest: { version: string; integrity: string }) =>
    checkDrift("candid", { root, sharedDir: realSharedSpecs, fetch: registrySaysLatest(latest) });

  it("reports drift when npm's latest differs from the pin, with the full comparison", async () => {
    const report = await driftWhenLatestIs(v1_33);
    expect(report.status).toBe("drift");
    expect(report.summary).toMatch(
      /^candid: DRIFT: npm candidhealth latest is 1\.33\.0, pinned 1\.32\.0; operations 7 added, 0 removed, \d+ changed; schemas \d+ added, 0 removed, \d+ changed; \d+ likely breaking$/,
    );
    const lines = formatReport(report);
    expect(lines.filter((line) => line.startsWith("  + added    "))).toHaveLength(7);
    expect(lines.some((line) => line.startsWith("  ! breaking schema "))).toBe(true);
  });

  it("says no drift when the pin is npm's latest", async () => {
    const report = await driftWhenLatestIs(v1_32);
    expect(report.status).toBe("no-drift");
    expect(report.summary).toBe(
      `candid: no drift (npm candidhealth@1.32.0 is the latest, ${Object.keys(lockFor(before, "", undefined).operations).length} operations)`,
    );
  });
});
