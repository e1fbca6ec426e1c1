import { afterAll, beforeAll, expect, it } from "vitest";
import { type CellResult, runCell } from "./cell.js";
import { FAULTS } from "./faults.js";
import { Loopback } from "./loopback.js";
import { saveResults } from "./report.js";
import type { VendorId } from "./vendors.js";

/**
 * One vendor's column of the fault matrix: a test per fault, each on the same pair of loopback
 * servers (127.0.0.1, and 127.0.0.2 as "another host"), results saved for the printed table.
 */
export function matrixSuite(vendor: VendorId): void {
  let server: Loopback;
  let other: Loopback;
  const results: CellResult[] = [];
  beforeAll(async () => {
    server = await Loopback.start("127.0.0.1");
    other = await Loopback.start("127.0.0.2");
  });
  afterAll(async () => {
    await server.close();
    await other.close();
    saveResults(`matrix-${vendor}`, results);
  });
  for (const fault of FAULTS) {
    it(`${fault.group}: ${fault.title}`, async () => {
      const result = await runCell(vendor, fault, server, other);
      results.push(result);
      expect(result.problems, result.summary).toEqual([]);
    });
  }
}
