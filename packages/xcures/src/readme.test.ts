import { startMsw, useVendorReadme } from "@caduceus/test-kit";
import { setupServer } from "msw/node";
import { describe, expect, it, vi } from "vitest";
import { createXcuresClient, isTokenRequestError } from "./index.js";
import { createFakeClock, createXcuresMock } from "./testing/index.js";

// Every ```ts block of README.md runs here between `#region readme-N` markers, imports mapped from
// the package name to the sources; the first test (test-kit's useVendorReadme) keeps the two identical.
/** A mock on its own server, with a secret of its own so tokens cached by other tests never apply. */
function serve(secret: string) {
  const mock = createXcuresMock({ credentials: { clientSecret: secret } });
  const server = startMsw(...mock.handlers);
  return { mock, server };
}

describe("README examples", () => {
  useVendorReadme({
    packageName: "@caduceus/xcures",
    envPrefix: "XCURES_",
    test: import.meta.url,
    blocks: 3,
    compare: "layout",
  });

  it("quick start lists subjects", async () => {
    const { mock, server } = serve("readme-quick-start-secret");
    process.env.XCURES_CLIENT_ID = mock.credentials.clientId;
    process.env.XCURES_CLIENT_SECRET = mock.credentials.clientSecret;
    process.env.XCURES_PROJECT_ID = mock.credentials.projectId;
    try {
      // #region readme-1
      const xcures = createXcuresClient({
        clientId: process.env.XCURES_CLIENT_ID!,
        clientSecret: process.env.XCURES_CLIENT_SECRET!,
        projectId: process.env.XCURES_PROJECT_ID!,
      });

      // The first call obtains a token; later calls (and other clients of the same key) reuse it.
      const { data, response } = await xcures.GET("/api/v1/patient-registry/subject", {
        params: { query: { lastName: "Mann", pageSize: 10 } },
      });
      if (!data) throw new Error(`xCures answered ${response.status}`); // v1 errors have no typed body
      const names = data.results.map(
        (subject) => `${subject.identifier} ${subject.firstName} ${subject.lastName}`,
      );
      // #endregion
      expect(names).toEqual(["ABCD12 David Mann"]);
      expect(mock.apiRequests[0]?.headers.projectid).toBe(mock.credentials.projectId);
    } finally {
      server.close();
    }
  });

  it("errors example reports ProblemDetails and token failures", async () => {
    const { mock, server } = serve("readme-errors-secret");
    const logged = vi.spyOn(console, "log").mockImplementation(() => {});
    const failed = vi.spyOn(console, "error").mockImplementation(() => {});
    const run = async (xcures: ReturnType<typeof createXcuresClient>) => {
      // #region readme-2
      try {
        const { data, error } = await xcures.POST("/api/v2/patient-registry/subject", {
          body: { id: crypto.randomUUID(), firstName: "Ana", lastName: "Lima", birthDate: "1980-04-01" },
        });
        if (data)
          console.log(data.identifier); // e.g. "KX7P2Q"
        else console.error(`${error?.title}: ${error?.detail}`); // e.g. "Conflict: A subject with id … already exists"
      } catch (err) {
        if (!isTokenRequestError(err)) throw err;
        console.error(err.status, err.errorDescription); // e.g. 401 "Invalid client credentials"
      }
      // #endregion
    };
    try {
      await run(createXcuresClient({ ...mock.credentials }));
      await run(createXcuresClient({ ...mock.credentials, clientSecret: "a-revoked-secret" }));
      const conflict = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
      vi.spyOn(crypto, "randomUUID").mockReturnValue(conflict);
      await run(createXcuresClient({ ...mock.credentials }));
    } finally {
      server.close();
    }
    expect(logged).toHaveBeenCalledWith(expect.stringMatching(/^[A-Z0-9]{6}$/));
    expect(failed.mock.calls).toEqual([
      [401, "Invalid client credentials"],
      ["Conflict: A subject with id 3fa85f64-5717-4562-b3fc-2c963f66afa6 already exists in this project"],
    ]);
  });

  it("testing example runs against the mock", async () => {
    const logged = vi.spyOn(console, "log").mockImplementation(() => {});
    // #region readme-3
    const clock = createFakeClock();
    const mock = createXcuresMock({ clock, tokenLifetimeSeconds: 600 });
    const server = setupServer(...mock.handlers);
    server.listen({ onUnhandledRequest: "error" });

    const client = createXcuresClient({ ...mock.credentials, clock });
    const first = await client.GET("/api/v1/patient-registry/subject");
    await clock.advance(601_000); // past the token's exp: the client fetches a new one
    const second = await client.GET("/api/v1/patient-registry/subject");
    server.close();

    console.log(first.data?.totalCount, second.data?.totalCount); // 3 3: the mock's example subjects
    console.log(mock.controls.stats.tokenRequests); // 2
    console.log(mock.apiRequests[0]?.headers.projectid === mock.credentials.projectId); // true
    // #endregion
    expect(logged.mock.calls).toEqual([[3, 3], [2], [true]]);
  });
});
