import type { Client, FetchResponse, MaybeOptionalInit } from "openapi-fetch";
import type { ByMethodClient } from "../by-method-client.js";
import { PageRequestError } from "../errors/page-request-error.js";

/**
 * How an API pages its listings with an opaque token, as data: the query parameter that asks for a page,
 * the response field that names the next one, the response field that holds the page's items. Candid:
 * `{ tokenParam: "page_token", nextTokenField: "next_page_token", itemsField: "items" }`.
 */
export interface TokenPagination {
  /** Query parameter carrying the token of the page asked for, e.g. `"page_token"`. */
  readonly tokenParam: string;
  /** Response field with the next page's token; missing, `null` or `""` on the last page. */
  readonly nextTokenField: string;
  /**
   * Response field with the page's items (an array), or several names when listings differ (Candid's
   * fee schedules answer `rates`): the first one the page has is used.
   */
  readonly itemsField: string | readonly string[];
}

/** An operation of openapi-typescript's `paths` (its parameters, request body, responses). */
export type AnyOperation = Record<string | number, unknown>;

/** The GET operation of a path item of openapi-typescript's `paths` (`never` without one). */
export type GetOperationOf<PathItem> = PathItem extends {
  /** The path item's GET. */
  get: infer Operation extends AnyOperation;
}
  ? Operation
  : never;

/** The query parameters of an operation (`never` without any). */
export type QueryOf<Operation> = Operation extends {
  /** The operation's parameters by location. */
  parameters: {
    /** Its query parameters. */
    query?: infer Query;
  };
}
  ? NonNullable<Query>
  : never;

/** What openapi-fetch resolves a call of `Operation` to: `{data}` or `{error}`, and the response. */
export type AnswerOf<Operation extends AnyOperation> = FetchResponse<
  Operation,
  Record<never, never>,
  `${string}/${string}`
>;

/** The 2xx body of `GET path`: one page. */
export type PageOf<Paths, Path extends keyof Paths> = NonNullable<
  AnswerOf<GetOperationOf<Paths[Path]>>["data"]
>;

/** The error body of `GET path`, a union of the operation's declared error responses. */
export type PageErrorOf<Paths, Path extends keyof Paths> = Exclude<
  AnswerOf<GetOperationOf<Paths[Path]>>["error"],
  undefined
>;

/** The first of `Fields` (one name or a list) that `Page` has; `never` when it has none. */
export type ItemsKeyOf<Page, Fields> = Fields extends readonly [infer First, ...infer Rest]
  ? First extends keyof Page
    ? First
    : ItemsKeyOf<Page, Rest>
  : Fields extends keyof Page
    ? Fields
    : never;

/** One item of a page of `GET path`: an element of the page's items field. */
export type PageItemOf<Paths, Path extends keyof Paths, Config extends TokenPagination> = PageOf<
  Paths,
  Path
>[ItemsKeyOf<PageOf<Paths, Path>, Config["itemsField"]>] extends ReadonlyArray<infer Item> | null | undefined
  ? Item
  : never;

/**
 * The paths of `Paths` whose GET pages by token as `Config` says: it takes the token parameter, and its
 * page has the next-token field and the items field. Other paths are refused at compile time.
 */
export type PaginatedPath<Paths, Config extends TokenPagination> = {
  [Path in keyof Paths]: Config["tokenParam"] extends keyof QueryOf<GetOperationOf<Paths[Path]>>
    ? Config["nextTokenField"] extends keyof PageOf<Paths, Path>
      ? [ItemsKeyOf<PageOf<Paths, Path>, Config["itemsField"]>] extends [never]
        ? never
        : Path
      : never
    : never;
}[keyof Paths] &
  string;

/** Options of a listing besides the operation's own `params`: a limit on how many pages are fetched. */
export interface PaginationLimits {
  /** Stop after this many pages (a guard against a runaway listing). Default: no limit. */
  maxPages?: number;
}

/**
 * A listing being paginated: iterate it for the items of every page (`for await (const x of listing)`),
 * or `pages()` for the pages themselves. Each iteration starts over from the first page. A failed page
 * throws a {@link PageRequestError}; `isError` narrows it to the operation's typed error body.
 */
export interface TokenPaginated<Item, Page, ErrorBody> extends AsyncIterable<Item> {
  /** The pages, in order, as the API answered them (items and tokens included). */
  pages(): AsyncIterableIterator<Page>;
  /** Narrows a caught error to this listing's {@link PageRequestError}, its `error` typed. */
  isError(value: unknown): value is PageRequestError<ErrorBody>;
}

/**
 * Paginates `GET path` of an openapi-fetch client (typed as openapi-fetch's `Client<Paths>` or as a
 * {@link ByMethodClient}): page after page until the next token is missing or empty. `init` is the
 * operation's usual init (`params.query`, headers, signal); a token already in the query starts there.
 */
