import { type CommonClientOptions, createAuthClient, type TokenPreset } from "@caduceus/auth-core";
import type { Client } from "openapi-fetch";

/** The one operation the benchmark calls, typed as in Candid's description (`GET /api/payers/v3/{payer_uuid}`, on the core host). */
export interface BenchPaths {
  "/api/payers/v3/{payer_uuid}": {
    get: {
      parameters: { path: { payer_uuid: string } };
      responses: {
        200: {
          content: { "application/json": { payer_uuid?: string; payer_id?: string; payer_name?: string } };
        };
        401: { content: { "application/json": { errorName?: string } } };
      };
    };
  };
}

/** Options the harness passes to whichever Caduceus Candid client it found. */
export interface CaduceusCandidOptions extends Pick<CommonClientOptions, "fetch" | "clock" | "onEvent"> {
  clientId: string;
  clientSecret: string;
  /** Mock vendor origin, e.g. `http://127.0.0.1:4321`. */
  origin: string;
}

/**
 * Candid's token exchange as auth-core data, used only while `@caduceus/candid` has no built client
 * yet: JSON body with `client_id`/`client_secret`, no `grant_type`, 5 h documented maximum.
 */
const candidLikePreset: TokenPreset = {
  vendor: "Candid Health",
  encoding: "json",
  clientAuthentication: "body",
  requestFields: { grantType: null },
  maxLifetimeSeconds: 18_000,
  errorBody: { codePaths: ["errorName"], messagePaths: ["content.message"] },
};

type Factory = (options: CaduceusCandidOptions) => Client<BenchPaths>;

/** Which implementation the "Caduceus" variant measures. */
export interface CaduceusImplementation {
  /** `@caduceus/candid` when it is built, else `createAuthClient` with a Candid-like preset. */
  source: "@caduceus/candid" | "@caduceus/auth-core createAuthClient (Candid-like preset)";
  create: Factory;
}

/**
 * Loads `createCandidClient` from `@caduceus/candid` when the package is built; otherwise falls back
 * to auth-core's `createAuthClient` with the same token exchange, so the harness runs either way.
 */
export async function loadCaduceusCandid(): Promise<CaduceusImplementation> {
  const specifier: string = "@caduceus/candid";
  try {
    const candid = (await import(specifier)) as {
      createCandidClient?: (options: Record<string, unknown>) => Client<BenchPaths>;
    };
    const createCandidClient = candid.createCandidClient;
    if (typeof createCandidClient === "function") {
      return {
        source: "@caduceus/candid",
        create: ({ origin, ...rest }) =>
          createCandidClient({
            ...rest,
            baseUrl: origin,
            preEncounterBaseUrl: origin,
            tokenUrl: `${origin}/api/auth/v2/token`,
          }),
      };
    }
  } catch {
    // Not built yet: fall through to the preset.
  }
  return {
    source: "@caduceus/auth-core createAuthClient (Candid-like preset)",
    create: ({ origin, clientId, clientSecret, ...common }) =>
      createAuthClient<BenchPaths>({
        ...common,
        preset: candidLikePreset,
        credentials: { grant: "client_credentials", clientId, clientSecret },
        baseUrl: origin,
        tokenUrl: `${origin}/api/auth/v2/token`,
      }),
  };
}
