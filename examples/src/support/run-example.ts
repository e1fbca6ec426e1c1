// What every example does around its own calls: serve the package's shipped mock (unless it runs live
// against the real API), print how many token requests the mock answered, name a Caduceus error by
// class and code before failing with it, and stop the mock at the end.
import { isCaduceusError } from "@caduceus/auth-core/errors";
import type { RequestHandler } from "msw";
import { setupServer } from "msw/node";

/** The parts of a vendor's mock (`@caduceus/<vendor>/testing`) an example uses. */
export interface ExampleMock {
  handlers: RequestHandler[];
  controls: { stats: { tokenRequests: number } };
}

/** Runs `calls` against `mock` (or, when `live`, against the real API the client points at). */
export async function runExample(
  mock: ExampleMock,
  live: boolean,
  calls: () => Promise<void>,
): Promise<void> {
  const server = setupServer(...mock.handlers);
  if (!live) server.listen({ onUnhandledRequest: "error" });
  try {
    await calls();
    if (!live) console.log(`token requests: ${mock.controls.stats.tokenRequests}`);
  } catch (failure) {
    if (isCaduceusError(failure)) console.error(`${failure.name} ${failure.code}: ${failure.message}`);
    throw failure;
  } finally {
    server.close();
  }
}

/**
 * The client's credentials: read from the environment when every variable `variables` names (option →
 * variable) is set, and the example then runs `live` against the real API; else the mock's `fallback`.
 */
export function liveOrMock<Option extends string, Fallback>(
  variables: Record<Option, string>,
  fallback: Fallback,
): { live: true; credentials: Record<Option, string> } | { live: false; credentials: Fallback } {
  const read = Object.entries<string>(variables).map(([option, name]) => [option, process.env[name]]);
  if (read.some(([, value]) => !value)) return { live: false, credentials: fallback };
  return { live: true, credentials: Object.fromEntries(read) as Record<Option, string> };
}
