import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";

/**
 * An msw server for one test file: listens before its tests (an unhandled request is an error),
 * forgets the handlers a test added after each test, closes at the end.
 *
 * @example
 * ```ts
 * const server = useMsw();
 * server.use(...createCandidMock().handlers);
 * ```
 */
export function useMsw() {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}

/**
 * An msw server for one test, already listening with `handlers` (an unhandled request is an error);
 * the test closes it, in a `finally`.
 *
 * @example
 * ```ts
 * const server = startMsw(...createXcuresMock().handlers);
 * try { ... } finally { server.close(); }
 * ```
 */
export function startMsw(...handlers: Parameters<typeof setupServer>) {
  const server = setupServer(...handlers);
  server.listen({ onUnhandledRequest: "error" });
  return server;
}

/**
 * Serves `handlers` with an msw server (an unhandled request is an error) while `body` runs, and
 * closes it after, whether `body` fulfils or rejects; resolves with what `body` resolves with.
 *
 * @example
 * ```ts
 * const doctors = await withMsw(createArzamedMock().handlers, () => client.GET("/equipe/doctors"));
 * ```
 */
export async function withMsw<T>(
  handlers: Parameters<typeof setupServer>,
  body: () => Promise<T>,
): Promise<T> {
  const server = startMsw(...handlers);
  try {
    return await body();
  } finally {
    server.close();
  }
}

/**
 * What `promise` rejects with; fails the test when it fulfils instead.
 *
 * @example
 * ```ts
 * const error = await rejection(client.GET("/things"));
 * ```
 */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}
