import { useVendorReadme, withMsw } from "@caduceus/test-kit";
import { setupServer } from "msw/node";
import { describe, expect, it, vi } from "vitest";
import { createParchmentClient, isTokenRequestError } from "./index.js";
import { createParchmentMock } from "./testing/index.js";

// Every ```ts block of README.md runs here between `#region readme-N` markers, imports mapped from
// the package name to the sources; the first test (test-kit's useVendorReadme) keeps the two identical.
function useEnv(credentials: ReturnType<typeof createParchmentMock>["credentials"]) {
  process.env.PARCHMENT_PARTNER_ID = credentials.partnerId;
  process.env.PARCHMENT_PARTNER_SECRET = credentials.partnerSecret;
  process.env.PARCHMENT_ORGANIZATION_ID = credentials.organizationId;
  process.env.PARCHMENT_ORGANIZATION_SECRET = credentials.organizationSecret;
  process.env.PARCHMENT_USER_ID = credentials.userId;
}

describe("README examples", () => {
  useVendorReadme({
    packageName: "@caduceus/parchment",
    envPrefix: "PARCHMENT_",
    test: import.meta.url,
    blocks: 3,
    compare: "layout",
  });

  it("quick start creates a patient in the sandbox", async () => {
    const mock = createParchmentMock({ environment: "sandbox" });
    useEnv(mock.credentials);
    await withMsw(mock.handlers, async () => {
      // #region readme-1
      const organizationId = process.env.PARCHMENT_ORGANIZATION_ID!;
      const userId = process.env.PARCHMENT_USER_ID!;

      const parchment = createParchmentClient({
        partnerId: process.env.PARCHMENT_PARTNER_ID!,
        partnerSecret: process.env.PARCHMENT_PARTNER_SECRET!,
        organizationId,
        organizationSecret: process.env.PARCHMENT_ORGANIZATION_SECRET!,
        userId,
        scope: ["create:patient", "read:patient_prescription"],
        environment: "sandbox",
      });

      // The first call obtains a token; later calls reuse it until shortly before it expires.
      const { data, error } = await parchment.POST(
        "/v1/organizations/{organization_id}/users/{user_id}/patients",
        {
          params: { path: { organization_id: organizationId, user_id: userId } },
          body: {
            given_name: "Jane",
            family_name: "Citizen",
            date_of_birth: "1985-03-15",
            sex: "F",
            partner_patient_id: "CLINIC#42",
          },
        },
      );
      if (error) throw new Error(`${error.error.title}: ${error.error.detail} (${error.requestId})`);
      const patientId = data.data?.parchment_patient_id;
      // #endregion
      expect(patientId).toMatch(/^pat_mock_/);
      expect(mock.tokenRequests[0]?.fields).toStrictEqual({
        grantType: "client_credentials",
        scope: ["create:patient", "read:patient_prescription"],
      });
    });
  });

  it("errors example reports Parchment's message and request id", async () => {
    const mock = createParchmentMock();
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const organizationId = mock.credentials.organizationId;
    const parchment = createParchmentClient({ ...mock.credentials, partnerSecret: "revoked-partner-secret" });
    await withMsw(mock.handlers, async () => {
      // #region readme-2
      try {
        await parchment.GET("/v1/organizations/{organization_id}/validate", {
          params: { path: { organization_id: organizationId } },
        });
      } catch (err) {
        if (!isTokenRequestError(err)) throw err;
        // e.g. 401 "Unauthorized: Invalid partner credentials provided." req_…
        console.error(err.status, err.errorDescription, err.requestId);
      }
      // #endregion
    });
    expect(logged).toHaveBeenCalledWith(
      401,
      "Unauthorized: Invalid partner credentials provided.",
      expect.stringMatching(/^req_/),
    );
  });

  it("testing example runs against the mock", async () => {
    const logged = vi.spyOn(console, "log").mockImplementation(() => {});
    // #region readme-3
    const mock = createParchmentMock();
    const server = setupServer(...mock.handlers);
    server.listen({ onUnhandledRequest: "error" });

    const client = createParchmentClient({ ...mock.credentials });
    const users = await client.GET("/v1/organizations/{organization_id}/users", {
      params: { path: { organization_id: mock.credentials.organizationId } },
    });
    server.close();

    console.log(users.data?.data?.users.length); // 2: the mock's prescriber and receptionist
    console.log(mock.controls.stats.tokenRequests); // 1
    console.log(mock.tokenRequests[0]?.fields); // { grantType: "client_credentials", scope: [...] }
    // #endregion
    expect(logged.mock.calls[0]).toEqual([2]);
    expect(logged.mock.calls[1]).toEqual([1]);
    expect(logged.mock.calls[2]?.[0]).toMatchObject({ grantType: "client_credentials" });
  });
});
