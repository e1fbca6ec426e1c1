import type { CommonClientOptions } from "@caduceus/auth-core";
import { createVendorClient, defineVendor } from "@caduceus/auth-core/vendor";
import type { Client } from "openapi-fetch";
import type { paths } from "./generated/openapi.js";
import { type XcuresEnvironment, xcuresEnvironments, xcuresPreset } from "./preset.js";

/** Options of {@link createXcuresClient}: the xCures API key, the project, and auth-core's common options. */
export interface XcuresClientOptions extends CommonClientOptions {
  /** The API key's client id (a uuid), from the xCures portal. Required. */
  clientId: string;
  /** The API key's client secret. Required; never logged, never in an error. */
  clientSecret: string;
  /**
   * The project (uuid) calls act on, sent as the `ProjectId` header on every API call (never on the
   * token request). Required. A call may override it with `headers: { ProjectId: "…" }`. List the
   * projects the key can reach with `GET /api/v1/patient-registry/project`.
   */
  projectId: string;
}

/** An openapi-fetch client typed by the xCures description: `client.GET(path, init)` and friends. */
export type XcuresClient = Client<paths>;

/**
 * Added to a 401 that survives the replay: xCures answers 401, not 403, for a wrong ProjectId
 * (docs/vendors/xcures.md, "Headers").
 */
const UNAUTHORIZED_HINT =
  "xCures answered 401 again with a fresh token, so the token is not the problem: xCures also answers 401 " +
  "(Invalid API key or ProjectId) when the ProjectId header names a project this API key cannot reach. " +
  "Check the projectId option (or the call's ProjectId header) against GET /api/v1/patient-registry/project.";

const xcures = defineVendor<XcuresClientOptions, XcuresEnvironment>({
  preset: xcuresPreset,
  environments: xcuresEnvironments,
  options: ["clientId", "clientSecret", "projectId"],
  required: ["clientId", "clientSecret", "projectId"],
  // The token is not bound to a project (ProjectId is chosen per call), so the project stays out of
  // the credentials and the cache key: clients of one API key share one token across projects.
  credentials: (options) => ({
    grant: "client_credentials",
    clientId: options.clientId,
    clientSecret: options.clientSecret,
  }),
  apiHeaders: (options) => ({ ProjectId: options.projectId }),
  unauthorizedHint: UNAUTHORIZED_HINT,
});

/**
 * Creates a typed xCures client. It gets a token with the client-credentials exchange, caches it until
 * its JWT `exp` (xCures reports no expiry otherwise), shares it with every client of the same API key in
 * the process, sends `ProjectId` on every API call, and replays a call once after a 401.
 *
 * @throws AuthConfigError naming the option at fault: `clientId`, `clientSecret` or `projectId` missing
 *   or empty, an unknown option, an unsafe `baseUrl`/`tokenUrl`.
 * @example
 * ```ts
 * const xcures = createXcuresClient({ clientId, clientSecret, projectId });
 * const { data, error } = await xcures.GET("/api/v1/patient-registry/subject", {
 *   params: { query: { lastName: "Mann", pageSize: 10 } },
 * });
 * ```
 */
export function createXcuresClient(options: XcuresClientOptions): XcuresClient {
  return createVendorClient<paths, XcuresClientOptions, XcuresEnvironment>(xcures, options);
}
