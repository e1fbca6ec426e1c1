// What the consumer knows about each package: how to create its client from a mock's description
// (credentials and loopback URLs) and one call whose answer proves the flow worked. Runtime-neutral:
// imported by Node, Bun, Deno, the workerd bundle and the browser bundle alike.

/** auth-core on its own: `createAuthClient` with a preset, against the mock server's generic vendor. */
const authCore = {
  factory: "createAuthClient",
  create: (mod, mock, extra) =>
    mod.createAuthClient({
      preset: { vendor: "Example", encoding: "form", clientAuthentication: "basic" },
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
 * `perCustomer` names the URL options a vendor issues per customer, which have no default.
 */
const vendor = (factory, call, ok, perCustomer = []) => ({
  factory,
  perCustomer,
  create: (mod, mock, extra) =>
    mod[factory]({ ...mock.credentials, baseUrl: mock.baseUrl, tokenUrl: mock.tokenUrl, ...extra }),
  call,
  ok,
});

export const packages = {
  "@caduceus/auth-core": authCore,
  // Server-only (Redis over TCP, node:crypto): its published entry must load and export its API.
  "@caduceus/token-store-redis": {
    serverOnly: true,
    importOnly: ["createRedisTokenStore", "RedisTokenStore", "isRedisTokenStoreError"],
  },
  "@caduceus/candid": vendor(
    "createCandidClient",
    (client) => client.GET("/encounters/v4", { params: { query: { limit: 1 } } }),
    (data) => Array.isArray(data?.items),
  ),
  "@caduceus/xcures": vendor(
    "createXcuresClient",
    // Needs the client's ProjectId header, so it proves the vendor header too.
    (client) => client.GET("/api/v1/patient-registry/subject", { params: { query: { pageSize: 5 } } }),
    (data) => Array.isArray(data?.results),
  ),
  "@caduceus/parchment": vendor(
    "createParchmentClient",
    (client, mock) =>
      client.GET("/v1/organizations/{organization_id}/users", {
        params: { path: { organization_id: mock.credentials.organizationId } },
      }),
    (data) => data?.success === true,
  ),
  "@caduceus/carecentric": vendor(
    "createCareCentricClient",
    (client) => client.GET("/Patient", { params: { query: {} } }),
    (data) => data?.resourceType === "Bundle",
    ["baseUrl"],
  ),
  "@caduceus/arzamed": vendor(
    "createArzamedClient",
    (client) => client.GET("/doctors"),
    (data) => data !== undefined,
    ["tokenUrl"],
  ),
};
