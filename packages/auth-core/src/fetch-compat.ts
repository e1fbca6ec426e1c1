import { AuthConfigError } from "./errors/auth-config-error.js";

/**
 * Refuses an answer from a `fetch` option that is not WHATWG-compatible, such as node-fetch 3, whose
 * `Response.body` is a Node stream without `getReader()`: every body read would fail, and retrying would
 * turn a configuration mistake into three "network" failures. Named as the user's `fetch` option.
 *
 * @throws AuthConfigError naming `fetch`.
 */
export function assertWhatwgResponse(vendor: string, response: unknown): asserts response is Response {
  // The usual answer, a Response of this runtime, is WHATWG by construction: one cheap check per call
  // instead of reading `body` through its getter (docs/benchmarks.md, the client's own work).
  const Native = globalThis.Response;
  if (typeof Native === "function" && response instanceof Native) return;
  const candidate = response as { headers?: { get?: unknown }; body?: { getReader?: unknown } | null } | null;
  const whatwg =
    typeof candidate === "object" &&
    candidate !== null &&
    typeof candidate.headers?.get === "function" &&
    (candidate.body === null ||
      candidate.body === undefined ||
      typeof candidate.body.getReader === "function");
  if (!whatwg) {
    throw new AuthConfigError(
      "fetch",
      `${vendor}: the fetch option returned something that is not a WHATWG Response (its body has no getReader(), as with node-fetch 3). Pass a standard fetch: the global fetch, undici's, or a wrapper that returns their Response.`,
    );
  }
}
