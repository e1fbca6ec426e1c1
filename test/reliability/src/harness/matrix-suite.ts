import { afterAll, beforeAll, expect, it } from "vitest";
import { type CellResult, runCell } from "./cell.js";
import { FAULTS } from "./faults.js";
import { Loopback } from "./loopback.js";
import { saveResults } from "./report.js";
import type { MatrixVendorId } from "./vendors.js";

/** The pair of loopback servers a suite's cells run on, started before its tests and closed after. */
export function loopbackPair(): { server: Loopback; other: Loopback } {
  const pair = {} as { server: Loopback; other: Loopback };
  beforeAll(async () => {
    pair.server = await Loopback.start("127.0.0.1");
    pair.other = await Loopback.start("127.0.0.2");
  });
  afterAll(async () => {
    await pair.server.close();
    await pair.other.close();
  });
  return pair;
}

/**
 * One vendor's column of the fault matrix: a test per fault, each on the same pair of loopback
 * servers (127.0.0.1, and 127.0.0.2 as "another host"), results saved for the printed table.
 */
export function matrixSuite(vendor: MatrixVendorId): void {
  const servers = loopbackPair();
  const results: CellResult[] = [];
  afterAll(() => saveResults(`matrix-${vendor}`, results));
  for (const fault of FAULTS) {
    it(`${fault.group}: ${fault.title}`, async () => {
      const result = await runCell(vendor, fault, servers.server, servers.other);
      results.push(result);
      expect(result.problems, result.summary).toEqual([]);
    });
  }
}
