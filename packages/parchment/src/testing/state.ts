import type { Clock } from "@caduceus/auth-core";
import type { MockControls, TokenIssuer } from "@caduceus/auth-core/testing";
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

/** One token request as the mock received it: every header (lower-case) and the parsed body. */
export interface ParchmentTokenRequestRecord {
  /** Every header, lower-case: the five `x-*` credential headers and `content-type` among them. */
  headers: Record<string, string>;
  /**
   * The body parsed as JSON (`{ grantType, scope }` from a well-behaved client), or the raw text when it
   * is not JSON.
   */
  body: unknown;
}

/** One API request the mock received, with the identity of the token it carried (when valid). */
export interface ParchmentApiRequestRecord {
  /** HTTP method, upper-case as received. */
  method: string;
  /** Path below the base URL, e.g. `/v1/organizations/…/validate`. */
  path: string;
  /** Every request header, lower-case. */
  headers: Record<string, string>;
  /** The `x-organization-secret` header value, or `null` when absent. */
  organizationSecret: string | null;
  /** The user the token was issued to, when the token was valid. */
  userId?: string;
  /** The scopes the token was granted, when the token was valid. */
  scope?: string[];
}

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
  controls: MockControls;
  expected: ParchmentMockCredentials;
  userIds: Set<string>;
  allowedScopes: ReadonlySet<ParchmentScope>;
  grants: Map<string, MockGrant>;
  tokenRequests: ParchmentTokenRequestRecord[];
  apiRequests: ParchmentApiRequestRecord[];
  stamp: ReturnType<typeof createStamp>;
  patients: Map<string, Schemas["Patient"]>;
  prescriptions: Map<string, Schemas["Prescription"][]>;
  users: Map<string, Schemas["UserDetails"]>;
  /** Custom drugs by id, with the owning user (`null`: organisation-wide). */
  drugs: Map<string, { owner: string | null; drug: Schemas["ExternalCustomDrug"] }>;
  serial: number;
}

export function createState(
  init: Pick<MockState, "clock" | "issuer" | "controls" | "expected" | "allowedScopes"> & {
    userIds: readonly string[];
  },
): MockState {
  const users = new Map(exampleUsers(init.expected.userId).map((user) => [user.user_id, user]));
  return {
    ...init,
    userIds: new Set([...init.userIds, ...users.keys()]),
    grants: new Map(),
    tokenRequests: [],
    apiRequests: [],
    stamp: createStamp(init.clock),
    patients: new Map([[exampleIds.patientId, { ...examplePatient }]]),
    prescriptions: new Map([[exampleIds.patientId, examplePrescriptions(init.expected.userId)]]),
    users,
    drugs: new Map([[exampleIds.drugId, { owner: init.expected.userId, drug: { ...exampleCustomDrug } }]]),
    serial: 0,
  };
}

/**
 * Checks an API request the way Parchment does: the `x-organization-secret` header first (401
 * "Missing x-organization-secret"), then the bearer token (401 when missing, unknown or expired),
 * then that the token belongs to the path's organisation (403) and carries the operation's scope
 * (403 insufficient-scope). Returns the grant, or the error response to send.
 */
export function authorize(
  state: MockState,
  request: Request,
  organizationId: string,
  scope: ParchmentScope | undefined,
): MockGrant | Response {
  state.controls.stats.apiRequests++;
  const url = new URL(request.url);
  const record: ParchmentApiRequestRecord = {
    method: request.method,
    path: url.pathname.replace(/^.*?(\/v1\/)/, "$1"),
    headers: Object.fromEntries(request.headers),
    organizationSecret: request.headers.get("x-organization-secret"),
  };
  state.apiRequests.push(record);
  const stamp = state.stamp();
  const unauthorized = (detail: string) => {
    state.controls.stats.unauthorized++;
    return errorResponse(
      401,
      parchmentError(401, "authentication-required", "Unauthorized", detail, { stamp }),
    );
  };
  if (record.organizationSecret === null) return unauthorized("Missing x-organization-secret");
  const check = state.issuer.check(request.headers.get("authorization"));
  if (!check.ok) {
    return unauthorized(
      check.reason === "missing"
        ? "Valid authentication token is required"
        : check.reason === "expired"
          ? "Token has expired"
          : "invalid token",
    );
  }
  const token = request.headers.get("authorization")!.slice("Bearer ".length);
  const grant = state.grants.get(token)!;
  record.userId = grant.userId;
  record.scope = [...grant.scope];
  if (record.organizationSecret !== state.expected.organizationSecret)
    return unauthorized("Invalid x-organization-secret");
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
