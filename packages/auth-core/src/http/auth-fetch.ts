import type { Clock } from "../clock.js";
import { abortReasonToError, anySignal, Deadline } from "../deadline.js";
import type { AuthEvent } from "../events.js";
import { type Redactor, safeUrl } from "../redact.js";
import type { AccessTokenSource } from "./auth-middleware.js";
import { callContexts } from "./call-context.js";

/** Request bodies up to this size are kept as bytes so a 401 can be replayed byte-identical. */
export const MAX_REPLAY_BODY_BYTES = 8 * 1024 * 1024;
/** Redirects followed at most, as in the Fetch standard. */
const MAX_REDIRECTS = 20;
/** Header set on a response that explains what the client did (never contains a secret). */
export const HINT_HEADER = "x-caduceus-hint";

type EmitFn = (event: DistributiveOmit<AuthEvent, "vendor" | "key" | "at">) => void;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Options of {@link createAuthFetch}. */
export interface AuthFetchOptions {
  vendor: string;
  tokens: AccessTokenSource;
  /** Origins whose requests carry credentials (used when no middleware context exists). */
  apiOrigins: readonly string[];
  /** Header names that are credentials and must never cross to another origin (besides Authorization and Cookie). */
  credentialHeaders?: readonly string[];
  /** The fetch underneath; default `globalThis.fetch` looked up at each call. */
  fetch?: typeof fetch;
  clock: Clock;
  timeoutMs: number;
  redactor: Redactor;
  /** Added as {@link HINT_HEADER} to a 401 that survived the replay (xCures: a wrong ProjectId also answers 401). */
  unauthorizedHint?: string;
  emit?: EmitFn;
}

type BodyPlan =
  | { kind: "none" }
  | { kind: "bytes"; bytes: Uint8Array }
  | { kind: "stream"; stream: ReadableStream<Uint8Array> };

/**
 * The fetch beneath openapi-fetch's middleware chain (openapi-fetch never re-runs its chain, so
 * replay lives here):
 * - an API 401 drops the token the request used, joins the single-flight refresh and replays once,
 *   same method, URL, headers and body bytes; a second 401 goes back to the caller. A 401 whose
 *   `WWW-Authenticate` says `insufficient_scope`, and any 403, are returned untouched;
 * - redirects are followed by hand: same origin keeps credentials, another origin gets none of them
 *   (Node's fetch would forward custom headers such as `x-organization-secret`);
 * - the call's deadline also bounds reading the response body, and its timer is cleared after.
 *
 * @example
 * ```ts
 * createClient<paths>({ baseUrl, fetch: createAuthFetch({ vendor: "Acme", tokens, apiOrigins, clock: systemClock, timeoutMs: 30_000, redactor: new Redactor() }) });
 * ```
 */
