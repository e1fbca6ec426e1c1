/**
 * Runs the mock vendor in its own process, so its CPU time is not charged to the clients under test.
 * Prints `{"origin": "http://127.0.0.1:<port>"}` on one line, then serves until SIGTERM or stdin closes.
 */
import { startMockVendor } from "./mock-vendor.js";

const vendor = await startMockVendor();
process.stdout.write(`${JSON.stringify({ origin: vendor.origin })}\n`);
const stop = () => {
  vendor.close().finally(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.stdin.on("end", stop);
process.stdin.resume();
