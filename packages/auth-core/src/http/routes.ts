/**
 * Path-prefix routes (the `routes` option): a request whose URL lies under `from` (a full URL prefix,
 * e.g. `https://pre-api.joincandidhealth.com/api`) is sent to `to` instead, the rest of its URL kept.
 * A vendor with two hosts (Candid's core and pre-encounter hosts) is one client this way.
 */
export interface Route {
  /** The full URL prefix a request's URL is matched against, e.g. `https://pre-api.joincandidhealth.com/api`. */
  readonly from: string;
  /** What replaces that prefix, e.g. a mock's `http://127.0.0.1:40123/pre`; a trailing `/` is dropped. */
  readonly to: string;
}

/**
 * Where `url` goes under `routes`: the first route whose prefix holds it (the whole URL, or the prefix
 * followed by `/` or `?`), prefix replaced by the route's target; `undefined` when no route applies.
 * `url` must already be in the form the URL parser gives (see {@link routeRawUrl}).
 */
export function routeUrl(url: string, routes: readonly Route[]): string | undefined {
  for (const { from, to } of routes) {
    if (!url.startsWith(from)) continue;
    // Read as a character, not matched against `${from}/`: no string is built per call.
    const next = url.charAt(from.length);
    if (next === "" || next === "/" || next === "?") return to.replace(/\/$/, "") + url.slice(from.length);
  }
  return undefined;
}

/**
 * What the URL parser may rewrite in a URL's path: dot segments (also percent-encoded), backslashes,
 * whitespace and control characters. A URL without them is matched against the routes as written.
 */
const NEEDS_PARSING = /\/(?:\.|%2e)|[\\\s\u0000-\u001f]/i;

/**
 * {@link routeUrl} for a URL as a caller wrote it (openapi-fetch's `baseUrl + path`): parsed first only
 * when parsing could change which prefix it falls under (`/api/x/../../patients`), since a parse per
 * call is what routing the URL before the request is built saves.
 */
export function routeRawUrl(url: string, routes: readonly Route[]): string | undefined {
  return routeUrl(NEEDS_PARSING.test(url) ? new URL(url).href : url, routes);
}
