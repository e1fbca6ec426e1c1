// What the consumer knows about each package: how to create its client from a mock's description
// (credentials and loopback URLs) and one call whose answer proves the flow worked. Runtime-neutral:
// imported by Node, Bun, Deno, the workerd bundle and the browser bundle alike.

/** The token exchange of auth-core's own client in the consumer; the mock server's generic vendor follows it. */
export const authCorePreset = { vendor: "Example", encoding: "form", clientAuthentication: "basic" };

/** auth-core on its own: `createAuthClient` with a preset, against the mock server's generic vendor. */
const authCore = {
  factory: "createAuthClient",
  create: (mod, mock, extra) =>
    mod.createAuthClient({
      preset: authCorePreset,
      credentials: { grant: "client_credentials", ...mock.credentials },
      baseUrl: mock.baseUrl,
      tokenUrl: mock.tokenUrl,
      ...extra,
    }),
  call: (client) => client.GET("/things"),
  ok: (data) => data?.ok === true,
};

/**
 * Vendor packages: `create<Vendor>Client({ ...mock.credentials, baseUrl, tokenUrl })` and one read.
 * A mock's credentials may carry its URLs already (CareCentric's FHIR base, Arzamed's clinic token
 * URL); `perCustomer` names the URL options a vendor issues per customer, which have no default.
 */
const vendor = (factory, call, ok, perCustomer = []) => ({
  factory,
  perCustomer,
  create: (mod, mock, extra) => {
    const urls = Object.entries({ baseUrl: mock.baseUrl, tokenUrl: mock.tokenUrl }).filter(([, url]) => url);
    return mod[factory]({ ...mock.credentials, ...Object.fromEntries(urls), ...extra });
  },
  call,
  ok,
});

/**
 * The name of a package's mock factory in its `./testing`: `create<Package>Mock` (`@caduceus/smart-fhir`
 * → `createSmartFhirMock`), else the first `create…Mock` that is not a helper (CareCentric's FHIR API parts).
 */
export function mockFactoryOf(name, testing) {
  const wanted = `create${name.replace(/^@caduceus\//, "").replace(/-/g, "")}mock`;
  const keys = Object.keys(testing);
  return (
    keys.find((key) => key.toLowerCase() === wanted) ??
    keys.find((key) => /^create[A-Z]\w*Mock$/.test(key) && !/Api|Fhir/.test(key))
  );
}

export const packages = {
  "@caduceus/auth-core": authCore,
  // Server-only (Redis over TCP, node:crypto): its published entry must load and export its API.
  "@caduceus/token-store-redis": {
    serverOnly: true,
    importOnly: ["createRedisTokenStore", "RedisTokenStore", "isRedisTokenStoreError"],
  },
  // Server-only (reads HL7's definitions from disk): the FHIR server of the CareCentric and SMART kits.
  "@caduceus/fhir-mock": {
    serverOnly: true,
    importOnly: ["FhirMockServer", "handleFhirRequest", "searchResources", "validateFhirResource"],
  },
  "@caduceus/candid": vendor(
    "createCandidClient",
    (client) => client.GET("/api/payers/v3", { params: { query: { limit: 2 } } }),
    (data) => Array.isArray(data?.items) && data.items.length > 0,
  ),
  "@caduceus/xcures": vendor(
    "createXcuresClient",
    // Needs the client's ProjectId header, so it proves the vendor header too.
    (client) => client.GET("/api/v1/patient-registry/subject", { params: { query: { pageSize: 5 } } }),
    (data) => Array.isArray(data?.results),
  ),
  "@caduceus/parchment": vendor(
    "createParchmentClient",
    // Needs x-organization-secret on the call and a token for the right organisation, user and scope.
    (client, mock) =>
      client.GET("/v1/organizations/{organization_id}/users", {
        params: { path: { organization_id: mock.credentials.organizationId } },
      }),
    (data) => data?.success === true,
  ),
  "@caduceus/carecentric": vendor(
    "createCareCentricClient",
    // Password grant, and the subscription key on the API call.
    (client) => client.GET("/Patient"),
    (data) => data?.resourceType === "Bundle",
    ["baseUrl"],
  ),
  "@caduceus/arzamed": vendor(
    "createArzamedClient",
    // HTTP Basic client authentication on the clinic's own token URL.
    (client) => client.GET("/equipe/doctors"),
    (data) => Array.isArray(data) && data.length > 0,
    ["tokenUrl"],
  ),
  "@caduceus/smart-fhir": vendor(
    "createSmartFhirClient",
    // A private_key_jwt assertion the mock verifies against the registered key, then a FHIR read.
    (client) => client.GET("/Patient/{id}", { params: { path: { id: "example" } } }),
    (data) => data?.resourceType === "Patient",
  ),
};
