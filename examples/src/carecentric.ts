// CareCentric (Graphnet): search patients on a FHIR R4 base as a signed-in user (password grant),
// the subscription key sent on API calls only.
//
// Runs against the mock CareCentric that ships with the package (`@caduceus/carecentric/testing`, in
// msw): `node dist/carecentric.js`. Your FHIR base URL, keys and user come from your Graphnet contract.
import { createCareCentricClient } from "@caduceus/carecentric";
import { createCareCentricMock } from "@caduceus/carecentric/testing";
import { runExample } from "./support/run-example.js";

const mock = createCareCentricMock();

// `mock.credentials` holds what you would pass for a real deployment: clientId, clientSecret,
// username, password, scope, subscriptionKey and the FHIR baseUrl issued to your organisation.
const carecentric = createCareCentricClient({ ...mock.credentials });

await runExample(mock, false, async () => {
  const { data, error } = await carecentric.GET("/Patient");
  if (!data) throw new Error(`patient search failed: ${JSON.stringify(error)}`);
  console.log(`patients: ${data.total ?? data.entry?.length ?? 0} in a ${data.resourceType}`);
});
