import { type AuthEvent, MemoryTokenStore } from "@caduceus/auth-core";
import { createFakeClock, type FakeClock } from "@caduceus/auth-core/testing";

/**
 * The setup of a vendor's client tests: a fresh mock of the vendor's kit on a fake clock, served by
 * `server`, and the options every client of the test shares (that clock, a token store of the test's
 * own, an event collector), so no test sees another's tokens.
 *
 * @example
 * ```ts
 * const rig = mockRig(server, (clock) => createCandidMock({ clock }));
 * const client = createCandidClient({ ...rig.mock.credentials, ...rig.clientOptions });
 * ```
 */
export function mockRig<Handler, Mock extends { handlers: Handler[] }>(
  // Typed by shape: the vendor's msw and this kit's may be two installs of the same version.
  server: { use(...handlers: Handler[]): void },
  createMock: (clock: FakeClock) => Mock,
) {
  const clock = createFakeClock();
  const mock = createMock(clock);
  server.use(...mock.handlers);
  const events: AuthEvent[] = [];
  const tokenStore = new MemoryTokenStore({ now: clock.now });
  const clientOptions = { clock, tokenStore, onEvent: (event: AuthEvent) => events.push(event) };
  return { clock, mock, events, tokenStore, clientOptions };
}
