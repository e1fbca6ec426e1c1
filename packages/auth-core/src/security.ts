import { configFault } from "./config/check-options.js";

/**
 * True in a browser-like runtime: a window with a document, or a web worker, and not Node, Deno or
 * Bun (which all expose `process.versions.node`). jsdom inside Node is therefore not a browser; nor is
 * Cloudflare's workerd, a server runtime. Client factories use it to refuse secrets in a browser
 * unless `dangerouslyAllowBrowser` is set.
 *
 * @example
 * ```ts
 * if (isBrowserLike()) console.warn("call the vendor API from your server: the page would expose the secret");
 * ```
 *
 * @group Safety
 */
export function isBrowserLike(): boolean {
  const scope = globalThis as Record<string, unknown>;
  const processLike = scope.process as { versions?: { node?: unknown } } | undefined;
  if (typeof processLike?.versions?.node === "string") return false;
  const navigatorLike = scope.navigator as { userAgent?: unknown } | undefined;
  if (navigatorLike?.userAgent === "Cloudflare-Workers") return false;
  if (typeof scope.window === "object" && typeof scope.document === "object") return true;
  const workerScope = scope.WorkerGlobalScope as (abstract new () => unknown) | undefined;
  return typeof workerScope === "function" && globalThis instanceof workerScope;
}

/**
 * Hosts that never leave the machine, so `http://` to them exposes nothing in transit: `localhost`
 * and `*.localhost` (RFC 6761 §6.3), 127.0.0.0/8, `::1` and IPv4-mapped 127.0.0.0/8.
 *
 * @example
 * ```ts
 * isLoopbackHost(new URL("http://127.0.0.1:8080").hostname) // true
 * ```
 *
 * @group Safety
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    host === "::1" ||
    /^127(\.\d{1,3}){3}$/.test(host) ||
    // IPv4-mapped 127.0.0.0/8, as the URL parser writes it: [::ffff:127.0.0.1] → [::ffff:7f00:1].
    /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host)
  );
}

/**
 * Parses a URL option: absolute, `https:` (or `http:` to loopback, or anywhere with
 * `allowInsecureHttp`), no credentials in it. Returns the parsed `URL`; its query string is kept.
 *
 * @param vendor Starts the error message, e.g. `"Acme"`.
 * @param option The option's name as the user spells it, e.g. `"baseUrl"`; becomes the error's `option`.
 * @param value The value given; anything that is not a non-empty string is rejected.
 * @param allowInsecureHttp Accept `http:` to any host (the `allowInsecureHttp` client option).
 * @throws AuthConfigError naming `option`: not a string, not an absolute URL, a user name or password
 *   in it, `http:` to a non-loopback host without `allowInsecureHttp`, or a scheme other than http(s).
 * @example
 * ```ts
 * checkUrlOption("Acme", "tokenUrl", "http://localhost:4010/token", false).href // "http://localhost:4010/token"
 * checkUrlOption("Acme", "tokenUrl", "http://auth.acme.test/token", false) // throws AuthConfigError, option "tokenUrl"
 * ```
 *
 * @group Safety
 */
export function checkUrlOption(
  vendor: string,
  option: string,
  value: unknown,
  allowInsecureHttp: boolean,
): URL {
  const fail = configFault(vendor);
  if (typeof value !== "string" || value.trim() === "") fail(option, "must be a non-empty URL string");
  let url!: URL;
  try {
    url = new URL(value as string);
  } catch {
    fail(option, "is not a valid absolute URL");
  }
  if (url.username || url.password) fail(option, "must not contain a user name or password");
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname) && !allowInsecureHttp)
    fail(
      option,
      `uses http:// to ${url.host}; tokens and secrets would travel unencrypted. Use https://, or set allowInsecureHttp: true if this is deliberate`,
    );
  if (url.protocol !== "http:" && url.protocol !== "https:")
    fail(option, `must be an http(s) URL, not ${url.protocol}`);
  return url;
}
