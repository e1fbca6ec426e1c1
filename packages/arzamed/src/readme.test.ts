import { MemoryTokenStore } from "@caduceus/auth-core";
import { useVendorReadme, withMsw } from "@caduceus/test-kit";
import { setupServer } from "msw/node";
import { describe, expect, it, vi } from "vitest";
import { createArzamedClient, isTokenRequestError } from "./index.js";
import { createArzamedMock } from "./testing/index.js";

// Every ```ts block of README.md runs here between `#region readme-N` markers, imports mapped from
// the package name to the sources; the first test (test-kit's useVendorReadme) keeps the two identical.
describe("README examples", () => {
  useVendorReadme({
    packageName: "@caduceus/arzamed",
    envPrefix: "ARZAMED_",
    test: import.meta.url,
    blocks: 3,
    compare: "layout",
  });

  it("quick start lists the clinic's doctors", async () => {
    const mock = createArzamedMock();
    process.env.ARZAMED_CLIENT_ID = mock.credentials.clientId;
    process.env.ARZAMED_CLIENT_SECRET = mock.credentials.clientSecret;
    process.env.ARZAMED_TOKEN_URL = mock.credentials.tokenUrl;
    await withMsw(mock.handlers, async () => {
      // #region readme-1
      const arzamed = createArzamedClient({
        clientId: process.env.ARZAMED_CLIENT_ID!,
        clientSecret: process.env.ARZAMED_CLIENT_SECRET!,
        // Issued with the key, per clinic (Equipe Settings → API Keys in the Arzamed client app).
        tokenUrl: process.env.ARZAMED_TOKEN_URL!,
      });

      const { data: doctors, response } = await arzamed.GET("/equipe/doctors");
      if (!doctors) throw new Error(`Arzamed answered ${response.status}`);
      const names = doctors.map((doctor) => doctor.name);
      // #endregion
      expect(names).toEqual(["Maria Rossi", "Luca Bianchi", "Giulia Esposito"]);
    });
  });

  it("errors example tells a revoked key from a refused token request", async () => {
    const mock = createArzamedMock();
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const logs = vi.spyOn(console, "log").mockImplementation(() => {});
    const tokenStore = new MemoryTokenStore();
    const working = createArzamedClient({ ...mock.credentials, tokenStore });
    const wrongSecret = createArzamedClient({
      ...mock.credentials,
      clientSecret: "rotated-away",
      tokenStore,
    });
    await withMsw(mock.handlers, async () => {
      for (const [arzamed, before] of [
        [working, () => {}],
        [working, () => mock.failApiRequests(3, 503)], // past the two retries of a GET
        [working, () => mock.revokeKey("demo")],
        [wrongSecret, () => {}],
      ] as const) {
        before();
        // #region readme-2
        try {
          const { data, response } = await arzamed.GET("/equipe/doctors");
          if (response.status === 403) console.error("The clinic's API key was revoked or has expired");
          else if (response.status === 503) console.error("Arzamed is unavailable; try again later");
          else console.log(data?.length);
        } catch (err) {
          if (!isTokenRequestError(err)) throw err;
          console.error(err.status, err.oauthError); // e.g. 401 "invalid_client"
        }
        // #endregion
      }
    });
    expect(logs.mock.calls).toEqual([[3]]);
    expect(errors.mock.calls).toEqual([
      ["Arzamed is unavailable; try again later"],
      ["The clinic's API key was revoked or has expired"],
      [401, "invalid_client"],
    ]);
  });

  it("testing example runs against the mock", async () => {
    const logged = vi.spyOn(console, "log").mockImplementation(() => {});
    // #region readme-3
    const mock = createArzamedMock({ clinics: [{ name: "harbour" }] });
    const server = setupServer(...mock.handlers);
    server.listen({ onUnhandledRequest: "error" });

    const demo = createArzamedClient({ ...mock.credentials });
    const { data } = await demo.GET("/equipe/doctors");
    server.close();

    console.log(data?.map((doctor) => doctor.name)); // [ 'Maria Rossi', 'Luca Bianchi', 'Giulia Esposito' ]
    console.log(mock.tokenRequests[0]?.url); // https://auth.arzamed.test/clinics/demo/oauth/token
    // #endregion
    expect(logged.mock.calls).toEqual([
      [["Maria Rossi", "Luca Bianchi", "Giulia Esposito"]],
      ["https://auth.arzamed.test/clinics/demo/oauth/token"],
    ]);
  });
});
