import { describe, expect, it } from "vitest";
import { ConversionError } from "../conversion-error.mjs";
import { FIXTURE_FILES, FIXTURE_METHODS, fixtureSdk } from "./fixture-sdk.ts";
import { convertFernSdk } from "./index.mjs";

const OPTIONS = {
  title: "Fixture API",
  packageName: "fixture-sdk",
  version: "0.0.1",
  integrity: "sha512-fixture",
  errorStatuses: new Map([
    ["ThingConflictError", "409"],
    // As another SDK of the vendor may spell it: found ignoring case, and said so.
    ["BADREQUESTERROR", "400"],
  ]),
};

const convert = (files = fixtureSdk()) => convertFernSdk(files, OPTIONS);
const { doc, notes } = convert();
const schemas = doc.components.schemas;

describe("fern-sdk converter: operations from the generated clients", () => {
  it("names operations <namespace>.<method> and keeps paths exactly as sent, trailing slash included", () => {
    expect(Object.keys(doc.paths)).toEqual([
      "/api/things/v1",
      "/api/things/v1/",
      "/api/things/v1/{thing_id}/file",
      "/things/v1/{thing_id}",
    ]);
    expect(doc.paths["/api/things/v1/"].get.operationId).toBe("things.v1.list");
    expect(doc.paths["/api/things/v1"].post.operationId).toBe("things.v1.create");
  });

  it("tags each operation with its host, gives other hosts' path items their own servers", () => {
    expect(doc.paths["/api/things/v1/"].get["x-caduceus-host"]).toBe("main");
    expect(doc.paths["/things/v1/{thing_id}"].get["x-caduceus-host"]).toBe("side");
    expect(doc.servers).toEqual([
      { url: "https://api.example.test", description: "Production" },
      { url: "http://localhost:5050", description: "Local" },
    ]);
    expect(doc.paths["/things/v1/{thing_id}"].servers).toEqual([
      { url: "https://side.example.test", description: "Production" },
      { url: "http://localhost:4000", description: "Local" },
    ]);
    expect(doc.paths["/api/things/v1/"].servers).toBeUndefined();
  });

  it("reads query parameters with wire names, repeated arrays, date-times, serializers and renamed locals", () => {
    const parameters = doc.paths["/api/things/v1/"].get.parameters;
    expect(parameters).toEqual([
      { name: "limit", in: "query", required: false, schema: { type: "number" } },
      { name: "page_token", in: "query", required: false, schema: { type: "string" } },
      {
        name: "colors",
        in: "query",
        required: false,
        style: "form",
        explode: true,
        // The SDK takes `Color | Color[]`: one value, or several sent repeated.
        schema: {
          anyOf: [
            { $ref: "#/components/schemas/things.v1.Color" },
            { type: "array", items: { $ref: "#/components/schemas/things.v1.Color" } },
          ],
        },
      },
      { name: "since", in: "query", required: false, schema: { type: "string", format: "date-time" } },
      {
        name: "sort_by",
        in: "query",
        required: false,
        schema: { $ref: "#/components/schemas/things.v1.Color" },
      },
      { name: "type", in: "query", required: true, schema: { type: "string" } },
    ]);
  });

  it("reads path parameters through their serializer or their declared type", () => {
    expect(doc.paths["/things/v1/{thing_id}"].get.parameters).toEqual([
      {
        name: "thing_id",
        in: "path",
        required: true,
        schema: { $ref: "#/components/schemas/commons.ThingId" },
      },
    ]);
    expect(doc.paths["/api/things/v1/{thing_id}/file"].put.parameters).toEqual([
      { name: "thing_id", in: "path", required: true, schema: { type: "string" } },
    ]);
  });

  it("reads JSON and multipart bodies; file parts are binary with a media type (typed Blob)", () => {
    expect(doc.paths["/api/things/v1"].post.requestBody).toEqual({
      required: true,
      content: { "application/json": { schema: { $ref: "#/components/schemas/things.v1.Thing" } } },
    });
    expect(
      doc.paths["/api/things/v1/{thing_id}/file"].put.requestBody.content["multipart/form-data"].schema,
    ).toEqual({
      type: "object",
      properties: {
        color: { $ref: "#/components/schemas/things.v1.Color" },
        note: { type: "string" },
        thing_file: { type: "string", format: "binary", contentMediaType: "application/octet-stream" },
      },
      required: ["thing_file", "color"],
    });
  });

  it("makes a JSON body optional when the SDK lets the caller leave the request out", () => {
    const dts = "api/resources/things/resources/v1/client/Client.d.ts";
    const files = fixtureSdk();
    files.set(dts, (files.get(dts) ?? "").replace("create(request: ", "create(request?: "));
    expect(convert(files).doc.paths["/api/things/v1"].post.requestBody.required).toBe(false);
  });

  it("reads typed, empty and untyped success responses", () => {
    expect(doc.paths["/api/things/v1/"].get.responses["200"].content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/things.v1.ThingPage",
    });
    expect(doc.paths["/api/things/v1/{thing_id}/file"].put.responses["200"]).toEqual({
      description: "Success, no body",
    });
    expect(
      doc.paths["/things/v1/{thing_id}"].get.responses["200"].content["application/json"].schema,
    ).toEqual({});
  });

  it("puts each declared error as { errorName, content } under its status, unknown ones under default", () => {
    const responses = doc.paths["/api/things/v1"].post.responses;
    expect(responses["409"].content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/errors.ThingConflictError",
    });
    expect(responses["400"].content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/errors.BadRequestError",
    });
    expect(responses.default.content["application/json"].schema).toEqual({
      $ref: "#/components/schemas/errors.MysteryError",
    });
    expect(schemas["errors.ThingConflictError"]).toEqual({
      type: "object",
      properties: {
        content: { $ref: "#/components/schemas/commons.ThingId" },
        errorName: { type: "string", const: "ThingConflictError" },
      },
      required: ["errorName", "content"],
    });
    expect(schemas["errors.MysteryError"].required).toEqual(["errorName"]);
    expect(notes).toEqual([
      '1 Fern error(s) without a known HTTP status, described under "default": MysteryError',
      "1 Fern error(s) found in the status table only ignoring case: BadRequestError as BADREQUESTERROR (400)",
    ]);
  });

  it("keeps JSDoc prose as the description and marks @deprecated and @beta", () => {
    const list = doc.paths["/api/things/v1/"].get;
    expect(list.description).toBe("Lists things, newest first.");
    const get = doc.paths["/things/v1/{thing_id}"].get;
    expect(get.deprecated).toBe(true);
    expect(get.description).toBe("Use list instead.");
    const upload = doc.paths["/api/things/v1/{thing_id}/file"].put;
    expect(upload["x-fern-availability"]).toBe("beta");
    expect(upload.description).toBe("This endpoint is in development and may change.\n\nAttaches a file.");
    expect(list.deprecated).toBeUndefined();
  });

  it("attributes the package, its license and source in info", () => {
    expect(doc.info.description).toMatch(
      /^Derived by the Caduceus spec pipeline from fixture-sdk@0\.0\.1 on npm, the official TypeScript SDK of the Fixture API \(generated by Fern\), used under its license, Apache-2\.0 \(tarball integrity sha512-fixture\)\./,
    );
    expect(doc.info.title).toBe("Fixture API");
    expect(doc.info.version).toBe("0.0.1");
    expect(doc.info.license).toEqual({ name: "Apache-2.0", identifier: "Apache-2.0" });
    expect(doc.info["x-caduceus-source"]).toEqual({
      package: "fixture-sdk",
      version: "0.0.1",
      integrity: "sha512-fixture",
      license: "Apache-2.0",
    });
  });
});

