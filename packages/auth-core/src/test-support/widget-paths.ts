/**
 * A small typed description in openapi-typescript's shape, for the pagination tests: one listing that
 * pages by token (`/widgets`), one that does not (`/gadgets`), one listing whose page lacks the items
 * field (`/bare`).
 */
export interface WidgetPaths {
  "/widgets": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: {
      parameters: {
        query: { colour: "red" | "blue"; page_token?: string; limit?: number };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        200: {
          headers: { [name: string]: unknown };
          content: {
            "application/json": {
              items: { widget_id: string; colour: "red" | "blue" }[];
              next_page_token?: string | null;
              prev_page_token?: string | null;
            };
          };
        };
        422: {
          headers: { [name: string]: unknown };
          content: {
            "application/json":
              | { errorName: "UnprocessableEntityError"; content: { message: string } }
              | { errorName: "PageTokenExpiredError"; content: { expired_at: string } };
          };
        };
      };
    };
  };
  "/gadgets": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: {
      parameters: { query?: { limit?: number }; header?: never; path?: never; cookie?: never };
      requestBody?: never;
      responses: {
        200: {
          headers: { [name: string]: unknown };
          content: { "application/json": { gadgets: string[] } };
        };
      };
    };
  };
  "/bare": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: {
      parameters: { query?: { page_token?: string }; header?: never; path?: never; cookie?: never };
      requestBody?: never;
      responses: {
        200: {
          headers: { [name: string]: unknown };
          content: { "application/json": { items: number[]; next_page_token?: string } };
        };
      };
    };
  };
}
