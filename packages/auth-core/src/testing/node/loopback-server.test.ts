import { describe, expect, it } from "vitest";
import { serveLoopback } from "./loopback-server.js";

describe("serveLoopback", () => {
  it("serves a WHATWG handler on 127.0.0.1, body and headers both ways", async () => {
    const server = await serveLoopback(async (request) =>
      Response.json(
        { method: request.method, path: new URL(request.url).pathname, body: await request.text() },
        { status: 201, headers: { "x-seen": request.headers.get("x-probe") ?? "" } },
      ),
    );
    try {
      expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${server.origin}/a/b?c=1`, {
        method: "POST",
        body: "hello",
        headers: { "x-probe": "p" },
      });
      expect(response.status).toBe(201);
      expect(response.headers.get("x-seen")).toBe("p");
      expect(await response.json()).toEqual({ method: "POST", path: "/a/b", body: "hello" });
      expect(server.connections).toBeGreaterThanOrEqual(1);
    } finally {
      await server.close();
    }
  });

  it("turns Response.error() into a reset and a throwing handler into a 500", async () => {
    const server = await serveLoopback((request) => {
      if (request.url.endsWith("/reset")) return Response.error();
      throw new Error("handler broke");
    });
    try {
      await expect(fetch(`${server.origin}/reset`)).rejects.toThrow(TypeError);
      const broken = await fetch(`${server.origin}/other`);
      expect([broken.status, await broken.text()]).toEqual([500, "handler broke"]);
    } finally {
      await server.close();
    }
  });
});
