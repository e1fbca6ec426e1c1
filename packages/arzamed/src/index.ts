/**
 * Typed client for the Arzamed API (clinic practitioners), from the project's own OpenAPI description
 * of Arzamed's documented endpoints, with per-clinic OAuth client credentials handled by
 * `@caduceus/auth-core`.
 *
 * @example
 * ```ts
 * import { createArzamedClient } from "@caduceus/arzamed";
 * const arzamed = createArzamedClient({ clientId, clientSecret, tokenUrl });
 * const { data: doctors } = await arzamed.GET("/equipe/doctors");
 * ```
 */
export * from "@caduceus/auth-core/vendor-exports";
// The client and preset modules are public whole: each name they export is one of the package's.
export * from "./client.js";
export type { components, operations, paths } from "./generated/openapi.js";
export * from "./preset.js";

import type { components } from "./generated/openapi.js";

/** An active practitioner of the clinic: display `name` and `profileImage` (a public URL, or `null`). */
export type Doctor = components["schemas"]["Doctor"];
