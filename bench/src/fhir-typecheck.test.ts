import { describe, expect, it } from "vitest";
import {
  type FhirTypecheckComparison,
  fhirTypecheckSection,
  fhirTypecheckTargets,
} from "./fhir-typecheck.js";

const sample = (ms: number[]) => ({ ms, types: 10, instantiations: 20 });

describe("FHIR type-check report", () => {
  it("meets the CareCentric target at a 1.5× paired median and misses it above", () => {
    const at: FhirTypecheckComparison = {
      vendor: "carecentric",
      baselineLabel: "hand-written",
      current: sample([150, 300, 450]),
      baseline: sample([100, 200, 300]),
    };
    expect(fhirTypecheckTargets([at])).toEqual([
      expect.objectContaining({ target: "≤ 1.5× the hand-written description", met: true }),
    ]);
    const over = { ...at, current: sample([160, 320, 480]) };
    expect(fhirTypecheckTargets([over])[0]).toMatchObject({
      met: false,
      measured: expect.stringMatching(/^1\.6/),
    });
  });

  it("reports a skipped comparison as not met, with its reason, in the row and the table", () => {
    const skipped: FhirTypecheckComparison = {
      vendor: "carecentric",
      baselineLabel: "hand-written",
      skipped: "no git history with the baseline description",
    };
    expect(fhirTypecheckTargets([skipped])[0]).toMatchObject({
      met: false,
      measured: "skipped: no git history with the baseline description",
    });
    expect(fhirTypecheckSection([skipped], 1).join("\n")).toContain("no git history");
  });
});
