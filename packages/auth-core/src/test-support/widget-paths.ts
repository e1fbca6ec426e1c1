/** One JSON answer of an operation, as openapi-typescript writes it. */
interface JsonAnswer<Body> {
  headers: { [name: string]: unknown };
  content: { "application/json": Body };
}

/**
 * A path with one GET operation, as openapi-typescript writes it: `Query` is its query parameters
 * (`{ query: … }` when one is required, `{ query?: … }` otherwise), `Answers` its responses by status.
 */
interface GetPath<Query extends { query?: object }, Answers> {
  parameters: { query?: never; header?: never; path?: never; cookie?: never };
  get: {
    parameters: Query & { header?: never; path?: never; cookie?: never };
    requestBody?: never;
    responses: Answers;
  };
}

/**
 * A small typed description in openapi-typescript's shape, for the pagination tests: one listing that
 * pages by token (`/widgets`), one that does not (`/gadgets`), one listing whose page lacks the items
 * field (`/bare`).
 */
export interface WidgetPaths {
  "/widgets": GetPath<
    { query: { colour: "red" | "blue"; page_token?: string; limit?: number } },
    {
      200: JsonAnswer<{
        items: { widget_id: string; colour: "red" | "blue" }[];
        next_page_token?: string | null;
        prev_page_token?: string | null;
      }>;
      422: JsonAnswer<
        | { errorName: "UnprocessableEntityError"; content: { message: string } }
        | { errorName: "PageTokenExpiredError"; content: { expired_at: string } }
      >;
    }
  >;
  "/gadgets": GetPath<{ query?: { limit?: number } }, { 200: JsonAnswer<{ gadgets: string[] }> }>;
  "/bare": GetPath<
    { query?: { page_token?: string } },
    { 200: JsonAnswer<{ items: number[]; next_page_token?: string }> }
  >;
}
