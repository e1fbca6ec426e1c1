import { ErrorCode } from "../errors/codes.js";
import { TokenRequestError } from "../errors/token-request-error.js";
import { TokenResponseError } from "../errors/token-response-error.js";
import { processWide } from "../process-state.js";
import { safeUrl } from "../redact.js";
import { checkUrlOption, isLoopbackHost } from "../security.js";
import { failFor } from "./private-key-checks.js";
import type {
  SmartDiscoveryOptions,
  SmartEndpoint,
  TokenEndpointDiscovery,
} from "./private-key-jwt-hooks.js";
import { smartConfigurationUrl } from "./smart-configuration-url.js";

/** How long a smart-configuration request may take, apart from the call's own deadline. */
export const DISCOVERY_TIMEOUT_MS = 10_000;

/** A smart-configuration answer larger than this is refused: a metadata document is never that large. */
const MAX_DISCOVERY_BYTES = 256 * 1024;

/**
 * Answers by smart-configuration URL, shared by every client in the process (and by every copy of
 * auth-core in it, so two copies ask once); failures are dropped.
 */
const cache = processWide("smart-discovery", () => new Map<string, Promise<SmartEndpoint>>());

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

/**
 * The token endpoint discovery a SMART preset plugs in as `discoverTokenEndpoint`: checks the
 * `smartDiscovery` option when the client is created (its URLs follow the same rules as `baseUrl`; the
 * timeout is positive), then finds the endpoint with {@link discoverSmartEndpoint} at the first token
 * request. The smart-configuration URL stands for the token endpoint in the cache key.
 *
 * @throws AuthConfigError naming `smartDiscovery`, `smartDiscovery.fhirBaseUrl`,
 *   `smartDiscovery.allowedTokenOrigins[i]` or `smartDiscovery.timeoutMs`.
 * @example
 * ```ts
 * const preset: TokenPreset = {
 *   vendor: "Acme EHR", encoding: "form", clientAuthentication: "private_key_jwt",
 *   assertionSigner: privateKeyJwtSigner, discoverTokenEndpoint: smartEndpointDiscovery,
 * };
 * ```
 */
export const smartEndpointDiscovery: TokenEndpointDiscovery = (option, client) => {
  const { vendor, allowInsecureHttp } = client;
  const fail = failFor(vendor);
  if (typeof option !== "object" || option === null) return fail("smartDiscovery", "must be an object");
  const options = option as SmartDiscoveryOptions;
  const base = checkUrlOption(vendor, "smartDiscovery.fhirBaseUrl", options.fhirBaseUrl, allowInsecureHttp);
  if (options.allowedTokenOrigins !== undefined && !Array.isArray(options.allowedTokenOrigins))
    fail("smartDiscovery.allowedTokenOrigins", "must be an array of origins");
  const allowedTokenOrigins = (options.allowedTokenOrigins ?? []).map(
    (origin, index) =>
      checkUrlOption(vendor, `smartDiscovery.allowedTokenOrigins[${index}]`, origin, allowInsecureHttp)
        .origin,
  );
  const { timeoutMs } = options;
  if (
    timeoutMs !== undefined &&
    (typeof timeoutMs !== "number" || !Number.isFinite(timeoutMs) || timeoutMs <= 0)
  )
    fail("smartDiscovery.timeoutMs", "must be a positive number of milliseconds");
  const fhirBaseUrl = base.href.replace(/\/$/, "");
  return {
    url: new URL(smartConfigurationUrl(fhirBaseUrl)).href,
    find: (signal) =>
      discoverSmartEndpoint(
        {
          fhirBaseUrl,
          allowedTokenOrigins,
          ...(timeoutMs !== undefined ? { timeoutMs } : {}),
          vendor,
          fetch: client.fetch(),
          allowInsecureHttp,
        },
        signal,
      ),
  };
};

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
