import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * The heap in use after two full garbage collections: what the long-running tests compare to see
 * whether memory stays flat. Turns on `--expose-gc` for this process to reach `gc`.
 */
export function heapAfterGc(): number {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
