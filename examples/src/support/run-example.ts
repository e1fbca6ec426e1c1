// What every example does around its own calls: take the credentials from the environment (running
// live against the real API) or else from the package's shipped mock (serving it), print how many
// token requests the mock answered, name a Caduceus error by class and code before failing with it,
// and stop the mock at the end.
import { isCaduceusError } from "@caduceus/auth-core/errors";
import type { RequestHandler } from "msw";
import { setupServer } from "msw/node";

/** The parts of a vendor's mock (`@caduceus/<vendor>/testing`) an example uses. */
export interface ExampleMock<Credentials> {
  handlers: RequestHandler[];
  controls: { stats: { tokenRequests: number } };
  /** The client options the mock accepts. */
  credentials: Credentials;
}

/** The credentials an example gets: the mock's, or (with variables to read) the environment's. */
type ExampleCredentials<Option extends string, Credentials> = [Option] extends [never]
  ? Credentials
  : Record<Option, string> | Credentials;

/** The environment variable of an option: `ARZAMED` and `tokenUrl` → `ARZAMED_TOKEN_URL`. */
export const variableOf = (prefix: string, option: string) =>
  `${prefix}_${option.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase()}`;

/**
 * Runs `calls` with the client's credentials: read from the environment when the variable of every
 * option in `options` is set ({@link variableOf}: `ARZAMED_CLIENT_ID` for `clientId`), and `calls` then
 * runs live against the real API; else the mock's credentials, with the mock served. No `options`:
 * always the mock.
 */
export async function runExample<Option extends string, Credentials>(
  mock: ExampleMock<Credentials>,
  prefix: string,
  options: readonly Option[],
  calls: (credentials: ExampleCredentials<Option, Credentials>) => Promise<void>,
): Promise<void> {
  const read = options.map((option) => [option, process.env[variableOf(prefix, option)]]);
  const live = read.length > 0 && read.every(([, value]) => value);
  const server = setupServer(...mock.handlers);
  if (!live) server.listen({ onUnhandledRequest: "error" });
  try {
    const credentials = live ? Object.fromEntries(read) : mock.credentials;
    await calls(credentials as ExampleCredentials<Option, Credentials>);
    if (!live) console.log(`token requests: ${mock.controls.stats.tokenRequests}`);
  } catch (failure) {
    if (isCaduceusError(failure)) console.error(`${failure.name} ${failure.code}: ${failure.message}`);
    throw failure;
  } finally {
    server.close();
  }
}

/** The `data` of an openapi-fetch result, or an error saying that `what` failed, with the error body. */
export function dataOf<T>(result: { data?: T; error?: unknown }, what: string): T {
  if (result.data === undefined) throw new Error(`${what} failed: ${JSON.stringify(result.error)}`);
  return result.data;
}
