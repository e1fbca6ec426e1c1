// Arzamed: list a clinic's doctors. Each clinic has its own token URL, so `tokenUrl` is required.
//
// Runs against the mock Arzamed that ships with the package (`@caduceus/arzamed/testing`, in msw):
// `node dist/arzamed.js`. With ARZAMED_CLIENT_ID, ARZAMED_CLIENT_SECRET and ARZAMED_TOKEN_URL set it
// calls the real API instead.
import { createArzamedClient } from "@caduceus/arzamed";
import { createArzamedMock } from "@caduceus/arzamed/testing";
import { runExample } from "./support/run-example.js";

const env = process.env;
const live = Boolean(env.ARZAMED_CLIENT_ID && env.ARZAMED_CLIENT_SECRET && env.ARZAMED_TOKEN_URL);
const mock = createArzamedMock();

const arzamed = createArzamedClient(
  live
    ? {
        clientId: env.ARZAMED_CLIENT_ID!,
        clientSecret: env.ARZAMED_CLIENT_SECRET!,
        tokenUrl: env.ARZAMED_TOKEN_URL!,
      }
    : mock.credentials,
);

await runExample(mock, live, async () => {
  const { data, error } = await arzamed.GET("/equipe/doctors");
  if (!data) throw new Error(`listing doctors failed: ${JSON.stringify(error)}`);
  console.log(`doctors: ${data.map((doctor) => doctor.name).join(", ")}`);
});
