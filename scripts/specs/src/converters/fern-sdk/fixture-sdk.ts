// A small package shaped like Fern's TypeScript SDK output (CommonJS emit of its generated clients and
// zurg serializers), written by hand for the converter's tests. Each file holds one construct family,
// so a test can replace one file to try a construct the converter must refuse.

const PRELUDE = `"use strict";
var __importStar = (this && this.__importStar) || function (mod) { return mod; };
var __exportStar = (this && this.__exportStar) || function (m, exports) {};
Object.defineProperty(exports, "__esModule", { value: true });
`;

/** `exports.<name> = <expression>` in a serializer module that requires core and its siblings. */
function serializer(name: string, requires: Record<string, string>, expression: string, depth = 6): string {
  const up = "../".repeat(depth);
  const lines = Object.entries(requires).map(([binding, path]) => `const ${binding} = require("${path}");`);
  return `${PRELUDE}exports.${name} = void 0;
const core = __importStar(require("${up}core"));
${lines.join("\n")}
exports.${name} = ${expression};
`;
}

const V1 = "serialization/resources/things/resources/v1";

/** The Fern request plumbing every client method repeats, around the parts that vary. */
function method(options: {
  name: string;
  params: string;
  before?: string;
  host: "main" | "side";
  path: string;
  verb: string;
  query?: boolean;
  body?: string;
  requestType?: "json" | "file";
  response: string;
  errors?: { names: string[]; parser: string };
  doc: string;
}): string {
  const errors = options.errors
    ? `if (_response.error.reason === "status-code") {
                switch ((_k = _response.error.body) === null || _k === void 0 ? void 0 : _k.errorName) {
${options.errors.names.map((name) => `                    case "${name}":`).join("\n")}
                        return {
                            data: { ok: false, error: ${options.errors.parser}.parseOrThrow(_response.error.body, { unrecognizedObjectKeys: "passthrough" }), rawResponse: _response.rawResponse },
                            rawResponse: _response.rawResponse,
                        };
                }
            }`
    : "";
  return `    /**
${options.doc
  .split("\n")
  .map((line) => `     * ${line}`)
  .join("\n")}
     */
    ${options.name}(${options.params}) {
        return core.HttpResponsePromise.fromPromise(this.__${options.name}(${options.params}));
    }
    __${options.name}(${options.params}) {
        return __awaiter(this, void 0, void 0, function* () {
            var _a, _b, _c, _k;
${options.before ?? ""}
            const _authRequest = yield this._options.authProvider.getAuthRequest();
            const _response = yield core.fetcher({
                url: core.url.join((_b = (yield core.Supplier.get(this._options.baseUrl))) !== null && _b !== void 0 ? _b : ((_c = (yield core.Supplier.get(this._options.environment))) !== null && _c !== void 0 ? _c : environments.FixtureEnvironment.Production).${options.host}, ${options.path}),
                method: "${options.verb}",
                headers: _headers,
                queryParameters: ${options.query ? "Object.assign(Object.assign({}, _queryParams), requestOptions === null || requestOptions === void 0 ? void 0 : requestOptions.queryParams)" : "requestOptions === null || requestOptions === void 0 ? void 0 : requestOptions.queryParams"},
${options.requestType ? `                requestType: "${options.requestType}",\n` : ""}${options.body ? `                body: ${options.body},\n` : ""}                timeoutMs: 60000,
            });
            if (_response.ok) {
                return { data: { ok: true, body: ${options.response}, headers: _response.headers, rawResponse: _response.rawResponse }, rawResponse: _response.rawResponse };
            }
            ${errors}
            return { data: { ok: false, error: CandidApi.things.v1.${options.name}.Error._unknown(_response.error) } };
        });
    }
`;
}

