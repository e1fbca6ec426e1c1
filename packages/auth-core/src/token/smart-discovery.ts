import { ErrorCode } from "../errors/codes.js";
import { TokenRequestError } from "../errors/token-request-error.js";
import { TokenResponseError } from "../errors/token-response-error.js";
import { safeUrl } from "../redact.js";
import { isLoopbackHost } from "../security.js";

/** How long a smart-configuration request may take, apart from the call's own deadline. */
export const DISCOVERY_TIMEOUT_MS = 10_000;

/** A smart-configuration answer larger than this is refused: a metadata document is never that large. */
const MAX_DISCOVERY_BYTES = 256 * 1024;

/**
 * Where a client finds its token endpoint when only a FHIR base URL is known: the server's
 * `{fhirBaseUrl}/.well-known/smart-configuration` (SMART App Launch, Backend Services).
 *
 * @group Presets
 */
export interface SmartDiscoveryOptions {
  /** The FHIR base URL whose `/.well-known/smart-configuration` names the token endpoint. */
  fhirBaseUrl: string;
  /**
   * Origins the advertised token endpoint may be on besides the FHIR server's own (EHRs often host
   * authorization elsewhere, e.g. `https://login.ehr.example`). Any other origin is refused.
   *
   * @defaultValue none: only the FHIR base URL's origin
   */
  allowedTokenOrigins?: readonly string[];
  /**
   * Time limit of the discovery request in milliseconds.
   *
   * @defaultValue `DISCOVERY_TIMEOUT_MS` (10 s)
   */
  timeoutMs?: number;
}

/** What discovery found: the token endpoint and the assertion algorithms the server accepts. */
export interface SmartEndpoint {
  /** `token_endpoint`, checked (https:, or http: on loopback or when allowed; an allowed origin). */
  tokenUrl: string;
  /** `token_endpoint_auth_signing_alg_values_supported`, when advertised. */
  signingAlgorithms?: readonly string[];
}

/** Answers by smart-configuration URL, shared by every client in the process; failures are dropped. */
const cache = new Map<string, Promise<SmartEndpoint>>();

/** The smart-configuration URL of a FHIR base URL (a trailing slash is ignored). */
export function smartConfigurationUrl(fhirBaseUrl: string): string {
  return `${fhirBaseUrl.replace(/\/+$/, "")}/.well-known/smart-configuration`;
}

/**
 * Finds the token endpoint of a FHIR server from its smart-configuration, once per URL per process
 * (a failed lookup is tried again by the next call).
 *
 * @throws TokenRequestError (`CADUCEUS_TOKEN_REQUEST_NETWORK`, retryable) when the document cannot be
 *   fetched in time, (`CADUCEUS_TOKEN_REQUEST_FAILED`) when it answers an error status; or
 *   TokenResponseError when it is not a usable document or its token endpoint is refused. Each names the URL.
 */
export function discoverSmartEndpoint(
  options: SmartDiscoveryOptions & { vendor: string; fetch: typeof fetch; allowInsecureHttp: boolean },
  signal?: AbortSignal,
): Promise<SmartEndpoint> {
  const url = smartConfigurationUrl(options.fhirBaseUrl);
  // Checked answers depend on what the client allows: one entry per URL and allowance.
  const key = JSON.stringify([
    url,
    [...(options.allowedTokenOrigins ?? [])].sort(),
    options.allowInsecureHttp,
  ]);
  let found = cache.get(key);
  if (!found) {
    found = fetchEndpoint(url, options, signal);
    cache.set(key, found);
    found.catch(() => cache.delete(key));
  }
  return found;
}

/** Forgets every discovered endpoint (tests, or after an EHR moved its token endpoint). */
export function clearSmartDiscoveryCache(): void {
  cache.clear();
}

async function fetchEndpoint(
  url: string,
  options: SmartDiscoveryOptions & { vendor: string; fetch: typeof fetch; allowInsecureHttp: boolean },
  signal?: AbortSignal,
): Promise<SmartEndpoint> {
  const where = `${options.vendor} SMART configuration GET ${safeUrl(url)}`;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? DISCOVERY_TIMEOUT_MS);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let text: string;
  let status: number;
  try {
    const response = await options.fetch(url, {
      method: "GET",
      headers: { accept: "application/json" },
      redirect: "manual",
      signal: combined,
    });
    status = response.type === "opaqueredirect" ? 302 : response.status;
    text = await response.text();
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    const reason = timeout.aborted
      ? `no answer within ${options.timeoutMs ?? DISCOVERY_TIMEOUT_MS} ms`
      : "unreachable";
    throw new TokenRequestError(ErrorCode.TokenRequestNetwork, `${where} failed: ${reason}.`, {
      method: "GET",
      url: safeUrl(url),
      attempts: 1,
      retryable: true,
      cause: error instanceof Error ? new Error(error.message) : undefined,
    });
  }
  if (status < 200 || status >= 300) {
    throw new TokenRequestError(ErrorCode.TokenRequestFailed, `${where} answered ${status}.`, {
      method: "GET",
      url: safeUrl(url),
      status,
      attempts: 1,
      retryable: status >= 500 || status === 408 || status === 429,
    });
  }
  const refuse = (problem: string, field?: string) =>
    new TokenResponseError(`${where}: ${problem}`, {
      method: "GET",
      url: safeUrl(url),
      status,
      ...(field ? { field } : {}),
    });
  let document: unknown;
  try {
    if (text.length > MAX_DISCOVERY_BYTES) throw new Error("too large");
    document = JSON.parse(text);
  } catch {
    throw refuse("the answer is not a JSON document of at most 256 KiB.");
  }
  const { token_endpoint: tokenEndpoint, token_endpoint_auth_signing_alg_values_supported: algorithms } = (
    typeof document === "object" && document !== null ? document : {}
  ) as Record<string, unknown>;
  if (typeof tokenEndpoint !== "string") throw refuse("it has no token_endpoint string.", "token_endpoint");
  let tokenUrl: URL;
  try {
    tokenUrl = new URL(tokenEndpoint);
  } catch {
    throw refuse("its token_endpoint is not an absolute URL.", "token_endpoint");
  }
  const insecure = tokenUrl.protocol === "http:" && !isLoopbackHost(tokenUrl.hostname);
  if (
    tokenUrl.protocol !== "https:" &&
    (tokenUrl.protocol !== "http:" || (insecure && !options.allowInsecureHttp))
  ) {
    throw refuse(
      "its token_endpoint is not https: (set allowInsecureHttp to permit http:).",
      "token_endpoint",
    );
  }
  const fhirOrigin = new URL(options.fhirBaseUrl).origin;
  const allowed = [
    fhirOrigin,
    ...(options.allowedTokenOrigins ?? []).map((origin) => new URL(origin).origin),
  ];
  if (!allowed.includes(tokenUrl.origin)) {
    throw refuse(
      `its token_endpoint is on ${tokenUrl.origin}, which is neither the FHIR server's origin nor in allowedTokenOrigins; refused so that no assertion goes to a host you did not choose.`,
      "token_endpoint",
    );
  }
  return {
    tokenUrl: tokenUrl.href,
    ...(Array.isArray(algorithms) && algorithms.every((alg) => typeof alg === "string")
      ? { signingAlgorithms: Object.freeze([...(algorithms as string[])]) }
      : {}),
  };
}
