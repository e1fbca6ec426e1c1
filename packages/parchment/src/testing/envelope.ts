import type { Clock } from "@caduceus/auth-core";
import type { components } from "../generated/openapi.js";

type ErrorResponse = components["schemas"]["ExternalApiErrorResponse"];
type Validation = NonNullable<ErrorResponse["error"]["validation"]>;

/** The problem types the mock answers with (URIs under `https://parchment.health/errors/`, as documented). */
export type ParchmentProblemType =
  | "authentication-required"
  | "insufficient-scope"
  | "forbidden"
  | "invalid-request"
  | "validation-error"
  | "not-found"
  | "partner-patient-id-conflict"
  | "rate-limit"
  | "internal-error";

/** Stamps envelopes with the mock clock's time and Parchment-style request ids (`req_<ms>_<serial>`). */
export function createStamp(clock: Clock) {
  let serial = 0;
  return () => {
    serial += 1;
    const now = clock.now();
    return {
      timestamp: new Date(now).toISOString(),
      requestId: `req_${now}_${serial.toString(36).padStart(6, "0")}`,
    };
  };
}

/** A stamp: envelope time and request id. */
export type Stamp = ReturnType<ReturnType<typeof createStamp>>;

/**
 * Builds Parchment's error envelope (a nested RFC 7807-style object). `statusCode` is the body's own
 * status, which Parchment does not always keep equal to the HTTP status (the token endpoint's 400
 * example carries 422). Use it to queue realistic faults:
 *
 * @example
 * ```ts
 * mock.controls.failTokenRequests(1, { status: 429, body: parchmentError(429, "rate-limit", "Too many requests", "Slow down") });
 * ```
 */
export function parchmentError(
  statusCode: number,
  type: ParchmentProblemType,
  title: string,
  detail: string,
  extra: { validation?: Validation; stamp?: Stamp } = {},
): ErrorResponse {
  const stamp = extra.stamp ?? {
    timestamp: "2026-01-01T00:00:00.000Z",
    requestId: "req_1767225600000_000000",
  };
  return {
    success: false,
    statusCode,
    error: {
      type: `https://parchment.health/errors/${type}`,
      title,
      detail,
      ...(extra.validation ? { validation: extra.validation } : {}),
    },
    ...stamp,
    meta: { apiVersion: "1.0" },
  };
}

/** A JSON response carrying {@link parchmentError}'s envelope with HTTP status `status`. */
export function errorResponse(status: number, body: ErrorResponse): Response {
  return Response.json(body, { status });
}
