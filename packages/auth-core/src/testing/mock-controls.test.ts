import { describe, expect, it } from "vitest";
import { createMockControls } from "./mock-controls.js";

describe("createMockControls", () => {
  it("queues token faults, then none; answers JSON or text", async () => {
    const controls = createMockControls();
    controls.failTokenRequests(2, { status: 503, body: { error: "busy" }, headers: { "retry-after": "1" } });
    controls.failTokenRequests(1, { status: 500, body: "oops" });
    const first = controls.takeTokenFault();
    expect(first?.status).toBe(503);
    expect(first?.headers.get("retry-after")).toBe("1");
    expect(await first?.json()).toEqual({ error: "busy" });
    expect(controls.takeTokenFault()?.status).toBe(503);
    const text = controls.takeTokenFault();
    expect(text?.headers.get("content-type")).toBe("text/plain");
    expect(await text?.text()).toBe("oops");
    expect(controls.takeTokenFault()).toBeUndefined();
  });

  it("counts and resets", () => {
    const controls = createMockControls();
    controls.stats.tokenRequests += 2;
    controls.stats.apiRequests += 3;
    controls.failTokenRequests(1, { status: 429 });
    controls.reset();
    expect(controls.stats).toEqual({ tokenRequests: 0, apiRequests: 0, unauthorized: 0 });
    expect(controls.takeTokenFault()).toBeUndefined();
  });
});
