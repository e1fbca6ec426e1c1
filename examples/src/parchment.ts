// Parchment Health: list the organisation's users with a partner token, the organisation secret added
// to every call by the client.
//
// Runs against the mock Parchment that ships with the package (`@caduceus/parchment/testing`, in msw):
// `node dist/parchment.js`. With the PARCHMENT_* variables below set it calls Parchment's sandbox.
import { createParchmentClient, PARCHMENT_SCOPES } from "@caduceus/parchment";
import { createParchmentMock } from "@caduceus/parchment/testing";
import { dataOf, runExample } from "./support/run-example.js";

await runExample(
  createParchmentMock({ environment: "sandbox" }),
  "PARCHMENT",
  ["partnerId", "partnerSecret", "organizationId", "organizationSecret", "userId"],
  async (credentials) => {
    // A token belongs to one organisation, user and scope set; the client keys its cache on all of them.
    const parchment = createParchmentClient({
      scope: [...PARCHMENT_SCOPES],
      ...credentials,
      environment: "sandbox",
    });
    const users = dataOf(
      await parchment.GET("/v1/organizations/{organization_id}/users", {
        params: { path: { organization_id: credentials.organizationId } },
      }),
      "listing users",
    );
    console.log(
      `users: ${JSON.stringify(users.data).length > 2 ? "listed" : "none"} (success: ${users.success})`,
    );
  },
);
