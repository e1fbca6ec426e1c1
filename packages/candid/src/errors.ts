import type { FetchResponse } from "openapi-fetch";
import type { paths } from "./generated/openapi.js";

/** The HTTP methods of Candid's operations, as openapi-typescript names them. */
export type CandidMethod = "get" | "put" | "post" | "delete" | "patch";

/** The operation `M path` of the description (`never` when the path has no such method). */
export type CandidOperation<Path extends keyof paths, M extends CandidMethod> = paths[Path] extends {
  [K in M]: infer Op;
}
  ? Op extends Record<string | number, unknown>
    ? Op
    : never
  : never;

/**
 * The error body of one operation: a union of Candid's `{errorName, content}` bodies the operation
 * declares, discriminated by `errorName`, so checking the name narrows `content`. It is the type of
 * `error` in `const { error } = await candid.POST(path, …)`.
 *
 * @example
 * ```ts
 * function explain(error: CandidErrorOf<"/api/encounters/v4", "post">) {
 *   if (error.errorName === "EncounterExternalIdUniquenessError") return error.content.external_id;
 * }
 * ```
 */
export type CandidErrorOf<Path extends keyof paths, M extends CandidMethod> = Exclude<
  FetchResponse<CandidOperation<Path, M>, Record<never, never>, `${string}/${string}`>["error"],
  undefined
>;

/** The `errorName`s one operation may answer (`"EntityNotFoundError" | "HttpRequestValidationsError" | …`). */
export type CandidErrorName<Path extends keyof paths, M extends CandidMethod> = Extract<
  CandidErrorOf<Path, M>,
  {
    /** The error's name. */
    errorName: string;
  }
>["errorName"];
