import { describe, expect, it } from "vitest";
import { useMsw } from "../test-support/msw.js";
import { API_BASE, scenario } from "../test-support/scenario.js";
import { callRequestClass, hasNoCallerSignal } from "./call-request.js";

// The client's Request class tells the fetch wrapper when a call has no caller's signal (one abort
// listener fewer per call), and must not change anything else openapi-fetch or a middleware sees.
const server = useMsw();

describe("the client's Request class", () => {
  const CallRequest = callRequestClass();

  it("marks a request built without a signal, and only that one", () => {
    expect(hasNoCallerSignal(new CallRequest(`${API_BASE}/things`))).toBe(true);
    expect(hasNoCallerSignal(new CallRequest(`${API_BASE}/things`, { method: "POST", body: "x" }))).toBe(
      true,
    );
    const withSignal = new CallRequest(`${API_BASE}/things`, { signal: new AbortController().signal });
    expect(hasNoCallerSignal(withSignal)).toBe(false);
    // From another Request: that one's signal comes along, so nothing is assumed.
    expect(hasNoCallerSignal(new CallRequest(withSignal))).toBe(false);
    expect(hasNoCallerSignal(new Request(`${API_BASE}/things`))).toBe(false);
  });

  it("counts any Request as an instance, as openapi-fetch checks what middlewares return", () => {
    expect(new Request(`${API_BASE}/things`)).toBeInstanceOf(CallRequest);
    expect(new CallRequest(`${API_BASE}/things`)).toBeInstanceOf(Request);
    expect({}).not.toBeInstanceOf(CallRequest);
  });

  it("lets a user's middleware return a Request of its own making", async () => {
    const env = scenario(server);
    const client = env.make();
    client.use({
      onRequest: ({ request }) =>
        new Request(request, { headers: { ...Object.fromEntries(request.headers), "x-trace": "t-1" } }),
    });
    const { data } = await client.GET("/things");
    expect(data).toEqual({ ok: true });
    expect(env.apiRequests[0]?.headers.get("x-trace")).toBe("t-1");
  });

  it("still lets a caller's signal abort the call", async () => {
    const env = scenario(server);
    const client = env.make();
    await client.GET("/things"); // token cached: the abort below hits the API call itself
    const controller = new AbortController();
    controller.abort("gone");
    await expect(client.GET("/things", { signal: controller.signal })).rejects.toMatchObject({
      name: "AbortError",
    });
  });
});
