// The five vendors as the demo drives them: factory, mock kit, one representative call, and the
// environment variables of the live mode. Everything else is shared in run.mjs.
import { createArzamedClient } from "@caduceus/arzamed";
import { createArzamedMock } from "@caduceus/arzamed/testing";
import { createCandidClient } from "@caduceus/candid";
import { createCandidMock } from "@caduceus/candid/testing";
import { createCareCentricClient } from "@caduceus/carecentric";
import { createCareCentricMock } from "@caduceus/carecentric/testing";
import { createParchmentClient } from "@caduceus/parchment";
import { createParchmentMock } from "@caduceus/parchment/testing";
import { createSmartFhirClient } from "@caduceus/smart-fhir";
import { createSmartFhirMock } from "@caduceus/smart-fhir/testing";
import { createXcuresClient } from "@caduceus/xcures";
import { createXcuresMock } from "@caduceus/xcures/testing";

/** A wrong secret for the failure row: long enough to be scrubbed, obviously fake. */
const WRONG = "demo-wrong-secret-0000";

/** The failure row of SMART on FHIR: a private key the mock server never registered (PKCS#8 PEM). */
const strangerKey = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-384" }, true, ["sign"]);
const WRONG_KEY = `-----BEGIN PRIVATE KEY-----\n${Buffer.from(
  await crypto.subtle.exportKey("pkcs8", strangerKey.privateKey),
).toString("base64")}\n-----END PRIVATE KEY-----\n`;

export const vendors = [
  {
    name: "xcures",
    title: "xCures",
    operation: "GET /api/v1/patient-registry/subject",
    createMock: createXcuresMock,
    createClient: createXcuresClient,
    call: (client) => client.GET("/api/v1/patient-registry/subject", { params: { query: { pageSize: 10 } } }),
    wrongCredentials: { clientSecret: WRONG },
    live: {
      required: {
        clientId: "XCURES_CLIENT_ID",
        clientSecret: "XCURES_CLIENT_SECRET",
        projectId: "XCURES_PROJECT_ID",
      },
    },
    liveOperation: "GET /api/v1/patient-registry/project",
    liveCall: (client) => client.GET("/api/v1/patient-registry/project"),
  },
  {
    name: "parchment",
    title: "Parchment Health",
    operation: "GET /v1/organizations/{organization_id}/validate",
    createMock: createParchmentMock,
    createClient: createParchmentClient,
    call: (client, options) => validateParchment(client, options),
    wrongCredentials: { partnerSecret: WRONG },
    live: {
      required: {
        partnerId: "PARCHMENT_PARTNER_ID",
        partnerSecret: "PARCHMENT_PARTNER_SECRET",
        organizationId: "PARCHMENT_ORGANIZATION_ID",
        organizationSecret: "PARCHMENT_ORGANIZATION_SECRET",
        userId: "PARCHMENT_USER_ID",
        scope: "PARCHMENT_SCOPE",
      },
      optional: { environment: "PARCHMENT_ENVIRONMENT" },
    },
    liveOperation: "GET /v1/organizations/{organization_id}/validate",
    liveCall: (client, options) => validateParchment(client, options),
  },
  {
    name: "carecentric",
    title: "CareCentric (Graphnet)",
    operation: "GET /Patient?identifier=…",
    createMock: createCareCentricMock,
    createClient: createCareCentricClient,
    call: (client) =>
      client.GET("/Patient", {
        params: { query: { identifier: "https://fhir.nhs.uk/Id/nhs-number|9000000009" } },
      }),
    wrongCredentials: { clientSecret: WRONG },
    live: {
      required: {
        clientId: "CARECENTRIC_CLIENT_ID",
        clientSecret: "CARECENTRIC_CLIENT_SECRET",
        baseUrl: "CARECENTRIC_BASE_URL",
      },
      optional: {
        username: "CARECENTRIC_USERNAME",
        password: "CARECENTRIC_PASSWORD",
        scope: "CARECENTRIC_SCOPE",
        subscriptionKey: "CARECENTRIC_SUBSCRIPTION_KEY",
        tokenUrl: "CARECENTRIC_TOKEN_URL",
      },
    },
    liveOperation: "GET /Patient?_count=1",
    liveCall: (client) => client.GET("/Patient", { params: { query: { _count: 1 } } }),
  },
  {
    name: "candid",
    title: "Candid Health",
    operation: "GET /api/payers/v3",
    createMock: createCandidMock,
    createClient: createCandidClient,
    call: (client) => client.GET("/api/payers/v3", { params: { query: { limit: 5 } } }),
    wrongCredentials: { clientSecret: WRONG },
    live: {
      required: { clientId: "CANDID_CLIENT_ID", clientSecret: "CANDID_CLIENT_SECRET" },
      optional: { environment: "CANDID_ENVIRONMENT" },
    },
    liveOperation: "GET /api/payers/v3",
    liveCall: (client) => client.GET("/api/payers/v3", { params: { query: { limit: 1 } } }),
  },
  {
    name: "arzamed",
    title: "Arzamed",
    operation: "GET /equipe/doctors",
    createMock: createArzamedMock,
    createClient: createArzamedClient,
    call: (client) => client.GET("/equipe/doctors"),
    wrongCredentials: { clientSecret: WRONG },
    live: {
      required: {
        clientId: "ARZAMED_CLIENT_ID",
        clientSecret: "ARZAMED_CLIENT_SECRET",
        tokenUrl: "ARZAMED_TOKEN_URL",
      },
      optional: { environment: "ARZAMED_ENVIRONMENT", scope: "ARZAMED_SCOPE" },
    },
    liveOperation: "GET /equipe/doctors",
    liveCall: (client) => client.GET("/equipe/doctors"),
  },
  {
    name: "smart-fhir",
    title: "SMART on FHIR (any EHR, private_key_jwt)",
    operation: "GET /Patient/{id}",
    createMock: createSmartFhirMock,
    createClient: createSmartFhirClient,
    options: (mock) => ({ ...mock.credentials }),
    call: (client) => client.GET("/Patient/{id}", { params: { path: { id: "example" } } }),
    wrongCredentials: { privateKey: WRONG_KEY },
    live: {
      required: {
        fhirBaseUrl: "SMART_FHIR_BASE_URL",
        clientId: "SMART_CLIENT_ID",
        privateKey: "SMART_PRIVATE_KEY_PEM",
        scope: "SMART_SCOPE",
      },
      optional: { keyId: "SMART_KEY_ID", tokenUrl: "SMART_TOKEN_URL" },
    },
    liveOperation: "GET /Patient?_count=1",
    liveCall: (client) => client.GET("/Patient", { params: { query: { _count: 1 } } }),
  },
];

/** Parchment's paths name the organisation the client was created for. */
function validateParchment(client, options) {
  return client.GET("/v1/organizations/{organization_id}/validate", {
    params: { path: { organization_id: options.organizationId } },
  });
}