describe("fern-sdk converter: wire schemas from the zurg serializers", () => {
  it("uses property() wire names, required unless optional, nullable and optionalNullable as null-able", () => {
    const thing = schemas["things.v1.Thing"];
    expect(thing.allOf[0]).toEqual({ $ref: "#/components/schemas/things.v1.ThingBase" });
    const own = thing.allOf[1];
    expect(Object.keys(own.properties).sort()).toEqual(
      [
        "by_color",
        "colors",
        "counts",
        "display_name",
        "extra",
        "parent_id",
        "retired_at",
        "shape",
        "tags",
        "thing_id",
        "version",
      ].sort(),
    );
    expect(own.required).toEqual([
      "thing_id",
      "parent_id",
      "colors",
      "tags",
      "counts",
      "by_color",
      "version",
    ]);
    // zurg reads an unknown() property as optional (the SDK types it `extra?: unknown`), so it is not required.
    expect(own.properties.extra).toEqual({});
    expect(own.properties.parent_id).toEqual({
      anyOf: [{ $ref: "#/components/schemas/commons.ThingId" }, { type: "null" }],
    });
    expect(own.properties.retired_at).toEqual({ type: ["string", "null"], format: "date-time" });
    // optional(): absent or null on the wire, as zurg reads and writes it.
    expect(own.properties.display_name).toEqual({ type: ["string", "null"] });
    expect(own.properties.shape).toEqual({
      anyOf: [{ $ref: "#/components/schemas/things.v1.Shape" }, { type: "null" }],
    });
    expect(own.properties.isRetired).toBeUndefined();
  });

  it("reads list, set, record, partialRecord, stringLiteral, unknown, date and enum", () => {
    const own = schemas["things.v1.Thing"].allOf[1].properties;
    expect(own.colors).toEqual({ type: "array", items: { $ref: "#/components/schemas/things.v1.Color" } });
    expect(own.tags).toEqual({ type: "array", uniqueItems: true, items: { type: "string" } });
    expect(own.counts).toEqual({ type: "object", additionalProperties: { type: "number" } });
    expect(own.by_color).toEqual({
      type: "object",
      additionalProperties: { type: "boolean" },
      propertyNames: { $ref: "#/components/schemas/things.v1.Color" },
    });
    expect(own.version).toEqual({ type: "string", const: "v1" });
    expect(own.extra).toEqual({});
    expect(schemas["things.v1.ThingBase"].properties.created_at).toMatchObject({
      type: "string",
      format: "date-time",
    });
    expect(schemas["things.v1.Color"]).toMatchObject({ type: "string", enum: ["red", "green", "BLUE_ISH"] });
    expect(schemas["commons.ThingId"]).toEqual({ type: "string" });
  });

  it("describes types and properties with the JSDoc of the SDK's declarations, matched by SDK name", () => {
    expect(schemas["things.v1.Color"].description).toBe("A thing's color.");
    expect(schemas["things.v1.ThingBase"].properties.created_at.description).toBe(
      "When the thing was made.\nSet by the server.",
    );
    expect(schemas["things.v1.Thing"].description).toBeUndefined();
  });

  it("reads a discriminated union with the discriminant's wire name, inline and referenced members", () => {
    expect(schemas["things.v1.Shape"]).toEqual({
      "x-fern-discriminant": "shape_kind",
      oneOf: [
        {
          type: "object",
          properties: { shape_kind: { type: "string", const: "circle" }, radius_mm: { type: "number" } },
          required: ["shape_kind", "radius_mm"],
        },
        {
          allOf: [
            {
              type: "object",
              properties: { shape_kind: { type: "string", const: "based" } },
              required: ["shape_kind"],
            },
            { $ref: "#/components/schemas/things.v1.ThingBase" },
          ],
        },
        {
          allOf: [
            {
              type: "object",
              properties: { shape_kind: { type: "string", const: "point" } },
              required: ["shape_kind"],
            },
          ],
        },
      ],
    });
  });

  it("does not require a property typed unknown, inline or through a reference, as zurg does not", () => {
    const page = schemas["things.v1.ThingPage"];
    expect(page.properties.meta).toEqual({ $ref: "#/components/schemas/things.v1.Json" });
    expect(page.required).toEqual(["items"]);
  });

  it("drops property-less objects from allOf (openapi-typescript types them Record<string, never>)", () => {
    // `{ shape_kind: "point" } & Record<string, never>` would reject the discriminant itself.
    expect(schemas["things.v1.Point"]).toEqual({ type: "object", properties: {} });
    expect(schemas["things.v1.ThingSummary"]).toEqual({
      allOf: [{ $ref: "#/components/schemas/things.v1.ThingBase" }],
    });
  });

  it("reads undiscriminated unions and lazy (recursive) references", () => {
    expect(schemas["things.v1.AnyId"]).toEqual({
      anyOf: [{ $ref: "#/components/schemas/commons.ThingId" }, { type: "number" }],
    });
    expect(schemas["things.v1.Tree"].properties.children).toEqual({
      type: "array",
      items: { $ref: "#/components/schemas/things.v1.Tree" },
    });
  });
});

