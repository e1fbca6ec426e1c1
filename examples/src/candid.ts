// Candid Health: search payers, list encounters, and see how a wrong secret fails.
//
// Runs against the mock Candid that ships with the package (`@caduceus/candid/testing`, in msw), so
// it needs no account: `node dist/candid.js`. With CANDID_CLIENT_ID and CANDID_CLIENT_SECRET set it
// calls Candid's staging environment instead; nothing else changes.
import { createCandidClient, isTokenRequestError } from "@caduceus/candid";
import { createCandidMock } from "@caduceus/candid/testing";
import { setupServer } from "msw/node";

const live = Boolean(process.env.CANDID_CLIENT_ID && process.env.CANDID_CLIENT_SECRET);
const mock = createCandidMock({ environment: "staging" });
const server = setupServer(...mock.handlers);
if (!live) server.listen({ onUnhandledRequest: "error" });

const credentials = live
  ? { clientId: process.env.CANDID_CLIENT_ID!, clientSecret: process.env.CANDID_CLIENT_SECRET! }
  : mock.credentials;
const candid = createCandidClient({ ...credentials, environment: "staging" });

try {
  // One token serves every call below: the client gets it once and reuses it until it expires.
  const payers = await candid.GET("/api/payers/v3", { params: { query: { limit: 5 } } });
  if (!payers.data) throw new Error(`searching payers failed: ${JSON.stringify(payers.error)}`);
  console.log(`payers: ${payers.data.items.map((payer) => payer.payer_name).join(", ")}`);

  const { data: page, error } = await candid.GET("/api/encounters/v4", { params: { query: { limit: 5 } } });
  if (error) throw new Error(`listing encounters failed: ${JSON.stringify(error)}`);
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
  if (!live) console.log(`token requests: ${mock.controls.stats.tokenRequests}`);
} finally {
  server.close();
}
