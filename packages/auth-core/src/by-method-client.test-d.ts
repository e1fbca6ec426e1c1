import type { Client } from "openapi-fetch";
import { describe, expectTypeOf, test } from "vitest";
import type { ByMethodClient } from "./by-method-client.js";
import type { CommonClientOptions } from "./client-options.js";
import { createTokenPaginator } from "./pagination/token-paginator.js";
import type { WidgetPaths } from "./test-support/widget-paths.js";
import type { createVendorClient } from "./vendor.js";

/**
 * What the spec pipeline generates for WidgetPaths: its GET operations by path. The DELETE is made up (the
 * GET of `/widgets` again): a method with a single path.
 */
interface WidgetsByMethod {
  get: {
    "/widgets": WidgetPaths["/widgets"]["get"];
    "/gadgets": WidgetPaths["/gadgets"]["get"];
    "/bare": WidgetPaths["/bare"]["get"];
  };
  delete: {
    "/widgets": WidgetPaths["/widgets"]["get"];
  };
}
type Widget = { widget_id: string; colour: "red" | "blue" };
type WidgetClient = ByMethodClient<WidgetPaths, WidgetsByMethod>;
const client = {} as WidgetClient;

describe("a ByMethodClient types each call from its path's operation", () => {
  test("data and error", async () => {
    const { data, error } = await client.GET("/widgets", { params: { query: { colour: "red" } } });
    expectTypeOf(data?.items).toEqualTypeOf<Widget[] | undefined>();
    expectTypeOf(error?.errorName).toEqualTypeOf<
      "UnprocessableEntityError" | "PageTokenExpiredError" | undefined
    >();
    const gadgets = await client.GET("/gadgets");
    expectTypeOf(gadgets.data).toEqualTypeOf<{ gadgets: string[] } | undefined>();
  });

  test("parseAs changes data as openapi-fetch does", async () => {
    const { data } = await client.GET("/gadgets", { parseAs: "text" });
    expectTypeOf(data).toEqualTypeOf<string | undefined>();
  });

  test("init is required exactly when the operation requires a parameter", () => {
    // @ts-expect-error colour is a required query parameter of /widgets
    client.GET("/widgets");
    // @ts-expect-error colour is "red" | "blue"
    client.GET("/widgets", { params: { query: { colour: "green" } } });
    client.GET("/bare", { params: { query: { page_token: "t" } }, headers: { "x-trace": "1" } });
  });

  test("a method with a single path types its init too", () => {
    // @ts-expect-error colour is a required query parameter
    client.DELETE("/widgets");
    // @ts-expect-error colour is "red" | "blue"
    client.DELETE("/widgets", { params: { query: { colour: "green" } } });
    client.DELETE("/widgets", { params: { query: { colour: "red" } } });
  });

  test("a wrong path is reported on the path, not as a missing init", () => {
    client.GET(
      // @ts-expect-error not a path of the description
      "/nowhere",
    );
    client.POST(
      // @ts-expect-error /widgets has no POST
      "/widgets",
    );
  });
});

describe("what works with a ByMethodClient", () => {
  test("createVendorClient types its client from the generated operationsByMethod, still an openapi-fetch Client", () => {
    type Typed = ReturnType<
      typeof createVendorClient<WidgetPaths, CommonClientOptions, "production", WidgetsByMethod>
    >;
    expectTypeOf<Typed>().toEqualTypeOf<WidgetClient & Client<WidgetPaths>>();
    // Calls resolve on the per-operation signature first: init is typed from /widgets alone.
    const typed = {} as Typed;
    typed.GET("/widgets", { params: { query: { colour: "red" } } });
    // @ts-expect-error colour is "red" or "blue"
    typed.GET("/widgets", { params: { query: { colour: "green" } } });
    expectTypeOf<
      ReturnType<typeof createVendorClient<WidgetPaths, CommonClientOptions, "production">>
    >().toEqualTypeOf<Client<WidgetPaths>>();
  });

  test("token pagination", async () => {
    const paginate = createTokenPaginator({
      tokenParam: "page_token",
      nextTokenField: "next_page_token",
      itemsField: "items",
    });
    for await (const widget of paginate(client, "/widgets", { params: { query: { colour: "blue" } } }))
      expectTypeOf(widget).toEqualTypeOf<Widget>();
    // @ts-expect-error /gadgets takes no page_token
    paginate(client, "/gadgets");
  });
});
