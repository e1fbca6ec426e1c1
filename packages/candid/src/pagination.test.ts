import { useMsw } from "@caduceus/test-kit";
import { describe, expect, it } from "vitest";
import description from "./generated/openapi.json" with { type: "json" };
import { CANDID_PAGINATION, createCandidClient, paginate } from "./index.js";
import type { OpenApiDocument } from "./testing/description.js";
import { indexOperations } from "./testing/description.js";
import { createCandidMock } from "./testing/index.js";
import { sampleOf } from "./testing/sample.js";

const server = useMsw();
const document = description as unknown as OpenApiDocument;

/** Every listing of the description that pages by token: a `page_token` parameter on a GET. */
const listings = indexOperations(document).filter(
  (operation) =>
    operation.method === "GET" &&
    operation.parameters.some((parameter) => parameter.in === "query" && parameter.name === "page_token"),
);

describe("paginate over every paginated operation", () => {
  it("knows the listings of both hosts", () => {
    expect(listings.length).toBeGreaterThan(35);
    expect(listings.some((listing) => listing.host === "preEncounter")).toBe(true);
  });

  it.each(listings.map((listing) => [listing.template, listing] as const))(
    "%s: walks to the last page against the mock",
    async (template, listing) => {
      const mock = createCandidMock();
      server.use(...mock.handlers);
      const candid = createCandidClient({ ...mock.credentials });
      const params: { path: Record<string, unknown>; query: Record<string, unknown> } = {
        path: {},
        query: {},
      };
      for (const parameter of listing.parameters) {
        if (parameter.in === "path") params.path[parameter.name] = sampleOf(document, parameter.schema);
        if (parameter.in === "query" && parameter.required) {
          params.query[parameter.name] = sampleOf(document, parameter.schema);
        }
      }
      // The paths are typed; here they come from the description at run time.
      const pages: Record<string, unknown>[] = [];
      const listed = paginate(candid, template as "/api/payers/v3", {
        params: params as never,
        maxPages: 20,
      });
      for await (const page of listed.pages()) pages.push(page);
      expect(pages.length).toBeGreaterThanOrEqual(1);
      expect(pages.length).toBeLessThan(20);
      const itemsField = CANDID_PAGINATION.itemsField.find((field) => Array.isArray(pages[0]![field]));
      expect(itemsField).toBeDefined();
    },
  );
});
