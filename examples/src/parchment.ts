// Parchment Health: list the organisation's users with a partner token, the organisation secret added
// to every call by the client.
//
// Runs against the mock Parchment that ships with the package (`@caduceus/parchment/testing`, in msw):
// `node dist/parchment.js`. With the PARCHMENT_* variables below set it calls Parchment's sandbox.
import { createParchmentClient, PARCHMENT_SCOPES } from "@caduceus/parchment";
import { createParchmentMock } from "@caduceus/parchment/testing";
import { runExample } from "./support/run-example.js";

const env = process.env;
const names = ["PARTNER_ID", "PARTNER_SECRET", "ORGANIZATION_ID", "ORGANIZATION_SECRET", "USER_ID"];
const live = names.every((name) => env[`PARCHMENT_${name}`]);
const mock = createParchmentMock({ environment: "sandbox" });

const credentials = live
  ? {
      partnerId: env.PARCHMENT_PARTNER_ID!,
      partnerSecret: env.PARCHMENT_PARTNER_SECRET!,
      organizationId: env.PARCHMENT_ORGANIZATION_ID!,
      organizationSecret: env.PARCHMENT_ORGANIZATION_SECRET!,
      userId: env.PARCHMENT_USER_ID!,
      scope: [...PARCHMENT_SCOPES],
    }
  : mock.credentials;
// A token belongs to one organisation, user and scope set; the client keys its cache on all of them.
const parchment = createParchmentClient({ ...credentials, environment: "sandbox" });

await runExample(mock, live, async () => {
  const { data, error } = await parchment.GET("/v1/organizations/{organization_id}/users", {
    params: { path: { organization_id: credentials.organizationId } },
  });
  if (!data) throw new Error(`listing users failed: ${JSON.stringify(error)}`);
  console.log(
    `users: ${JSON.stringify(data.data).length > 2 ? "listed" : "none"} (success: ${data.success})`,
  );
});
