import type { FetchResponse } from "openapi-fetch";
import type { paths } from "./generated/openapi.js";

type Method = "get" | "put" | "post" | "delete" | "patch";
type Operation<Path extends keyof paths, M extends Method> = paths[Path] extends { [K in M]: infer Op }
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
export type CandidErrorOf<Path extends keyof paths, M extends Method> = Exclude<
  FetchResponse<Operation<Path, M>, Record<never, never>, `${string}/${string}`>["error"],
  undefined
>;

/** The `errorName`s one operation may answer (`"EntityNotFoundError" | "HttpRequestValidationsError" | …`). */
export type CandidErrorName<Path extends keyof paths, M extends Method> =
  CandidErrorOf<Path, M> extends { errorName: infer Name } ? Name : never;
