import { abortReasonToError, type Deadline } from "../deadline.js";
import type { Redactor } from "../redact.js";

/** Statuses whose responses have no body (Fetch standard "null body status"), plus opaque ones. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * Keeps the call's deadline running while the caller reads the body (a trickling body is cut at the
 * deadline, even with a fetch that does not abort bodies itself), then clears its timer when the body
 * ends, fails or is cancelled, so nothing is left behind. Errors the body stream with our typed
 * `TimeoutError`/`AbortError` when `signal` fires first.
 */
export function releaseOnBodyEnd(
  response: Response,
  method: string,
  deadline: Deadline,
  signal: AbortSignal,
  redactor: Redactor,
  describe: () => string,
): Response {
  if (
    !response.body ||
    method === "HEAD" ||
    response.status < 200 ||
    NULL_BODY_STATUSES.has(response.status) ||
    response.headers.get("content-length") === "0"
  ) {
    // openapi-fetch never reads these bodies (a HEAD answer has none, even if a mock sends one); a
    // timer waiting for their end would linger.
    deadline.clear();
    return response;
  }
  const reader = response.body.getReader();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const finish = () => {
    deadline.clear();
    signal.removeEventListener("abort", onAbort);
  };
  const onAbort = () => {
    finish();
    controller.error(redactor.seal(abortReasonToError(signal.reason, describe())));
    reader.cancel(signal.reason).catch(() => {});
  };
  signal.addEventListener("abort", onAbort, { once: true });
  const body = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      async pull(c) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            finish();
            c.close();
          } else c.enqueue(value);
        } catch (error) {
          finish();
          // Closing or enqueueing after onAbort errored the stream throws; the stream is done anyway.
          if (!signal.aborted) c.error(redactor.scrubError(error));
        }
      },
      cancel(reason) {
        finish();
        // Not returned: the caller's cancel must not hang on a body that never settles (mswjs/interceptors#712).
        reader.cancel(reason).catch(() => {});
      },
    },
    { highWaterMark: 0 },
  );
  try {
    const wrapped = new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    Object.defineProperty(wrapped, "url", { value: response.url });
    Object.defineProperty(wrapped, "redirected", { value: response.redirected });
    return wrapped;
  } catch {
    // A status or status text the Response constructor refuses: hand back the original untouched.
    finish();
    reader.releaseLock();
    return response;
  }
}
