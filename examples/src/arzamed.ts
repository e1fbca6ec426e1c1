// Arzamed: list a clinic's doctors. Each clinic has its own token URL, so `tokenUrl` is required.
//
// Runs against the mock Arzamed that ships with the package (`@caduceus/arzamed/testing`, in msw):
// `node dist/arzamed.js`. With ARZAMED_CLIENT_ID, ARZAMED_CLIENT_SECRET and ARZAMED_TOKEN_URL set it
// calls the real API instead.
import { createArzamedClient } from "@caduceus/arzamed";
import { createArzamedMock } from "@caduceus/arzamed/testing";
import { liveOrMock, runExample } from "./support/run-example.js";

const mock = createArzamedMock();
const { live, credentials } = liveOrMock(
  { clientId: "ARZAMED_CLIENT_ID", clientSecret: "ARZAMED_CLIENT_SECRET", tokenUrl: "ARZAMED_TOKEN_URL" },
  mock.credentials,
);

const arzamed = createArzamedClient(credentials);

await runExample(mock, live, async () => {
  const { data, error } = await arzamed.GET("/equipe/doctors");
  if (!data) throw new Error(`listing doctors failed: ${JSON.stringify(error)}`);
  console.log(`doctors: ${data.map((doctor) => doctor.name).join(", ")}`);
});
