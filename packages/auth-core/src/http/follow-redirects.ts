import type { BodyPlan } from "./request-body.js";

/** Redirects followed at most, as in the Fetch standard. */
const MAX_REDIRECTS = 20;

/** The final answer, and whether the request that produced it still carried the credentials. */
export interface SendResult {
  response: Response;
  /**
   * False once a redirect crossed to another origin (credentials were stripped): a 401 from there
   * says nothing about our token and must not invalidate it.
   */
  credentialed: boolean;
}

/** What one send needs besides the request itself. */
export interface SendOptions {
  fetch: typeof fetch;
  signal: AbortSignal;
  /** The request's redirect mode: "follow" (by hand, below), "manual" (return the 3xx), "error". */
  redirect: RequestRedirect;
  /** Lower-case header names removed before a request goes to another origin. */
  stripOnCrossOrigin: readonly string[];
}

/**
 * Sends a request and follows redirects by hand (never `redirect: "follow"`): same origin keeps every
 * header, another origin gets none of the credential headers, because Node's fetch would forward
 * custom ones such as `x-organization-secret` (docs/contract.md, behaviour 7). 303, and 301/302 after POST,
 * become GET without a body (Fetch standard §4.4). A stream body cannot be sent twice, so its
 * redirect is returned as is. `headers` is never modified.
 */
export async function sendFollowingRedirects(
  url: string,
  method: string,
  headers: Headers,
  body: BodyPlan,
  options: SendOptions,
): Promise<SendResult> {
  let currentUrl = url;
  let currentMethod = method;
  let currentBody = body;
  let currentHeaders = headers;
  let credentialed = true;
  for (let hop = 0; ; hop++) {
    const init: RequestInit & { duplex?: "half" } = {
      method: currentMethod,
      headers: currentHeaders,
      signal: options.signal,
      redirect: "manual",
    };
    if (currentBody.kind === "bytes") init.body = currentBody.bytes as Uint8Array<ArrayBuffer>;
    if (currentBody.kind === "stream") {
      init.body = currentBody.stream;
      init.duplex = "half";
    }
    // Called unbound: browsers and workerd throw "Illegal invocation" when fetch runs as a method of
    // another object (here `options`), while Node, Bun and Deno allow it.
    const send = options.fetch;
    const response = await send(currentUrl, init);
    if (response.status < 300 || response.status >= 400 || options.redirect === "manual") {
      return { response, credentialed };
    }
    const location = response.headers.get("location");
    if (location === null || hop >= MAX_REDIRECTS || currentBody.kind === "stream") {
      return { response, credentialed };
    }
    let next: URL;
    try {
      next = new URL(location, currentUrl);
    } catch {
      return { response, credentialed }; // an unusable Location is the caller's to see
    }
    if (next.protocol !== "https:" && next.protocol !== "http:") return { response, credentialed };
    if (options.redirect === "error") {
      discardBody(response);
      throw new TypeError(
        `${currentMethod} ${new URL(currentUrl).origin} redirected, and the request's redirect mode is "error".`,
      );
    }
    discardBody(response);
    const toGet =
      response.status === 303 ||
      ((response.status === 301 || response.status === 302) && currentMethod === "POST");
    const crossOrigin = next.origin !== new URL(currentUrl).origin;
    if (toGet || crossOrigin) {
      if (currentHeaders === headers) currentHeaders = new Headers(headers);
      if (toGet) {
        if (currentMethod !== "HEAD") currentMethod = "GET";
        currentBody = { kind: "none" };
        for (const name of [
          "content-type",
          "content-length",
          "content-encoding",
          "content-language",
          "content-location",
        ])
          currentHeaders.delete(name);
      }
      if (crossOrigin) {
        for (const name of options.stripOnCrossOrigin) currentHeaders.delete(name);
        credentialed = false;
      }
    }
    currentUrl = next.href;
  }
}

/**
 * Releases a response body we will not read. Not awaited: a cancel may never settle (a body tee'd by
 * msw's interceptor, mswjs/interceptors#712 and #799), and nothing depends on its completion.
 */
export function discardBody(response: Response): void {
  response.body?.cancel().catch(() => {});
}
