// Arzamed: list a clinic's doctors. Each clinic has its own token URL, so `tokenUrl` is required.
//
// Runs against the mock Arzamed that ships with the package (`@caduceus/arzamed/testing`, in msw):
// `node dist/arzamed.js`. With ARZAMED_CLIENT_ID, ARZAMED_CLIENT_SECRET and ARZAMED_TOKEN_URL set it
// calls the real API instead.
import { createArzamedClient } from "@caduceus/arzamed";
import { createArzamedMock } from "@caduceus/arzamed/testing";
import { dataOf, runExample } from "./support/run-example.js";

await runExample(
  createArzamedMock(),
  "ARZAMED",
  ["clientId", "clientSecret", "tokenUrl"],
  async (credentials) => {
    const arzamed = createArzamedClient(credentials);
    const doctors = dataOf(await arzamed.GET("/equipe/doctors"), "listing doctors");
    console.log(`doctors: ${doctors.map((doctor) => doctor.name).join(", ")}`);
  },
);