const LIST_QUERY = `            const { limit, pageToken, colors, since, sort, type: type_ } = request;
            const _queryParams = {
                limit,
                page_token: pageToken,
                colors: Array.isArray(colors)
                    ? colors.map((item) => serializers.things.v1.Color.jsonOrThrow(item, { unrecognizedObjectKeys: "strip" }))
                    : colors != null
                        ? serializers.things.v1.Color.jsonOrThrow(colors, { unrecognizedObjectKeys: "strip" })
                        : undefined,
                since: since != null ? since === null || since === void 0 ? void 0 : since.toISOString() : undefined,
                sort_by: sort != null ? serializers.things.v1.Color.jsonOrThrow(sort, { unrecognizedObjectKeys: "strip" }) : undefined,
                type: type_,
            };`;

const UPLOAD_BODY = `            const _body = yield core.newFormData();
            yield _body.appendFile("thing_file", thingFile);
            _body.append("color", serializers.things.v1.Color.jsonOrThrow(request.color, { unrecognizedObjectKeys: "strip" }));
            if (request.note != null) {
                _body.append("note", request.note);
            }
            const _maybeEncodedRequest = yield _body.getRequest();`;

/** The methods of the fixture client, by name: replace one to try another construct. */
export const FIXTURE_METHODS: Record<string, string> = {
  list: method({
    name: "list",
    params: "request = {}, requestOptions",
    before: LIST_QUERY,
    host: "main",
    path: '"/api/things/v1/"',
    verb: "GET",
    query: true,
    response: "serializers.things.v1.ThingPage.parseOrThrow(_response.body, {})",
    doc: "Lists things, newest first.\n\n@param {CandidApi.things.v1.ListThingsRequest} request\n@example\n    await client.things.v1.list()",
  }),
  create: method({
    name: "create",
    params: "request, requestOptions",
    host: "main",
    path: '"/api/things/v1"',
    verb: "POST",
    requestType: "json",
    body: 'serializers.things.v1.Thing.jsonOrThrow(request, { unrecognizedObjectKeys: "strip" })',
    response: "serializers.things.v1.Thing.parseOrThrow(_response.body, {})",
    errors: {
      names: ["ThingConflictError", "MysteryError", "BadRequestError"],
      parser: "serializers.things.v1.create.Error",
    },
    doc: "Creates a thing.",
  }),
  get: method({
    name: "get",
    params: "thing_id, requestOptions",
    host: "side",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a compiled template literal
    path: "`/things/v1/${core.url.encodePathParam(serializers.ThingId.jsonOrThrow(thing_id))}`",
    verb: "GET",
    response: "_response.body",
    doc: "@deprecated\n\nUse list instead.\n\n@param {CandidApi.ThingId} thing_id",
  }),
  upload: method({
    name: "upload",
    params: "thingFile, thing_id, request, requestOptions",
    before: UPLOAD_BODY,
    host: "main",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a compiled template literal
    path: "`/api/things/v1/${core.url.encodePathParam(thing_id)}/file`",
    verb: "PUT",
    requestType: "file",
    body: "_maybeEncodedRequest.body",
    response: "undefined",
    doc: "@beta This endpoint is in development and may change.\n\nAttaches a file.",
  }),
};

const CLIENT_DTS = `import * as core from "../../../../../../core";
import * as CandidApi from "../../../../../index";
export declare class V1Client {
    list(request?: CandidApi.things.v1.ListThingsRequest, requestOptions?: V1Client.RequestOptions): core.HttpResponsePromise<unknown>;
    create(request: CandidApi.things.v1.Thing, requestOptions?: V1Client.RequestOptions): core.HttpResponsePromise<unknown>;
    get(thing_id: CandidApi.ThingId, requestOptions?: V1Client.RequestOptions): core.HttpResponsePromise<unknown>;
    upload(thingFile: File | Blob, thing_id: string, request: CandidApi.things.v1.UploadThingRequest, requestOptions?: V1Client.RequestOptions): core.HttpResponsePromise<unknown>;
}
`;

/**
 * The fixture package as the converter receives it (path inside the package → text), with `replace`
 * overriding or adding files.
 */
