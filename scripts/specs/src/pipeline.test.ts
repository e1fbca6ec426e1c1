import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { renderOperationsByMethod } from "./codegen.mjs";
import { VENDORS } from "./paths.mjs";
import { type BuildResult, buildVendor, writeVendorOutputs } from "./pipeline.mjs";
import { emptyDir, realSharedSpecs, refs } from "./test-support.ts";
import { HTTP_METHODS } from "./validate.mjs";

const built = new Map<string, BuildResult>();
beforeAll(async () => {
  for (const vendor of VENDORS) built.set(vendor, await buildVendor(vendor, { sharedDir: realSharedSpecs }));
});
const result = (vendor: string) => built.get(vendor)!;

function operations(doc: Record<string, any>) {
  return Object.entries(doc.paths).flatMap(([path, item]: [string, any]) =>
    HTTP_METHODS.filter((m) => item[m]).map((m) => ({ path, method: m, op: item[m], item })),
  );
}

function resolves(doc: Record<string, any>, ref: string) {
  let node: any = doc;
  for (const part of ref.slice(2).split("/")) node = node?.[part.replaceAll("~1", "/").replaceAll("~0", "~")];
  return node !== undefined;
}

describe("all five vendors", () => {
  it.each([...VENDORS])("%s validates and generates types", (vendor) => {
    const r = result(vendor);
    expect(r.operations).toBeGreaterThan(0);
    expect(r.types).toContain("export interface paths {");
    expect(r.types).toContain("export interface operations {");
    // One entry of operationsByMethod per operation.
    const byMethod = r.types.slice(r.types.indexOf("export interface operationsByMethod {"));
    expect(byMethod.match(/^ {8}".*": paths\[".*"\]\["[a-z]+"\];$/gm)).toHaveLength(r.operations);
  });
});

