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
export { type ArzamedClient, type ArzamedClientOptions, createArzamedClient } from "./client.js";
export type { components, operations, paths } from "./generated/openapi.js";
export {
  ARZAMED_READ_SCOPE,
  type ArzamedEnvironment,
  arzamedEnvironments,
  arzamedPreset,
} from "./preset.js";

import type { components } from "./generated/openapi.js";

/** An active practitioner of the clinic: display `name` and `profileImage` (a public URL, or `null`). */
export type Doctor = components["schemas"]["Doctor"];
