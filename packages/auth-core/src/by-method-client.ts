import type { ClientRequestMethod, FetchOptions, FetchResponse, Middleware } from "openapi-fetch";

/** The HTTP methods openapi-typescript names in `paths` (lower case). */
export type HttpMethod = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";

/** A media type pattern, as openapi-fetch filters response content by it. */
export type MediaType = `${string}/${string}`;

/**
 * The operations of a description by HTTP method, then by path: the `operationsByMethod` interface the
 * spec pipeline generates next to `paths` (`operationsByMethod["get"]["/pets/{id}"]` is
 * `paths["/pets/{id}"]["get"]`). A method without operations is absent.
 */
export type OperationsByMethod = { [Method in HttpMethod]?: object };

/** The operations of one method, by path (none when the description has none). */
export type MethodOperations<ByMethod, Method extends HttpMethod> = ByMethod extends {
  /** The method's operations, by path. */
  [M in Method]: infer Operations extends object;
}
  ? Operations
  : Record<never, never>;

// Each helper below wraps the generic operation in a one-element tuple before inferring it. A bare
// `Operations[Path]` (or a conditional type distributing over it) has, as its constraint, the union of
// every operation of the method, and the checker computes that constraint while it types the literals of
// a call's `init`: with ~100 operations, that is most of a consumer's type-check time. The tuple makes the
// conditional non-distributive, so nothing is computed before `Path` is inferred from the `url` argument.

/**
 * `true` when the `url` matched no operation of the method: the checker then falls back to all the
 * method's paths (or to none, when the method has no operation). Cheap for a matched path: one path
 * literal is compared with the union of all of them.
 */
export type IsUnmatchedPath<Operations, Path> = [Path] extends [never]
  ? true
  : [keyof Operations] extends [Path]
    ? Path extends unknown
      ? [keyof Operations] extends [Path]
        ? false
        : true
      : never
    : false;

/**
 * The `init` a call of `Path` accepts: openapi-fetch's options for its operation (`params`, `body`,
 * `parseAs`, `headers`, …). While the `url` matches no operation of the method, any init is accepted, so
 * the error the user sees is about the path itself.
 */
export type ByMethodInit<Operations, Path extends keyof Operations> =
  true extends IsUnmatchedPath<Operations, Path>
    ? Record<never, never>
    : [Operations[Path]] extends [infer Operation]
      ? FetchOptions<Operation>
      : never;

/** What a call of `Path` resolves to: openapi-fetch's `{ data }` or `{ error }`, with the `response`. */
export type ByMethodResponse<Operations, Path extends keyof Operations, Init, Media extends MediaType> = [
  Operations[Path],
] extends [infer Operation extends Record<string | number, unknown>]
  ? FetchResponse<Operation, Init, Media>
  : never;

/**
 * The rest parameter of a call: `init` is optional when the init inferred for the call has no required
 * key (the operation requires no parameter and no body), required otherwise. The index signature lets
 * extra fetch options through, as openapi-fetch does.
 */
export type ByMethodInitParam<Init> =
  Record<never, never> extends Init
    ? [init?: Init & { [key: string]: unknown }]
    : [init: Init & { [key: string]: unknown }];

/**
 * One method of a {@link ByMethodClient}, e.g. `GET`: `url` is a path of one of the method's operations,
 * `init` and the answer are typed from that operation only.
 */
export type ByMethodCall<Operations, Media extends MediaType> = <
  Path extends keyof Operations & string,
  Init extends ByMethodInit<Operations, Path>,
>(
  url: Path,
  ...init: ByMethodInitParam<Init>
) => Promise<ByMethodResponse<Operations, Path, Init, Media>>;

/**
 * An openapi-fetch client typed from a description's {@link OperationsByMethod}: the same object and
 * the same calls as openapi-fetch's `Client<Paths>` (`client.GET(path, { params })`, `{ data, error }`,
 * `parseAs`, `use`, `eject`, `request`), but each call finds its operation from the path alone, where
 * `Client<Paths>` first selects the method's paths among all the paths of the description: checking the
 * calls costs a fraction (three calls of Candid's 267 operations: 1,729 types instead of 8,161), and a
 * path of no operation is reported on the path. Not assignable to `Client<Paths>`.
 *
 * @example
 * ```ts
 * import type { operationsByMethod, paths } from "./generated/openapi.js";
 * export type AcmeClient = ByMethodClient<paths, operationsByMethod>;
 * const acme: AcmeClient = createVendorClient<paths, AcmeClientOptions, AcmeEnvironment, operationsByMethod>(acmeVendor, options);
 * const { data, error } = await acme.GET("/things/{id}", { params: { path: { id: "t1" } } });
 * ```
 *
 * @group Vendor definition
 */
export interface ByMethodClient<
  Paths extends {},
  ByMethod extends OperationsByMethod,
  Media extends MediaType = MediaType,
> {
  /** Call any method: `request("get", path, init)` (openapi-fetch's own typing, over `Paths`). */
  request: ClientRequestMethod<Paths, Media>;
  /** Call a GET endpoint. */
  GET: ByMethodCall<MethodOperations<ByMethod, "get">, Media>;
  /** Call a PUT endpoint. */
  PUT: ByMethodCall<MethodOperations<ByMethod, "put">, Media>;
  /** Call a POST endpoint. */
  POST: ByMethodCall<MethodOperations<ByMethod, "post">, Media>;
  /** Call a DELETE endpoint. */
  DELETE: ByMethodCall<MethodOperations<ByMethod, "delete">, Media>;
  /** Call an OPTIONS endpoint. */
  OPTIONS: ByMethodCall<MethodOperations<ByMethod, "options">, Media>;
  /** Call a HEAD endpoint. */
  HEAD: ByMethodCall<MethodOperations<ByMethod, "head">, Media>;
  /** Call a PATCH endpoint. */
  PATCH: ByMethodCall<MethodOperations<ByMethod, "patch">, Media>;
  /** Call a TRACE endpoint. */
  TRACE: ByMethodCall<MethodOperations<ByMethod, "trace">, Media>;
  /** Register middleware. */
  use(...middleware: Middleware[]): void;
  /** Unregister middleware. */
  eject(...middleware: Middleware[]): void;
}
