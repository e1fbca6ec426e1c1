import candidhealth from "candidhealth";
import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { BenchPaths, CaduceusImplementation } from "./caduceus-candid.js";
import { BENCH_CLIENT_ID, BENCH_CLIENT_SECRET, PAYER_UUID, TOKEN_PATH } from "./mock-vendor.js";

/** One way of calling `GET /api/payers/v3/{uuid}` with a bearer token; `call` resolves to the payer's name. */
export interface Variant {
  readonly id: VariantId;
  call(): Promise<string>;
}

export type VariantId = "fetch" | "openapi-fetch" | "caduceus" | "official";

export const VARIANT_LABELS: Record<VariantId, string> = {
  fetch: "plain fetch",
  "openapi-fetch": "bare openapi-fetch + bearer middleware",
  caduceus: "@caduceus/candid",
  official: "candidhealth (official SDK)",
};

/** The baseline every per-request figure is divided by. */
export const BASELINE: VariantId = "openapi-fetch";

/** Fetches a token the simplest correct way: once, then reused until 2 minutes before expiry. */
function handWrittenTokenCache(origin: string) {
  let token: string | undefined;
  let expiresAt = 0;
  let pending: Promise<string> | undefined;
  return async (): Promise<string> => {
    if (token && Date.now() < expiresAt) return token;
    pending ??= (async () => {
      const response = await fetch(`${origin}${TOKEN_PATH}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ client_id: BENCH_CLIENT_ID, client_secret: BENCH_CLIENT_SECRET }),
      });
      const body = (await response.json()) as { access_token: string; expires_in: number };
      token = body.access_token;
      expiresAt = Date.now() + (body.expires_in - 120) * 1000;
      pending = undefined;
      return token;
    })();
    return pending;
  };
}

/** Plain `fetch` with a cached bearer token: the floor of what any client can do. */
export function plainFetchVariant(origin: string): Variant {
  const getToken = handWrittenTokenCache(origin);
  const url = `${origin}/api/payers/v3/${PAYER_UUID}`;
  return {
    id: "fetch",
    async call() {
      const response = await fetch(url, { headers: { authorization: `Bearer ${await getToken()}` } });
      if (!response.ok) throw new Error(`plain fetch: HTTP ${response.status}`);
      return ((await response.json()) as { payer_name: string }).payer_name;
    },
  };
}

/** openapi-fetch with the bearer middleware a user would write by hand (no retries, no 401 replay). */
export function openapiFetchVariant(origin: string): Variant {
  const getToken = handWrittenTokenCache(origin);
  const bearer: Middleware = {
    async onRequest({ request }) {
      request.headers.set("authorization", `Bearer ${await getToken()}`);
      return request;
    },
  };
  const client = createClient<BenchPaths>({ baseUrl: origin });
  client.use(bearer);
  return payerReadVariant("openapi-fetch", client);
}

/** `@caduceus/candid` (or its auth-core stand-in, see {@link CaduceusImplementation}). */
export function caduceusVariant(origin: string, implementation: CaduceusImplementation): Variant {
  const client = implementation.create({
    origin,
    clientId: BENCH_CLIENT_ID,
    clientSecret: BENCH_CLIENT_SECRET,
  });
  return payerReadVariant("caduceus", client);
}

/** The variant `id` reading the payer through an openapi-fetch client of the bench's paths. */
function payerReadVariant(id: VariantId, client: Client<BenchPaths>): Variant {
  return {
    id,
    async call() {
      const { data, error } = await client.GET("/api/payers/v3/{payer_uuid}", {
        params: { path: { payer_uuid: PAYER_UUID } },
      });
      if (error || !data) throw new Error(`${id}: call failed`);
      return data.payer_name ?? "";
    },
  };
}

/** Candid's official SDK, pointed at the mock through its `environment` option. */
export function officialVariant(origin: string): Variant {
  const client = createOfficialClient(origin);
  return {
    id: "official",
    async call() {
      const result = await client.payers.v3.get(PAYER_UUID as candidhealth.CandidApi.payers.v3.PayerUuid);
      if (!result.ok) throw new Error("official SDK: call failed");
      return result.body.payerName;
    },
  };
}

/** A `CandidApiClient` whose both hosts are the mock's origin. */
export function createOfficialClient(origin: string): candidhealth.CandidApiClient {
  return new candidhealth.CandidApiClient({
    clientId: BENCH_CLIENT_ID,
    clientSecret: BENCH_CLIENT_SECRET,
    environment: { candidApi: origin, preEncounter: origin },
  });
}