export interface TokenPaginator<Config extends TokenPagination> {
  /** Paginates `GET path` of a {@link ByMethodClient}. */
  <Paths extends {}, Path extends PaginatedPath<Paths, Config>>(
    // biome-ignore lint/suspicious/noExplicitAny: any description's operations; only Paths is read
    client: ByMethodClient<Paths, any, `${string}/${string}`>,
    path: Path,
    ...init: PaginatorInit<Paths, Path>
  ): TokenPaginated<PageItemOf<Paths, Path, Config>, PageOf<Paths, Path>, PageErrorOf<Paths, Path>>;
  /** Paginates `GET path` of openapi-fetch's `Client<Paths>`. */
  <Paths extends {}, Path extends PaginatedPath<Paths, Config>>(
    client: Client<Paths, `${string}/${string}`>,
    path: Path,
    ...init: PaginatorInit<Paths, Path>
  ): TokenPaginated<PageItemOf<Paths, Path, Config>, PageOf<Paths, Path>, PageErrorOf<Paths, Path>>;
}

/** The init openapi-fetch takes for `GET path`. */
export type GetInit<Paths, Path extends keyof Paths> = MaybeOptionalInit<
  {
    /** The GET of `path`. */
    get: GetOperationOf<Paths[Path]>;
  },
  "get"
>;

/** A paginator's `init`: the GET's own init plus {@link PaginationLimits}; optional when the GET's is. */
export type PaginatorInit<Paths, Path extends keyof Paths> =
  undefined extends GetInit<Paths, Path>
    ? [init?: GetInit<Paths, Path> & PaginationLimits]
    : [init: GetInit<Paths, Path> & PaginationLimits];

/**
 * Builds a typed paginator for every listing of an API that pages with an opaque token, from the API's
 * {@link TokenPagination} data. The paginator accepts only paths whose GET takes the token parameter and
 * answers the next-token and items fields; items, pages and error bodies are typed from the description.
 *
 * @param config The API's pagination fields. Checked here: each must be a non-empty string.
 * @throws TypeError naming the field of `config` that is not a non-empty string.
 * @example
 * ```ts
 * const paginate = createTokenPaginator({ tokenParam: "page_token", nextTokenField: "next_page_token", itemsField: "items" });
 * for await (const encounter of paginate(candid, "/api/encounters/v4", { params: { query: { limit: 100 } } })) {
 *   console.log(encounter.encounter_id);
 * }
 * ```
 */
export function createTokenPaginator<const Config extends TokenPagination>(
  config: Config,
): TokenPaginator<Config> {
  for (const field of ["tokenParam", "nextTokenField"] as const) {
    if (typeof config?.[field] !== "string" || config[field] === "")
      throw new TypeError(`createTokenPaginator: config.${field} must be a non-empty string.`);
  }
  const itemsFields: readonly unknown[] = Array.isArray(config.itemsField)
    ? config.itemsField
    : [config.itemsField];
  if (itemsFields.length === 0 || itemsFields.some((name) => typeof name !== "string" || name === "")) {
    throw new TypeError(
      "createTokenPaginator: config.itemsField must be a non-empty string or list of them.",
    );
  }
  const { tokenParam, nextTokenField } = config;
  const itemsField = itemsFields.join(" or ");
  /** The page's items: its first items field that holds an array. */
  const itemsOf = (page: Record<string, unknown>) =>
    itemsFields.map((name) => page[name as string]).find((value) => Array.isArray(value)) as
      | unknown[]
      | undefined;
  return ((client: { GET: GetCall }, path: string, init?: ListingInit) => {
    const { maxPages = Number.POSITIVE_INFINITY, ...request } = init ?? {};
    // isError answers for this listing only: another listing's error body has another type.
    const thrown = new WeakSet<PageRequestError>();
    const fail = (error: PageRequestError) => {
      thrown.add(error);
      return error;
    };
    async function* pages(): AsyncIterableIterator<Record<string, unknown>> {
      let token = request.params?.query?.[tokenParam];
      for (let pageIndex = 0; pageIndex < maxPages; pageIndex++) {
        const query = { ...request.params?.query, ...(isToken(token) ? { [tokenParam]: token } : {}) };
        const { data, error, response } = await client.GET(path, {
          ...request,
          params: { ...request.params, query },
        });
        const where = `GET ${path}, page ${pageIndex}`;
        if (!response.ok) {
          throw fail(
            new PageRequestError(`${where} answered ${response.status}.`, {
              status: response.status,
              error,
              response,
              pageIndex,
            }),
          );
        }
        if (typeof data !== "object" || data === null || itemsOf(data) === undefined) {
          throw fail(
            new PageRequestError(`${where} answered ${response.status} without a ${itemsField} array.`, {
              status: response.status,
              error: undefined,
              response,
              pageIndex,
            }),
          );
        }
        yield data;
        token = data[nextTokenField];
        if (!isToken(token)) return;
      }
    }
    return {
      pages,
      async *[Symbol.asyncIterator]() {
        for await (const page of pages()) yield* itemsOf(page)!;
      },
      isError: (value: unknown) => value instanceof PageRequestError && thrown.has(value),
    };
  }) as unknown as TokenPaginator<Config>;
}

/** A next token worth asking for: a non-empty string (Candid's tokens are opaque strings). */
function isToken(value: unknown): value is string {
  return typeof value === "string" && value !== "";
}

type ListingInit = {
  params?: { query?: Record<string, unknown>; [location: string]: unknown };
  maxPages?: number;
  [option: string]: unknown;
};
type GetCall = (
  path: string,
  init: object,
) => Promise<{ data?: Record<string, unknown>; error?: unknown; response: Response }>;
