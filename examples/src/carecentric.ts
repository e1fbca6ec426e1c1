// CareCentric (Graphnet): search patients on a FHIR R4 base as a signed-in user (password grant),
// the subscription key sent on API calls only.
//
// Runs against the mock CareCentric that ships with the package (`@caduceus/carecentric/testing`, in
// msw): `node dist/carecentric.js`. Your FHIR base URL, keys and user come from your Graphnet contract.
import { createCareCentricClient } from "@caduceus/carecentric";
import { createCareCentricMock } from "@caduceus/carecentric/testing";
import { dataOf, runExample } from "./support/run-example.js";

// No options read from the environment: this example always runs on the mock. `credentials` holds what you would pass for a
// real deployment: clientId, clientSecret, username, password, scope, subscriptionKey and the FHIR
// baseUrl issued to your organisation.
await runExample(createCareCentricMock(), "CARECENTRIC", [], async (credentials) => {
  const carecentric = createCareCentricClient({ ...credentials });
  const bundle = dataOf(await carecentric.GET("/Patient"), "patient search");
  console.log(`patients: ${bundle.total ?? bundle.entry?.length ?? 0} in a ${bundle.resourceType}`);
});
