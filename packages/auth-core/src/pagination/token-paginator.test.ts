import createClient from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { ErrorCode } from "../errors/codes.js";
import { isPageRequestError, PageRequestError } from "../errors/page-request-error.js";
import type { WidgetPaths } from "../test-support/widget-paths.js";
import { createTokenPaginator } from "./token-paginator.js";

const paginate = createTokenPaginator({
  tokenParam: "page_token",
  nextTokenField: "next_page_token",
  itemsField: "items",
});

const WIDGETS = Array.from({ length: 8 }, (_, index) => ({
  widget_id: `w${index}`,
  colour: index % 4 === 3 ? ("blue" as const) : ("red" as const),
}));

interface ServerOptions {
  /** What the last page says as its next token. */
  lastToken?: "missing" | "null" | "empty";
  /** Page index (0-based) answered with a 422 instead. */
  failAt?: number;
}

/**
 * A widget listing that pages as Candid does: an opaque token (base64 of the offset), `limit` items a
 * page (default 2), the query's filter applied on every page. Records each request it serves.
 */
function widgetServer(options: ServerOptions = {}) {
  const requests: URL[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    requests.push(url);
    if (url.pathname === "/bare") return Response.json({ next_page_token: "x" });
    const token = url.searchParams.get("page_token");
    const offset = token === null ? 0 : Number(atob(token));
    const limit = Number(url.searchParams.get("limit") ?? 2);
    if (options.failAt === requests.length - 1 || Number.isNaN(offset)) {
      return Response.json(
        { errorName: "PageTokenExpiredError", content: { expired_at: "2026-01-01T00:00:00Z" } },
        { status: 422 },
      );
    }
    const matching = WIDGETS.filter((widget) => widget.colour === url.searchParams.get("colour"));
    const items = matching.slice(offset, offset + limit);
    const more = offset + limit < matching.length;
    const last = { missing: {}, null: { next_page_token: null }, empty: { next_page_token: "" } }[
      options.lastToken ?? "missing"
    ];
    return Response.json({
      items,
      ...(more ? { next_page_token: btoa(String(offset + limit)) } : last),
      ...(offset > 0 ? { prev_page_token: btoa(String(Math.max(0, offset - limit))) } : {}),
    });
  };
  const client = createClient<WidgetPaths>({ baseUrl: "https://api.widgets.test", fetch });
  return { client, requests };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterable) out.push(value);
  return out;
}

describe("createTokenPaginator", () => {
  it("yields every item of every page, in order, asking for each page by the previous page's token", async () => {
    const { client, requests } = widgetServer();
    const widgets = await collect(paginate(client, "/widgets", { params: { query: { colour: "red" } } }));
    expect(widgets.map((widget) => widget.widget_id)).toEqual(["w0", "w1", "w2", "w4", "w5", "w6"]);
    expect(requests.map((url) => url.searchParams.get("page_token"))).toEqual([null, "Mg==", "NA=="]);
    // The caller's query rides along on every page.
    expect(requests.every((url) => url.searchParams.get("colour") === "red")).toBe(true);
  });

  it("pages() yields the pages themselves, tokens included", async () => {
    const { client } = widgetServer();
    const pages = await collect(
      paginate(client, "/widgets", { params: { query: { colour: "red", limit: 4 } } }).pages(),
    );
    expect(pages.map((page) => page.items.length)).toEqual([4, 2]);
    expect(pages[0]!.next_page_token).toBe("NA==");
    expect(pages[1]!.prev_page_token).toBe("MA==");
  });

  it.each(["missing", "null", "empty"] as const)("stops when the next token is %s", async (lastToken) => {
    const { client, requests } = widgetServer({ lastToken });
    const widgets = await collect(paginate(client, "/widgets", { params: { query: { colour: "blue" } } }));
    expect(widgets.map((widget) => widget.widget_id)).toEqual(["w3", "w7"]);
    expect(requests).toHaveLength(1);
  });

  it("starts from a token given in the query", async () => {
    const { client, requests } = widgetServer();
    const widgets = await collect(
      paginate(client, "/widgets", { params: { query: { colour: "red", page_token: btoa("4") } } }),
    );
    expect(widgets.map((widget) => widget.widget_id)).toEqual(["w5", "w6"]);
    expect(requests).toHaveLength(1);
  });

  it("starts over on each iteration, and stops early when the loop breaks", async () => {
    const { client, requests } = widgetServer();
    const listing = paginate(client, "/widgets", { params: { query: { colour: "red" } } });
    for await (const widget of listing) {
      expect(widget.widget_id).toBe("w0");
      break;
    }
    expect(requests).toHaveLength(1);
    expect(await collect(listing)).toHaveLength(6);
    expect(requests).toHaveLength(4);
  });

  it("stops after maxPages pages", async () => {
    const { client, requests } = widgetServer();
    const widgets = await collect(
      paginate(client, "/widgets", { params: { query: { colour: "red" } }, maxPages: 2 }),
    );
    expect(widgets).toHaveLength(4);
    expect(requests).toHaveLength(2);
  });

  it("throws a PageRequestError carrying the typed error body, after yielding the pages before it", async () => {
    const { client } = widgetServer({ failAt: 1 });
    const listing = paginate(client, "/widgets", { params: { query: { colour: "red" } } });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const widget of listing) seen.push(widget.widget_id);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(["w0", "w1"]);
    expect(isPageRequestError(error)).toBe(true);
    expect(listing.isError(error)).toBe(true);
    if (!listing.isError(error)) return;
    expect(error).toBeInstanceOf(PageRequestError);
    expect(error.code).toBe(ErrorCode.PageRequestFailed);
    expect(error.status).toBe(422);
    expect(error.pageIndex).toBe(1);
    expect(error.retryable).toBe(false);
    expect(error.message).toBe("GET /widgets, page 1 answered 422.");
    expect(error.error).toEqual({
      errorName: "PageTokenExpiredError",
      content: { expired_at: "2026-01-01T00:00:00Z" },
    });
    expect(JSON.parse(JSON.stringify(error))).not.toHaveProperty("response");
    // Another listing's isError does not claim it: its error body may be of another type.
    expect(paginate(client, "/bare").isError(error)).toBe(false);
  });

  it("refuses a 2xx answer without the items array", async () => {
    const { client } = widgetServer();
    const error = await collect(paginate(client, "/bare")).catch((e: unknown) => e);
    expect(isPageRequestError(error)).toBe(true);
    expect((error as PageRequestError).message).toBe("GET /bare, page 0 answered 200 without a items array.");
    expect((error as PageRequestError).error).toBeUndefined();
  });

  it("refuses a config field that is not a non-empty string, naming it", () => {
    expect(() =>
      createTokenPaginator({ tokenParam: "page_token", nextTokenField: "", itemsField: "items" }),
    ).toThrow("createTokenPaginator: config.nextTokenField must be a non-empty string.");
  });
});

describe("several items fields", () => {
  it("reads the first items field a page has", async () => {
    const listing = createTokenPaginator({
      tokenParam: "page_token",
      nextTokenField: "next_page_token",
      itemsField: ["records", "items"],
    });
    const { client } = widgetServer();
    const widgets = await collect(listing(client, "/widgets", { params: { query: { colour: "blue" } } }));
    expect(widgets.map((widget) => widget.widget_id)).toEqual(["w3", "w7"]);
  });

  it("refuses an empty list of items fields", () => {
    expect(() =>
      createTokenPaginator({ tokenParam: "page_token", nextTokenField: "next_page_token", itemsField: [] }),
    ).toThrow("createTokenPaginator: config.itemsField must be a non-empty string or list of them.");
  });
});