describe("fern-sdk converter: refusals and determinism", () => {
  it("refuses an unknown zurg builder, naming the file and the construct", () => {
    const files = fixtureSdk({
      [FIXTURE_FILES.thing]:
        fixtureSdk()
          .get(FIXTURE_FILES.thing)
          ?.replace("core.serialization.unknown()", "core.serialization.bigint()") ?? "",
    });
    expect(() => convert(files)).toThrow(ConversionError);
    expect(() => convert(files)).toThrow(
      /serialization\/resources\/things\/resources\/v1\/types\/Thing\.js: unknown zurg builder core\.serialization\.bigint: core\.serialization\.bigint\(\)/,
    );
  });

  it("refuses an unknown schema method", () => {
    const files = fixtureSdk({
      [FIXTURE_FILES.thing]:
        fixtureSdk().get(FIXTURE_FILES.thing)?.replace(".withParsedProperties(", ".withMagic(") ?? "",
    });
    expect(() => convert(files)).toThrow(/Thing\.js: unknown schema method \.withMagic\(\)/);
  });

  it("refuses a query parameter it cannot read instead of dropping it", () => {
    const list = (FIXTURE_METHODS.list ?? "").replace(
      "                limit,\n",
      "                limit: limit + 1,\n",
    );
    const files = fixtureSdk({}, { ...FIXTURE_METHODS, list });
    expect(() => convert(files)).toThrow(
      /client\/Client\.js: query parameter limit not understood: limit \+ 1/,
    );
  });

  it("refuses a request sent to a base URL that is not an environment host", () => {
    const get = (FIXTURE_METHODS.get ?? "").replace("Production).side,", "Production).elsewhere,");
    const files = fixtureSdk({}, { ...FIXTURE_METHODS, get });
    expect(() => convert(files)).toThrow(/client\/Client\.js: base URL that is not an environment host/);
  });

  it("refuses an error switch that disagrees with the error union", () => {
    const create = (FIXTURE_METHODS.create ?? "").replace('case "MysteryError":', 'case "OtherError":');
    const files = fixtureSdk({}, { ...FIXTURE_METHODS, create });
    expect(() => convert(files)).toThrow(
      /create\.js: the error union and the client's error switch name different errors/,
    );
  });

  it("is byte-deterministic, whatever order the package's files come in", () => {
    const first = JSON.stringify(convert().doc);
    const reversed = new Map([...fixtureSdk().entries()].reverse());
    expect(JSON.stringify(convert(reversed).doc)).toBe(first);
    expect(JSON.stringify(convert().doc)).toBe(first);
  });
});