export function fixtureSdk(
  replace: Record<string, string> = {},
  methods: Record<string, string> = FIXTURE_METHODS,
): Map<string, string> {
  const files: Record<string, string> = {
    "package.json": JSON.stringify({ name: "fixture-sdk", version: "0.0.1", license: "Apache-2.0" }),
    "core/index.js": `${PRELUDE}`,
    "environments.js": `${PRELUDE}exports.FixtureEnvironment = void 0;
exports.FixtureEnvironment = {
    Production: { main: "https://api.example.test", side: "https://side.example.test" },
    Local: { main: "http://localhost:5050", side: "http://localhost:4000" },
};
`,
    "serialization/index.js": `${PRELUDE}__exportStar(require("./resources"), exports);\n`,
    "serialization/resources/index.js": `${PRELUDE}exports.things = void 0;
exports.things = __importStar(require("./things"));
__exportStar(require("./commons/types"), exports);
`,
    "serialization/resources/commons/types/index.js": `${PRELUDE}__exportStar(require("./ThingId"), exports);\n`,
    "serialization/resources/commons/types/ThingId.js": serializer(
      "ThingId",
      {},
      "core.serialization.string().transform({ transform: (value) => value, untransform: (value) => value })",
      4,
    ),
    "serialization/resources/things/index.js": `${PRELUDE}exports.v1 = void 0;\nexports.v1 = __importStar(require("./resources/v1"));\n`,
    [`${V1}/index.js`]: `${PRELUDE}__exportStar(require("./types"), exports);\nexports.create = __importStar(require("./client/create"));\n`,
    [`${V1}/types/index.js`]: `${PRELUDE}var Shape_1 = require("./Shape");
Object.defineProperty(exports, "Shape", { enumerable: true, get: function () { return Shape_1.Shape; } });
${["Thing", "ThingBase", "ThingPage", "Color", "AnyId", "Tree"].map((name) => `__exportStar(require("./${name}"), exports);`).join("\n")}
`,
    [`${V1}/types/ThingBase.js`]: serializer(
      "ThingBase",
      {},
      `core.serialization.object({
    createdAt: core.serialization.property("created_at", core.serialization.date()),
})`,
    ),
    [`${V1}/types/Thing.js`]: serializer(
      "Thing",
      {
        ThingId_1: "../../../../commons/types/ThingId",
        Color_1: "./Color",
        Shape_1: "./Shape",
        ThingBase_1: "./ThingBase",
      },
      `core.serialization
    .object({
    thingId: core.serialization.property("thing_id", ThingId_1.ThingId),
    displayName: core.serialization.property("display_name", core.serialization.string().optional()),
    parentId: core.serialization.property("parent_id", ThingId_1.ThingId.nullable()),
    retiredAt: core.serialization.property("retired_at", core.serialization.date().optionalNullable()),
    colors: core.serialization.list(Color_1.Color),
    tags: core.serialization.set(core.serialization.string()),
    counts: core.serialization.record(core.serialization.string(), core.serialization.number()),
    byColor: core.serialization.property("by_color", core.serialization.partialRecord(Color_1.Color, core.serialization.boolean())),
    shape: Shape_1.Shape.optional(),
    version: core.serialization.stringLiteral("v1"),
    extra: core.serialization.unknown(),
})
    .extend(ThingBase_1.ThingBase)
    .withParsedProperties({ isRetired: (thing) => thing.retiredAt != null })`,
    ),
    [`${V1}/types/ThingPage.js`]: serializer(
      "ThingPage",
      {
        Thing_1: "./Thing",
        AnyId_1: "./AnyId",
        Tree_1: "./Tree",
        ThingSummary_1: "./ThingSummary",
        Json_1: "./Json",
      },
      `core.serialization.object({
    items: core.serialization.list(Thing_1.Thing),
    meta: Json_1.Json,
    summary: ThingSummary_1.ThingSummary.optional(),
    anyId: core.serialization.property("any_id", AnyId_1.AnyId.optional()),
    tree: Tree_1.Tree.optional(),
    nextPageToken: core.serialization.property("next_page_token", core.serialization.string().optional()),
})`,
    ),
    [`${V1}/types/Color.js`]: serializer(
      "Color",
      {},
      'core.serialization.enum_(["red", "green", "BLUE_ISH"])',
    ),
    [`${V1}/types/Shape.js`]: serializer(
      "Shape",
      { ThingBase_1: "./ThingBase", Point_1: "./Point" },
      `core.serialization
    .union(core.serialization.discriminant("shapeKind", "shape_kind"), {
    circle: core.serialization.object({ radiusMm: core.serialization.property("radius_mm", core.serialization.number()) }),
    based: ThingBase_1.ThingBase,
    point: Point_1.Point,
})
    .transform({ transform: (value) => value, untransform: (value) => value })`,
    ),
    // A member with no properties of its own, and a type that adds nothing to its base.
    [`${V1}/types/Point.js`]: serializer("Point", {}, "core.serialization.object({})"),
    // A named untyped value: a property of this type is optional to zurg.
    [`${V1}/types/Json.js`]: serializer("Json", {}, "core.serialization.unknown()"),
    [`${V1}/types/ThingSummary.js`]: serializer(
      "ThingSummary",
      { ThingBase_1: "./ThingBase" },
      "core.serialization.object({}).extend(ThingBase_1.ThingBase)",
    ),
    [`${V1}/types/AnyId.js`]: serializer(
      "AnyId",
      { ThingId_1: "../../../../commons/types/ThingId" },
      "core.serialization.undiscriminatedUnion([ThingId_1.ThingId, core.serialization.number()])",
    ),
    [`${V1}/types/Tree.js`]: `${serializer(
      "Tree",
      { serializers: "../../../../../index" },
      `core.serialization.object({
    children: core.serialization.list(core.serialization.lazyObject(() => serializers.things.v1.Tree)),
})`,
    )}`,
    [`${V1}/client/create.js`]: serializer(
      "Error",
      { ThingId_1: "../../../../commons/types/ThingId" },
      `core.serialization
    .union("errorName", {
    ThingConflictError: core.serialization.object({ content: ThingId_1.ThingId }),
    MysteryError: core.serialization.object({}),
    BadRequestError: core.serialization.object({ content: core.serialization.unknown() }),
})
    .transform({ transform: (value) => value, untransform: (value) => value })`,
    ),
    "api/resources/things/resources/v1/client/requests/ListThingsRequest.d.ts": `import type * as CandidApi from "../../../../../../index";
export interface ListThingsRequest {
    limit?: number;
    pageToken?: string;
    colors?: CandidApi.things.v1.Color | CandidApi.things.v1.Color[];
    since?: Date;
    sort?: CandidApi.things.v1.Color;
    type: string;
}
`,
    "api/resources/things/resources/v1/client/requests/UploadThingRequest.d.ts": `export interface UploadThingRequest {
    color: string;
    note?: string;
}
`,
    "api/resources/things/resources/v1/client/Client.d.ts": CLIENT_DTS,
    "api/resources/things/resources/v1/types/ThingBase.d.ts": `export interface ThingBase {
    /**
     * When the thing was made.
     * Set by the server.
     */
    createdAt: Date;
}
/** Not the interface: a namesake in another declaration kind is ignored. */
export declare const ThingBase: unknown;
`,
    "api/resources/things/resources/v1/types/Color.d.ts": `/**
 * A thing's color.
 */
export type Color = "red" | "green" | "BLUE_ISH";
`,
  };
  files["api/resources/things/resources/v1/client/Client.js"] = `${PRELUDE}exports.V1Client = void 0;
const core = __importStar(require("../../../../../../core"));
const environments = __importStar(require("../../../../../../environments"));
const serializers = __importStar(require("../../../../../../serialization/index"));
class V1Client {
    constructor(options) {
        this._options = options;
    }
${Object.values(methods).join("")}}
exports.V1Client = V1Client;
`;
  return new Map(Object.entries({ ...files, ...replace }));
}

/** Paths of the fixture's files, for tests that name them. */
export const FIXTURE_FILES = {
  thing: `${V1}/types/Thing.js`,
  client: "api/resources/things/resources/v1/client/Client.js",
} as const;
