import type { FhirStore } from "@caduceus/fhir-mock";

/** The kit's printable defaults: where it serves and the client it registers. */
export const SMART_FHIR_MOCK_DEFAULTS = {
  /** FHIR base URL served. */
  baseUrl: "https://fhir.smart-mock.test/r4",
  /** Token endpoint served and advertised. */
  tokenUrl: "https://fhir.smart-mock.test/auth/token",
  /** Registered client id. */
  clientId: "smart-mock-client",
  /** Scopes the client asks for. */
  scope: "system/*.rs",
} as const;

/** Seeds `store` with Patient `example` and one Observation about them. */
export function seedExampleData(store: FhirStore): void {
  store.put({ resourceType: "Patient", id: "example", name: [{ family: "Chalmers", given: ["Peter"] }] });
  store.put({
    resourceType: "Observation",
    id: "example-bp",
    status: "final",
    code: { text: "Blood pressure" },
    subject: { reference: "Patient/example" },
  });
}

/** The fields of a `.well-known/smart-configuration` document the mock serves (SMART App Launch 2.0). */
export interface SmartConfiguration {
  /** The token endpoint URL. */
  token_endpoint: string;
  /** Client authentication methods: `private_key_jwt` only. */
  token_endpoint_auth_methods_supported: string[];
  /** Signing algorithms accepted for client assertions. */
  token_endpoint_auth_signing_alg_values_supported: string[];
  /** Grants: `client_credentials` only. */
  grant_types_supported: string[];
  /** System scopes offered. */
  scopes_supported: string[];
  /** SMART capabilities: `client-confidential-asymmetric`. */
  capabilities: string[];
}

/**
 * The `.well-known/smart-configuration` document (SMART App Launch 2.0, Backend Services):
 * `private_key_jwt` with the given signing algorithms, the client-credentials grant, system scopes.
 */
export function smartConfiguration(
  tokenUrl: string,
  signingAlgorithms: readonly string[],
): SmartConfiguration {
  return {
    token_endpoint: tokenUrl,
    token_endpoint_auth_methods_supported: ["private_key_jwt"],
    token_endpoint_auth_signing_alg_values_supported: [...signingAlgorithms],
    grant_types_supported: ["client_credentials"],
    scopes_supported: ["system/*.rs", "system/Patient.rs", "system/Observation.rs"],
    capabilities: ["client-confidential-asymmetric"],
  };
}