export function createAuthFetch(options: AuthFetchOptions): typeof fetch {
  const origins = new Set(options.apiOrigins);
  const stripOnCrossOrigin = [
    "authorization",
    "proxy-authorization",
    "cookie",
    ...(options.credentialHeaders ?? []),
  ].map((name) => name.toLowerCase());
  const inner = () => options.fetch ?? globalThis.fetch;

  async function send(
    url: string,
    method: string,
    headers: Headers,
    body: BodyPlan,
    signal: AbortSignal | undefined,
  ) {
    let currentUrl = url;
    let currentMethod = method;
    let currentBody = body;
    for (let hop = 0; ; hop++) {
      const init: RequestInit & { duplex?: "half" } = {
        method: currentMethod,
        headers,
        signal,
        redirect: "manual",
      };
      if (currentBody.kind === "bytes") init.body = currentBody.bytes as Uint8Array<ArrayBuffer>;
      if (currentBody.kind === "stream") {
        init.body = currentBody.stream;
        init.duplex = "half";
      }
      const response = await inner()(currentUrl, init);
      const location = response.headers.get("location");
      if (response.status < 300 || response.status >= 400 || !location || hop >= MAX_REDIRECTS)
        return response;
      if (currentBody.kind === "stream") return response; // a consumed stream cannot be sent again
      discardBody(response);
      const next = new URL(location, currentUrl);
      if (next.protocol !== "https:" && next.protocol !== "http:") return response;
      // Fetch standard §4.4: 303, and 301/302 after POST, become GET without a body.
      if (
        response.status === 303 ||
        ((response.status === 301 || response.status === 302) && currentMethod === "POST")
      ) {
        if (currentMethod !== "HEAD") currentMethod = "GET";
        currentBody = { kind: "none" };
        headers.delete("content-type");
        headers.delete("content-length");
      }
      if (next.origin !== new URL(currentUrl).origin)
        for (const name of stripOnCrossOrigin) headers.delete(name);
      currentUrl = next.href;
    }
  }

  return async function authFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const context = callContexts.get(request);
    if (context) callContexts.delete(request);
    const authorization = request.headers.get("authorization");
    const usedToken =
      context?.token ??
      (authorization?.startsWith("Bearer ") && origins.has(new URL(request.url).origin)
        ? authorization.slice(7)
        : undefined);
    const what = `${options.vendor} ${request.method} ${safeUrl(request.url)}`;
    const deadline = context?.deadline ?? new Deadline(options.clock, options.timeoutMs, () => what);
    const signal = anySignal(request.signal, deadline.signal);
    const headers = new Headers(request.headers);
    try {
      const body = await captureBody(request);
      let response = await send(request.url, request.method, headers, body, signal);
      if (response.status === 401 && usedToken !== undefined && !isInsufficientScope(response)) {
        if (body.kind === "stream") {
          options.emit?.({
            type: "request.not-replayed",
            method: request.method,
            url: safeUrl(request.url),
            reason: "too-large",
          });
          return releaseOnBodyEnd(
            withHint(
              response,
              "401 not replayed: the request body is over 8 MiB or a stream, so it could not be sent again",
            ),
            deadline,
          );
        }
        discardBody(response);
        await options.tokens.invalidate(usedToken);
        const fresh = await options.tokens.getToken(signal);
        headers.set("authorization", `Bearer ${fresh}`);
        options.emit?.({ type: "request.replayed", method: request.method, url: safeUrl(request.url) });
        response = await send(request.url, request.method, headers, body, signal);
        if (response.status === 401 && options.unauthorizedHint)
          response = withHint(response, options.unauthorizedHint);
      }
      return releaseOnBodyEnd(response, deadline);
    } catch (error) {
      deadline.clear();
      if (signal?.aborted) throw abortReasonToError(signal.reason, what);
      throw options.redactor.scrubError(error);
    }
  };
}

/**
 * Releases a response body we will not read. Not awaited: a cancel may never settle (a body tee'd by
 * msw's interceptor, mswjs/interceptors#712 and #799), and nothing depends on its completion.
 */
function discardBody(response: Response): void {
  response.body?.cancel().catch(() => {});
}

function isInsufficientScope(response: Response): boolean {
  return /error\s*=\s*"?insufficient_scope/i.test(response.headers.get("www-authenticate") ?? "");
}

/**
 * Reads the request body into bytes, up to {@link MAX_REPLAY_BODY_BYTES}. Bytes, not a
 * `Request.clone()` tee: a tee buffers without limit and breaks when one branch is cancelled.
 * Past the cap the body is sent as a stream (what was read, then the rest) and is not replayable.
 */
async function captureBody(request: Request): Promise<BodyPlan> {
  if (!request.body) return { kind: "none" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.byteLength;
    if (total > MAX_REPLAY_BODY_BYTES) {
      const stream = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const head = chunks.shift();
          if (head) return controller.enqueue(head);
          const next = await reader.read();
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        },
        cancel: (reason) => reader.cancel(reason),
      });
      return { kind: "stream", stream };
    }
  }
  if (chunks.length === 1) return { kind: "bytes", bytes: chunks[0]! };
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { kind: "bytes", bytes };
}

function withHint(response: Response, hint: string): Response {
  const headers = new Headers(response.headers);
  headers.set(HINT_HEADER, hint);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * Keeps the deadline running while the caller reads the body (a trickling body is cut at the
 * deadline), then clears its timer so nothing is left behind.
 */
function releaseOnBodyEnd(response: Response, deadline: Deadline): Response {
  // openapi-fetch never reads these bodies; a timer waiting for their end would linger.
  const empty =
    response.status === 204 || response.status === 304 || response.headers.get("content-length") === "0";
  if (!response.body || empty) {
    deadline.clear();
    return response;
  }
  const body = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      flush: () => deadline.clear(),
    }),
  );
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
