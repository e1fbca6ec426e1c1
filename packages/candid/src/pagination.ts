import { createTokenPaginator, type TokenPagination } from "@caduceus/auth-core/vendor";

/**
 * How Candid pages its listings: a `page_token` query parameter, the next page's token in
 * `next_page_token` (absent on the last page), the page's items in `items` (fee schedules answer
 * `rates` or `dimensions`, the patient AR inventory `records`). A test walks every listing of the
 * description with it.
 */
export const CANDID_PAGINATION = {
  /** The query parameter asking for a page. */
  tokenParam: "page_token",
  /** The answer's token of the next page; absent on the last page. */
  nextTokenField: "next_page_token",
  /** The answer's items: `items`, or the name the few other listings use. */
  itemsField: ["items", "rates", "dimensions", "records"],
} as const satisfies TokenPagination;

/**
 * Iterates every item of a Candid listing, page after page, typed from the description; `.pages()` gives
 * the pages. Accepts every operation that takes `page_token` and answers `next_page_token`
 * and an items field (other paths do not compile). A failed page throws a `PageRequestError`; the listing's `isError(err)`
 * narrows it, so `err.error.errorName` is the operation's typed error union.
 *
 * @example
 * ```ts
 * for await (const encounter of paginate(candid, "/api/encounters/v4", { params: { query: { limit: 100 } } })) {
 *   console.log(encounter.encounter_id);
 * }
 * ```
 */
// Pure: a bundle that does not use paginate drops it.
export const paginate = /* @__PURE__ */ createTokenPaginator(CANDID_PAGINATION);
