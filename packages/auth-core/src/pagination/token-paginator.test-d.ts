import createClient from "openapi-fetch";
import { describe, expectTypeOf, test } from "vitest";
import type { WidgetPaths } from "../test-support/widget-paths.js";
import { createTokenPaginator } from "./token-paginator.js";

const paginate = createTokenPaginator({
  tokenParam: "page_token",
  nextTokenField: "next_page_token",
  itemsField: "items",
});
const client = createClient<WidgetPaths>({ baseUrl: "https://api.widgets.test" });
type Widget = { widget_id: string; colour: "red" | "blue" };

describe("token pagination is typed from the description", () => {
  test("items, pages and error bodies", async () => {
    const listing = paginate(client, "/widgets", { params: { query: { colour: "red" } } });
    for await (const widget of listing) expectTypeOf(widget).toEqualTypeOf<Widget>();
    for await (const page of listing.pages()) {
      expectTypeOf(page.items).toEqualTypeOf<Widget[]>();
      expectTypeOf(page.next_page_token).toEqualTypeOf<string | null | undefined>();
    }
    const caught: unknown = undefined;
    if (listing.isError(caught) && caught.error.errorName === "PageTokenExpiredError") {
      expectTypeOf(caught.error.content).toEqualTypeOf<{ expired_at: string }>();
    }
  });

  test("init follows the operation: required query parameters stay required", () => {
    // @ts-expect-error colour is a required query parameter of /widgets
    paginate(client, "/widgets");
    // @ts-expect-error colour is "red" | "blue"
    paginate(client, "/widgets", { params: { query: { colour: "green" } } });
    paginate(client, "/bare");
  });

  test("only listings that page by token are accepted", () => {
    // @ts-expect-error /gadgets takes no page_token and answers no items
    paginate(client, "/gadgets");
    // @ts-expect-error not a path of the description
    paginate(client, "/nowhere");
  });
});