describe("operationsByMethod", () => {
  const doc = {
    paths: {
      "/pets": { get: { operationId: "list" }, post: { operationId: "add" } },
      "/pets/{id}": { $ref: "#/components/pathItems/pet" },
      '/odd/"quoted"': { get: { operationId: "odd" } },
    },
    components: { pathItems: { pet: { get: { operationId: "get" }, delete: { operationId: "remove" } } } },
  };

  it("lists each method's paths in the description's order, following path item $refs", () => {
    expect(renderOperationsByMethod(doc)).toBe(
      [
        '/** The operations of each HTTP method, by path: `operationsByMethod["get"][path]` is `paths[path]["get"]`. */',
        "export interface operationsByMethod {",
        "    get: {",
        '        "/pets": paths["/pets"]["get"];',
        '        "/pets/{id}": paths["/pets/{id}"]["get"];',
        '        "/odd/\\"quoted\\"": paths["/odd/\\"quoted\\""]["get"];',
        "    };",
        "    post: {",
        '        "/pets": paths["/pets"]["post"];',
        "    };",
        "    delete: {",
        '        "/pets/{id}": paths["/pets/{id}"]["delete"];',
        "    };",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("ends every generated file", () => {
    for (const vendor of VENDORS)
      expect(result(vendor).types.endsWith(`\n${renderOperationsByMethod(result(vendor).doc)}`)).toBe(true);
  });
});

describe("xcures overlay", () => {
  it("leaves no ProjectId header parameter on any operation", () => {
    const doc = result("xcures").doc;
    const ops = operations(doc);
    expect(ops).toHaveLength(69);
    const withProjectId = ops.filter(({ op, item }) =>
      [...(op.parameters ?? []), ...(item.parameters ?? [])].some(
        (p: { name?: string }) => p.name === "ProjectId",
      ),
    );
    expect(withProjectId).toEqual([]);
    expect(result("xcures").types).not.toMatch(/ProjectId[?]?: string/);
  });

  it("declares oauth2 client credentials and ProjectId as security, and exempts the token call", () => {
    const doc = result("xcures").doc;
    expect(doc.components.securitySchemes.oauth2.flows.clientCredentials.tokenUrl).toBe(
      "https://partner.xcures.com/oauth/token",
    );
    expect(doc.security).toEqual([{ oauth2: [], projectId: [] }]);
    expect(doc.paths["/oauth/token"].post.security).toEqual([]);
    expect(doc.paths["/api/v1/patient-registry/project"].get.security).toEqual([{ oauth2: [] }]);
  });

  it("types FHIR search results as a Bundle on 200", () => {
    const op = result("xcures").doc.paths["/api/v1/patient-registry/fhir/patient"].get;
    expect(op.responses["200"].content["application/json+fhir"].schema.$ref).toBe(
      "#/components/schemas/FhirBundle",
    );
    expect(op.responses.default).toBeUndefined();
  });
});

describe("parchment overlay", () => {
  it("resolves every $ref and defines the five missing schemas", () => {
    const doc = result("parchment").doc;
    const unresolved = refs(doc).filter((ref) => !resolves(doc, ref));
    expect(unresolved).toEqual([]);
    for (const name of [
      "UsersListResponse",
      "UserDetailsResponse",
      "UpdateUser",
      "UpdateUserResponse",
      "ExternalApiValidationErrorResponse",
    ]) {
      expect(doc.components.schemas[name], name).toBeDefined();
    }
  });

  it("names every operation and keeps x-organization-secret only on the token call", () => {
    const ops = operations(result("parchment").doc);
    expect(ops.every(({ op }) => typeof op.operationId === "string" && typeof op.summary === "string")).toBe(
      true,
    );
    const withSecret = ops
      .filter(({ op }) =>
        (op.parameters ?? []).some((p: { name: string }) => p.name === "x-organization-secret"),
      )
      .map(({ op }) => op.operationId);
    expect(withSecret).toEqual(["getToken"]);
  });
});

describe("candid (converted from the candidhealth SDK)", () => {
  it("has every operation of the SDK, each on its host, pre-encounter paths with their own servers", () => {
    const doc = result("candid").doc;
    const ops = operations(doc);
    expect(ops).toHaveLength(267);
    const hosts = ops.map(({ op }) => op["x-caduceus-host"]);
    expect(hosts.filter((host) => host === "candidApi")).toHaveLength(189);
    expect(hosts.filter((host) => host === "preEncounter")).toHaveLength(78);
    for (const { path, op, item } of ops) {
      if (op["x-caduceus-host"] === "candidApi") {
        expect(path.startsWith("/api/"), path).toBe(true);
        expect(item.servers, path).toBeUndefined();
      } else {
        expect(path.startsWith("/api/"), path).toBe(false);
        expect(item.servers[0].url, path).toBe("https://pre-api.joincandidhealth.com");
      }
    }
    expect(doc.servers[0].url).toBe("https://api.joincandidhealth.com");
    const eligibility = doc.paths["/coverages/v1/{id}/eligibility"].post;
    expect(eligibility["x-caduceus-host"]).toBe("preEncounter");
    expect(doc.paths["/api/events/v1/"].get.operationId).toBe("events.v1.scan");
  });

  it("gives the token endpoint its form body (overlay) and its declared errors", () => {
    const token = result("candid").doc.paths["/api/auth/v2/token"].post;
    expect(Object.keys(token.requestBody.content)).toEqual([
      "application/json",
      "application/x-www-form-urlencoded",
    ]);
    expect(token.security).toEqual([]);
    expect(token.responses["429"].content["application/json"].schema.$ref).toBe(
      "#/components/schemas/errors.TooManyRequestsError",
    );
    expect(token.responses["415"].content["application/json"].schema.$ref).toBe(
      "#/components/schemas/errors.InvalidContentTypeError",
    );
  });

  it("names the package, version and integrity in the generated header and attributes it in info", () => {
    const r = result("candid");
    expect(r.header).toMatch(
      /^\/\/ Generated by Caduceus spec pipeline from Candid Health API 1\.33\.0 \(npm candidhealth@1\.33\.0 sha512-\S+==, overlay [0-9a-f]{64}\)\. Do not edit\.$/,
    );
    expect(r.doc.info.license).toEqual({ name: "Apache-2.0", identifier: "Apache-2.0" });
    expect(r.warnings[0]).toMatch(
      /^3 Fern error\(s\) without a known HTTP status, described under "default": /,
    );
  });
});

describe("generated files", () => {
  it("carry the generated header naming the description, its version, the pin and the overlay", async () => {
    const out = await emptyDir();
    try {
      const r = result("xcures");
      const { typesFile, jsonFile } = await writeVendorOutputs(r, { outDir: out.dir });
      const text = await readFile(typesFile, "utf8");
      expect(text.split("\n")[0]).toBe(
        "// Generated by Caduceus spec pipeline from xCures API V1 (sha256 " +
          "4424f6f0315834bbf4e6d9677e21946645f10e9cf05b1ee2a7aa66c5713bf224, overlay " +
          `${r.overlaySha256}). Do not edit.`,
      );
      expect(r.overlaySha256).toMatch(/^[0-9a-f]{64}$/);
      const json = JSON.parse(await readFile(jsonFile, "utf8"));
      expect(json.info.title).toBe("xCures API");
    } finally {
      await out.cleanup();
    }
  });

  it("say 'no overlay' for the project's own descriptions", () => {
    expect(result("arzamed").header).toMatch(
      /^\/\/ Generated by Caduceus spec pipeline from Arzamed API \(Caduceus description\) \S+ \(sha256 [0-9a-f]{64}, no overlay\)\. Do not edit\.$/,
    );
  });
});
