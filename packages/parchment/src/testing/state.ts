import type { Clock } from "@caduceus/auth-core";
import type { TokenIssuer } from "@caduceus/auth-core/testing";
import type { components } from "../generated/openapi.js";
import type { ParchmentScope } from "../preset.js";
import { createStamp, errorResponse, parchmentError } from "./envelope.js";
import {
  exampleCustomDrug,
  exampleIds,
  examplePatient,
  examplePrescriptions,
  exampleUsers,
  type ParchmentMockCredentials,
} from "./fixtures.js";

type Schemas = components["schemas"];

/** What one issued token stands for. */
export interface MockGrant {
  organizationId: string;
  userId: string;
  scope: ParchmentScope[];
}

/** The mock's whole state; handlers read and change it. */
export interface MockState {
  clock: Clock;
  issuer: TokenIssuer;
  expected: ParchmentMockCredentials;
  userIds: Set<string>;
  allowedScopes: ReadonlySet<ParchmentScope>;
  /** What each live token stands for (see {@link recordGrant}). */
  grants: Map<string, MockGrant>;
  /** The size of `grants` at which {@link recordGrant} next forgets the grants of dead tokens. */
  sweepGrantsAt: number;
  stamp: ReturnType<typeof createStamp>;
  patients: Map<string, Schemas["Patient"]>;
  prescriptions: Map<string, Schemas["Prescription"][]>;
  users: Map<string, Schemas["UserDetails"]>;
  /** Custom drugs by id, with the owning user (`null`: organisation-wide). */
  drugs: Map<string, { owner: string | null; drug: Schemas["ExternalCustomDrug"] }>;
  serial: number;
}

export function createState(
  init: Pick<MockState, "clock" | "issuer" | "expected" | "allowedScopes"> & {
    userIds: readonly string[];
  },
): MockState {
  const users = new Map(exampleUsers(init.expected.userId).map((user) => [user.user_id, user]));
  return {
    ...init,
    userIds: new Set([...init.userIds, ...users.keys()]),
    grants: new Map(),
    sweepGrantsAt: 1024,
    stamp: createStamp(init.clock),
    patients: new Map([[exampleIds.patientId, { ...examplePatient }]]),
    prescriptions: new Map([[exampleIds.patientId, examplePrescriptions(init.expected.userId)]]),
    users,
    drugs: new Map([[exampleIds.drugId, { owner: init.expected.userId, drug: { ...exampleCustomDrug } }]]),
    serial: 0,
  };
}

/**
 * Records what `token` stands for. Whenever the map has doubled since last time, forgets the grants of
 * tokens the issuer no longer accepts (expired or revoked: the guard refuses them before any handler
 * reads a grant), so a long-running mock's memory stays flat, as the issuer's `forgetExpired` keeps it.
 */
export function recordGrant(state: MockState, token: string, grant: MockGrant): void {
  state.grants.set(token, grant);
  if (state.grants.size < state.sweepGrantsAt) return;
  for (const known of state.grants.keys())
    if (!state.issuer.check(`Bearer ${known}`).ok) state.grants.delete(known);
  state.sweepGrantsAt = Math.max(1024, state.grants.size * 2);
}

/**
 * Checks what Parchment checks once the guard (`parchmentGuardRules`) let the request through: that
 * the token belongs to the path's organisation (403) and carries the operation's scope (403
 * insufficient-scope). Returns the grant, or the error response to send.
 */
export function authorize(
  state: MockState,
  request: Request,
  organizationId: string,
  scope: ParchmentScope | undefined,
): MockGrant | Response {
  const stamp = state.stamp();
  const token = request.headers.get("authorization")!.slice("Bearer ".length);
  const grant = state.grants.get(token)!;
  if (organizationId !== grant.organizationId) {
    return errorResponse(
      403,
      parchmentError(403, "forbidden", "Forbidden", "The token does not belong to this organization", {
        stamp,
      }),
    );
  }
  if (scope && !grant.scope.includes(scope)) {
    return errorResponse(
      403,
      parchmentError(
        403,
        "insufficient-scope",
        "Insufficient permissions",
        `This operation requires the '${scope}' scope`,
        { stamp },
      ),
    );
  }
  return grant;
}

/** A success envelope around `data`. */
export function ok<T>(state: MockState, statusCode: number, message: string, data: T) {
  return { success: true as const, statusCode, message, data, ...state.stamp() };
}

/** A 404/422/409 error response in Parchment's envelope. */
export function fail(
  state: MockState,
  status: number,
  type: Parameters<typeof parchmentError>[1],
  title: string,
  detail: string,
  validation?: Array<{ field: string; message: string; code: string }>,
): Response {
  return errorResponse(
    status,
    parchmentError(status, type, title, detail, {
      stamp: state.stamp(),
      ...(validation ? { validation } : {}),
    }),
  );
}

/** A new id with a prefix, e.g. `pat_mock_000001`. */
export function nextId(state: MockState, prefix: string): string {
  state.serial += 1;
  return `${prefix}_mock_${state.serial.toString().padStart(6, "0")}`;
}
