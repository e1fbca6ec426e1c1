import { describe, expect, it } from "vitest";
import { applyOverlay } from "./overlay.mjs";
import { validateDescription } from "./validate.mjs";

const doc = {
  openapi: "3.0.3",
  info: { title: "T", version: "1" },
  paths: {
    "/a": {
      get: {
        operationId: "getA",
        parameters: [
          { name: "Tenant", in: "header", required: true, schema: { type: "string" } },
          { name: "q", in: "query", schema: { type: "string" } },
        ],
        responses: { "200": { description: "ok" } },
      },
    },
  },
};

const overlay = (actions: string) => `overlay: 1.0.0\ninfo: { title: t, version: "1" }\nactions:\n${actions}`;

describe("applyOverlay", () => {
  it("removes nodes picked by a JSONPath filter and leaves the input untouched", async () => {
    const { doc: out, actions } = await applyOverlay(
      "demo",
      doc,
      overlay(`  - target: $.paths.*.*.parameters[?(@.name == 'Tenant')]\n    remove: true\n`),
      "overlay.yaml",
    );
    expect(actions).toBe(1);
    expect(out.paths["/a"].get.parameters.map((p: { name: string }) => p.name)).toEqual(["q"]);
    expect(doc.paths["/a"].get.parameters).toHaveLength(2);
  });

  it("fails naming the vendor, the file and each action that matched nothing", async () => {
    const text = overlay(
      `  - target: $.info\n    update: { description: fine }\n` +
        `  - target: $.paths['/gone'].get\n    description: Fix a vanished operation.\n    update: { summary: x }\n`,
    );
    await expect(applyOverlay("demo", doc, text, "specs/demo/overlay.yaml")).rejects.toMatchObject({
      code: "OVERLAY_TARGETS_NOTHING",
      message: expect.stringMatching(
        /^demo: specs\/demo\/overlay\.yaml: 1 action\(s\) matched nothing[\s\S]*action #2 \(Fix a vanished operation\.\): target \$\.paths\['\/gone'\]\.get/,
      ),
    });
  });

  it("refuses documents that are not Overlay 1.0", async () => {
    await expect(
      applyOverlay("demo", doc, "overlay: 2.0.0\ninfo: {title: t, version: '1'}\nactions: []", "o.yaml"),
    ).rejects.toMatchObject({
      code: "OVERLAY_INVALID",
      message: expect.stringMatching(/^demo: o\.yaml: overlay must be "1\.0\.0"/),
    });
    await expect(applyOverlay("demo", doc, "overlay: [", "o.yaml")).rejects.toMatchObject({
      code: "OVERLAY_INVALID",
      message: expect.stringMatching(/^demo: o\.yaml is not YAML/),
    });
  });
});

describe("validateDescription", () => {
  it("fails naming the vendor when the overlay leaves an invalid description", async () => {
    const { doc: broken } = await applyOverlay(
      "demo",
      doc,
      overlay(`  - target: $.paths['/a'].get.responses['200']\n    update: { example: { not: allowed } }\n`),
      "overlay.yaml",
    );
    await expect(validateDescription("demo", broken)).rejects.toMatchObject({
      code: "DESCRIPTION_INVALID",
      message: expect.stringMatching(/^demo: the final description is not valid OpenAPI:[\s\S]*example/),
    });
  });

  it("requires an operationId on every operation", async () => {
    const { doc: unnamed } = await applyOverlay(
      "demo",
      doc,
      overlay(`  - target: $.paths['/a'].get.operationId\n    remove: true\n`),
      "overlay.yaml",
    );
    await expect(validateDescription("demo", unnamed)).rejects.toThrow(
      /^demo: operations without operationId: GET \/a$/,
    );
  });
});

describe("applyOverlay on arrays", () => {
  // openapi-format splices matches by their original index; two matches in one array would remove the
  // wrong second element. The pipeline notices and refuses instead of shipping a wrong description.
  it("refuses a filtered remove that leaves matches behind", async () => {
    const many = structuredClone(doc);
    many.paths["/a"].get.parameters.push({
      name: "Tenant",
      in: "cookie",
      required: true,
      schema: { type: "string" },
    });
    await expect(
      applyOverlay(
        "demo",
        many,
        overlay(`  - target: $.paths.*.*.parameters[?(@.name == 'Tenant')]\n    remove: true\n`),
        "overlay.yaml",
      ),
    ).rejects.toMatchObject({
      code: "OVERLAY_INVALID",
      message: expect.stringMatching(/^demo: overlay\.yaml: action #1 left 1 match\(es\) of /),
    });
  });
});
