import { http } from "msw";
import { describe, expect, it } from "vitest";
import { AbortError } from "../errors/abort-error.js";
import { TimeoutError } from "../errors/timeout-error.js";
import { useMsw } from "../test-support/msw.js";
import { API_BASE, drive, rejection, scenario, trickling } from "../test-support/scenario.js";

// The call's deadline bounds reading the body however the caller reads it: through openapi-fetch's
// parsers (the shadowed readers), through `response.body` (parseAs "stream"), or both in turn; the
// timer goes when the body has been read.
const server = useMsw();

describe("reading the body of an API call", () => {
  it("through parseAs 'stream': the bytes arrive whole and the timer goes at the end", async () => {
    const env = scenario(server, { client: { timeoutMs: 1_000 } });
    const { data, response } = await env.make().GET("/things", { parseAs: "stream" });
    expect(env.clock.pendingTimers).toBe(1); // the body is not read yet: the deadline still runs
    expect(response.body).toBe(data); // one stream, made once
    expect(await new Response(data).json()).toEqual({ ok: true });
    expect(env.clock.pendingTimers).toBe(0);
  });

  it("through parseAs 'stream': a trickling body errors with a TimeoutError at the deadline", async () => {
    const env = scenario(server, { client: { timeoutMs: 1_000 } });
    server.use(http.get(`${API_BASE}/things`, trickling));
    const { data } = await env.make().GET("/things", { parseAs: "stream" });
    const reader = (data as ReadableStream<Uint8Array>).getReader();
    await reader.read(); // the "{"
    const read = rejection(reader.read());
    expect(await drive(env.clock, read, 100)).toBeInstanceOf(TimeoutError);
    expect(env.clock.pendingTimers).toBe(0);
  });

  it("through a reader after `body` was looked at: json() reads the stream the caller saw", async () => {
    const env = scenario(server, { client: { timeoutMs: 1_000 } });
    const { response } = await env.make().GET("/things", { parseAs: "stream" });
    expect(response.body).not.toBeNull();
    expect(await response.json()).toEqual({ ok: true });
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError); // read once, as any Response
    expect(env.clock.pendingTimers).toBe(0);
  });

  it("through the readers: the timer goes when text() resolves; a second read fails as on any Response", async () => {
    const env = scenario(server, { client: { timeoutMs: 1_000 } });
    const { data, response } = await env.make().GET("/things", { parseAs: "text" });
    expect(data).toBe('{"ok":true}');
    expect(env.clock.pendingTimers).toBe(0);
    await expect(response.json()).rejects.toThrow(TypeError);
  });

  it("is cut by the caller's abort while a reader waits, with an AbortError", async () => {
    const env = scenario(server, { client: { timeoutMs: 10_000 } });
    server.use(http.get(`${API_BASE}/things`, trickling));
    const controller = new AbortController();
    const { response } = await env.make().GET("/things", { parseAs: "stream", signal: controller.signal });
    const reading = rejection(response.text());
    controller.abort("user left");
    const error = (await reading) as AbortError;
    expect(error).toBeInstanceOf(AbortError);
    expect(error.cause).toMatchObject({ message: "user left" });
    expect(env.clock.pendingTimers).toBe(0);
  });

  it("rejects at once when the deadline passed before the caller started reading", async () => {
    const env = scenario(server, { client: { timeoutMs: 1_000 } });
    const { response } = await env.make().GET("/things", { parseAs: "stream" });
    await env.clock.advance(1_000);
    expect(await rejection(response.json())).toBeInstanceOf(TimeoutError);
    expect(env.clock.pendingTimers).toBe(0);
  });
});
