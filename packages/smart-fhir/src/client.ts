import { AuthConfigError, type CommonClientOptions } from "@caduceus/auth-core";
import {
  createVendorClient,
  defineVendor,
  normalizeScope,
  type PrivateKeyInput,
} from "@caduceus/auth-core/vendor";
import type { Client } from "openapi-fetch";
import type { paths } from "./generated/openapi.js";
import { type SmartFhirEnvironment, smartFhirEnvironments, smartFhirPreset } from "./preset.js";

/** Options of {@link createSmartFhirClient}: the EHR's FHIR base URL and the client registered with it. */
export interface SmartFhirClientOptions extends Omit<CommonClientOptions, "baseUrl"> {
  /** The EHR's FHIR R4 base URL, e.g. `"https://fhir.ehr.example/api/FHIR/R4"`. */
  fhirBaseUrl: string;
  /** The client id the EHR assigned when the app and its public key were registered. */
  clientId: string;
  /**
   * The private key whose public half is registered with the EHR: a private JWK, a PKCS#8 PEM string,
   * or a `CryptoKey` (RSASSA-PKCS1-v1_5 or ECDSA P-384/P-256). Never sent, logged or stored; only its
   * RFC 7638 thumbprint tells clients apart in the token cache.
   */
  privateKey: PrivateKeyInput;
  /** SMART scopes, e.g. `"system/Patient.rs system/Observation.rs"` or an array of them. */
  scope: string | readonly string[];
  /** The `kid` of the registered public key, sent in the assertion header (needed when a JWKS holds several keys). */
  keyId?: string;
  /** The URL of your JWK Set, sent as the assertion's `jku` header when the EHR knows your keys by URL. */
  jwksUrl?: string;
  /**
   * Origins the discovered token endpoint may be on besides the FHIR server's own (many EHRs host
   * authorization on another host). Ignored when `tokenUrl` is given.
   */
  allowedTokenOrigins?: readonly string[];
  /** Where the token endpoint is; default: `token_endpoint` of `{fhirBaseUrl}/.well-known/smart-configuration`. */
  tokenUrl?: string;
}

/** A typed openapi-fetch client for a FHIR R4 server. */
export type SmartFhirClient = Client<paths>;

const smartFhir = defineVendor<SmartFhirClientOptions & { baseUrl?: string }, SmartFhirEnvironment>({
  preset: smartFhirPreset,
  environments: smartFhirEnvironments,
  defaultEnvironment: "custom",
  options: ["fhirBaseUrl", "clientId", "privateKey", "scope", "keyId", "jwksUrl", "allowedTokenOrigins"],
  required: ["fhirBaseUrl", "clientId"],
  optional: ["keyId", "jwksUrl"],
  credentials: (o) => {
    if (o.privateKey === undefined || o.privateKey === null)
      throw new AuthConfigError(
        "privateKey",
        `${smartFhirPreset.vendor}: option privateKey is required (a private JWK, a PKCS#8 PEM or a CryptoKey).`,
      );
    return {
      grant: "client_credentials",
      clientId: o.clientId,
      privateKey: o.privateKey,
      ...(o.keyId ? { keyId: o.keyId } : {}),
      ...(o.jwksUrl ? { jwksUrl: o.jwksUrl } : {}),
      scope: normalizeScope(smartFhirPreset.vendor, o.scope, { required: true }),
    };
  },
  smartDiscovery: (o) => ({
    fhirBaseUrl: o.fhirBaseUrl,
    ...(o.allowedTokenOrigins ? { allowedTokenOrigins: o.allowedTokenOrigins } : {}),
  }),
  baseUrlHelp: "Pass the EHR's FHIR R4 base URL as fhirBaseUrl.",
});

/**
 * Creates a typed FHIR R4 client for any server that accepts SMART Backend Services tokens. At the
 * first call it reads `{fhirBaseUrl}/.well-known/smart-configuration` (unless `tokenUrl` is given),
 * signs a client assertion with `privateKey` (a fresh `jti` each time) and exchanges it for a token,
 * which is then reused, refreshed and replayed on 401 like every Caduceus client's.
 *
 * @throws AuthConfigError naming the option at fault (`fhirBaseUrl`, `clientId`, `privateKey`, `scope`, …).
 * Calls reject with `TokenRequestError` (an unknown key is `invalid_client`), `TokenResponseError`
 * (including a refused smart-configuration), `TimeoutError` or `AbortError` when no token can be had.
 * @example
 * ```ts
 * const fhir = createSmartFhirClient({ fhirBaseUrl, clientId, privateKey: pem, scope: "system/Patient.rs" });
 * const { data: patient } = await fhir.GET("/Patient/{id}", { params: { path: { id: "123" } } });
 * ```
 */
export function createSmartFhirClient(options: SmartFhirClientOptions): SmartFhirClient {
  const { fhirBaseUrl } = options ?? {};
  const client = createVendorClient<
    paths,
    SmartFhirClientOptions & { baseUrl?: string },
    SmartFhirEnvironment
  >(smartFhir, { ...options, ...(typeof fhirBaseUrl === "string" ? { baseUrl: fhirBaseUrl } : {}) });
  baseUrls.set(client, fhirBaseUrl);
  return client;
}

/** Each client's `fhirBaseUrl`, for helpers that must stay on its origin (bulk-export.ts). */
const baseUrls = new WeakMap<SmartFhirClient, string>();

/** The `fhirBaseUrl` a client was made with; undefined for a client this module did not make. */
export function fhirBaseUrlOf(client: SmartFhirClient): string | undefined {
  return baseUrls.get(client);
}
