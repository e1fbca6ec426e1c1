// Candid Health: search payers, list encounters, and see how a wrong secret fails.
//
// Runs against the mock Candid that ships with the package (`@caduceus/candid/testing`, in msw), so
// it needs no account: `node dist/candid.js`. With CANDID_CLIENT_ID and CANDID_CLIENT_SECRET set it
// calls Candid's staging environment instead; nothing else changes.
import { createCandidClient, isTokenRequestError } from "@caduceus/candid";
import { createCandidMock } from "@caduceus/candid/testing";
import { dataOf, runExample } from "./support/run-example.js";

await runExample(
  createCandidMock({ environment: "staging" }),
  "CANDID",
  ["clientId", "clientSecret"],
  async (credentials) => {
    const candid = createCandidClient({ ...credentials, environment: "staging" });
    // One token serves every call below: the client gets it once and reuses it until it expires.
    const payers = dataOf(
      await candid.GET("/api/payers/v3", { params: { query: { limit: 5 } } }),
      "searching payers",
    );
    console.log(`payers: ${payers.items.map((payer) => payer.payer_name).join(", ")}`);

    const page = dataOf(
      await candid.GET("/api/encounters/v4", { params: { query: { limit: 5 } } }),
      "listing encounters",
    );
    console.log(`encounters: ${page.items.length} on the first page`);

    const wrong = createCandidClient({
      clientId: credentials.clientId,
      clientSecret: "not-the-secret",
      environment: "staging",
    });
    try {
      await wrong.GET("/api/encounters/v4");
      throw new Error("a wrong secret was accepted");
    } catch (failure) {
      // Token failures reject the call with a typed error; branch on `code`, never on the message.
      if (!isTokenRequestError(failure)) throw failure;
      console.log(`wrong secret: ${failure.name} ${failure.code} (HTTP ${failure.status})`);
    }
  },
);
