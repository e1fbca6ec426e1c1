/**
 * Token pagination for openapi-fetch clients, configured by data: one typed async iterator over every
 * listing of an API whose pages are chained by an opaque token.
 */
export {
  type AnswerOf,
  type AnyOperation,
  createTokenPaginator,
  type GetInit,
  type GetOperationOf,
  type ItemsKeyOf,
  type PageErrorOf,
  type PageItemOf,
  type PageOf,
  type PaginatedPath,
  type PaginationLimits,
  type PaginatorInit,
  type QueryOf,
  type TokenPaginated,
  type TokenPagination,
  type TokenPaginator,
} from "./token-paginator.js";
