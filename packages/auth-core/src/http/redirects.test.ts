import { describe, expect, it } from "vitest";
import { ErrorCode } from "../errors/codes.js";
import { TokenRequestError } from "../errors/token-request-error.js";
import { json, useLoopbackServer } from "../test-support/loopback.js";
import { useLoopbackVendor } from "../test-support/loopback-vendor.js";
import { rejection } from "../test-support/scenario.js";

// docs/contract.md, behaviour 7: API redirects are followed by hand, same origin with
// credentials, another origin without any credential header; token requests never follow them.
const vendor = useLoopbackVendor();
const other = useLoopbackServer(); // another port on 127.0.0.1: another origin

type Paths = {
  "/things": {
    get: { responses: { 200: { content: { "application/json": unknown } } } };
    post: {
      requestBody: { content: { "application/json": unknown } };
      responses: { 200: { content: { "application/json": unknown } } };
    };
  };
};

const withVendorHeaders = () =>
  vendor.client<Paths>({
    apiHeaders: { ProjectId: "project-1", "x-organization-secret": "org-secret-1" },
    secretApiHeaders: ["x-organization-secret"],
    headers: { cookie: "session=1" },
  });

describe("API redirects", () => {
  it("to another origin: no Authorization, no vendor credential header, no cookie", async () => {
    vendor.api((_req, res) => res.writeHead(302, { location: `${other.origin}/landing` }).end());
    other.handle((_req, res) => json(res, 200, { landed: true }));
    const { data } = await withVendorHeaders().GET("/things");
    expect(data).toEqual({ landed: true });
    const [landed] = other.seen;
    expect(landed?.headers.authorization).toBeUndefined();
    expect(landed?.headers.projectid).toBeUndefined();
    expect(landed?.headers["x-organization-secret"]).toBeUndefined();
    expect(landed?.headers.cookie).toBeUndefined();
  });

  it("on the same origin: keeps them, and re-sends the body of a 307", async () => {
    let hops = 0;
    vendor.api((req, res, _body, ok) => {
      if (req.url === "/api/things") return res.writeHead(307, { location: "/api/moved" }).end();
      hops++;
      return ok ? json(res, 200, { moved: true }) : json(res, 401, {});
    });
    const { data } = await withVendorHeaders().POST("/things", { body: { a: 1 } });
    expect(data).toEqual({ moved: true });
    expect(hops).toBe(1);
    const moved = vendor.apiRequests()[1];
    expect(moved?.method).toBe("POST");
    expect(moved?.body.toString()).toBe('{"a":1}');
    expect(moved?.headers.authorization).toMatch(/^Bearer tok-\d+$/);
    expect(moved?.headers.authorization).toBe(vendor.apiRequests()[0]?.headers.authorization);
    expect(moved?.headers.projectid).toBe("project-1");
    expect(moved?.headers["x-organization-secret"]).toBe("org-secret-1");
  });

  it("turns a 303 into a GET without a body", async () => {
    vendor.api((req, res) =>
      req.url === "/api/things"
        ? res.writeHead(303, { location: "/api/result" }).end()
        : json(res, 200, { ok: 1 }),
    );
    await vendor.client<Paths>().POST("/things", { body: { a: 1 } });
    const result = vendor.apiRequests()[1];
    expect(result?.method).toBe("GET");
    expect(result?.body.byteLength).toBe(0);
    expect(result?.headers["content-type"]).toBeUndefined();
  });

  it("regression: a 401 from another origin reached by a redirect does not drop our token", async () => {
    vendor.api((_req, res) => res.writeHead(302, { location: `${other.origin}/elsewhere` }).end());
    other.handle((_req, res) => json(res, 401, { error: "who are you" }));
    const client = vendor.client<Paths>();
    const { response } = await client.GET("/things");
    expect(response.status).toBe(401);
    await client.GET("/things");
    expect(vendor.tokenRequests()).toHaveLength(1);
    expect(other.seen).toHaveLength(2);
  });

  it("regression: an unusable Location hands back the 3xx instead of throwing", async () => {
    vendor.api((_req, res) => res.writeHead(302, { location: "http://[::1" }).end());
    const { response } = await vendor.client<Paths>().GET("/things");
    expect(response.status).toBe(302);
  });

  it("honours redirect: manual, and stops after 20 hops", async () => {
    vendor.api((_req, res) => res.writeHead(302, { location: "/api/things" }).end());
    const manual = await vendor.client<Paths>().GET("/things", { redirect: "manual" });
    expect(manual.response.status).toBe(302);
    expect(vendor.apiRequests()).toHaveLength(1);
    const loop = await vendor.client<Paths>().GET("/things");
    expect(loop.response.status).toBe(302);
    expect(vendor.apiRequests()).toHaveLength(1 + 21);
  });
});

describe("token endpoint redirects", () => {
  it("are an error naming tokenUrl, never followed and never retried", async () => {
    vendor.server.handle((req, res) =>
      req.url === "/token"
        ? res.writeHead(307, { location: `${other.origin}/token` }).end()
        : json(res, 200, {}),
    );
    other.handle((_req, res) => json(res, 200, { access_token: "stolen" }));
    const error = (await rejection(vendor.client<Paths>().GET("/things"))) as TokenRequestError;
    expect(error).toBeInstanceOf(TokenRequestError);
    expect(error).toMatchObject({ code: ErrorCode.TokenRequestRedirected, status: 307, attempts: 1 });
    expect(error.message).toContain("tokenUrl");
    expect(other.seen).toHaveLength(0);
    expect(vendor.server.seen.filter((r) => r.url === "/token")).toHaveLength(1);
  });
});
