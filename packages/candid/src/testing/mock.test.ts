import { describe, expect, it } from "vitest";
import { createCandidClient } from "../index.js";
import { createCandidMock } from "./index.js";

describe("createCandidMock tenants", () => {
  it("serves more clients' credentials, and rewrites only one tenant's token answer", async () => {
    const mock = createCandidMock({
      baseUrl: "https://candid.test",
      preEncounterBaseUrl: "https://pre.candid.test",
    });
    const fetchFrom = ((input: RequestInfo | URL, init?: RequestInit) =>
      mock.respond(new Request(input, init))) as typeof fetch;
    const hosts = { baseUrl: mock.baseUrl, preEncounterBaseUrl: mock.preEncounterBaseUrl, fetch: fetchFrom };
    const second = { clientId: "second-client", clientSecret: "second-secret" };
    const third = { clientId: "third-client", clientSecret: "third-secret" };
    mock.tenants.add("second", second);
    mock.tenants.add("third", third);
    mock.controls.rewriteTokenAnswers(1, (body) => ({ ...body, token_type: "MAC" }), { tenant: "second" });
    const clientOf = (credentials: typeof second) =>
      createCandidClient({ ...credentials, ...hosts, maxRetries: 0 });
    expect((await clientOf(mock.credentials).GET("/api/payers/v3")).response.status).toBe(200);
    expect((await clientOf(third).GET("/api/payers/v3")).response.status).toBe(200);
    // The rewritten answer names a token type the client cannot use: it refuses it.
    await expect(clientOf(second).GET("/api/payers/v3")).rejects.toThrow(/token_type is "MAC"/);
    const refused = await clientOf({ ...third, clientSecret: "not-it" })
      .GET("/api/payers/v3")
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ name: "TokenRequestError", status: 401 });
    expect(mock.tokenRequests.map((record) => record.tenant)).toEqual([
      undefined,
      "third",
      "second",
      "third",
    ]);
    expect(mock.apiRequests.map((record) => [record.subject, record.tenant])).toEqual([
      [mock.credentials.clientId, undefined],
      ["third-client", "third"],
    ]);
  });
});
