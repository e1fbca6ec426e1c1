import type { Deadline } from "../deadline.js";
import { NetworkError, type TransportErrorDetails } from "../errors/network-error.js";
import { processWide } from "../process-state.js";
import { type Redactor, safeUrl } from "../redact.js";
import { withCallDetails } from "./transport-details.js";

/** Statuses whose responses have no body (Fetch standard "null body status"), plus opaque ones. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** The methods that read a whole body; `bytes` is missing before Node 22, and is then left alone. */
const READERS = ["arrayBuffer", "blob", "bytes", "formData", "json", "text"] as const;
type Reader = (typeof READERS)[number];

/** What the readers installed on one response need to know about its call. */
interface BodyWatch {
  /** The call's deadline; its signal fires at the limit or on the caller's abort. */
  readonly deadline: Deadline;
  readonly redactor: Redactor;
  /** The call's method, and the sentence that names the call ("Acme GET https://…") in errors. */
  readonly method: string;
  readonly describe: () => string;
  /** Attempts the call made before this answer, the first included. */
  readonly attempts: number;
  /** The body as the fetch returned it, before `body` was redefined. */
  readonly original: ReadableStream<Uint8Array>;
  /** The prototype's readers, called with the response as `this`. */
  readonly readers: Readonly<Partial<Record<Reader, () => Promise<unknown>>>>;
  /** The pull-through stream, made the first time someone reads `response.body`. */
  stream?: ReadableStream<Uint8Array>;
  /** Whether one of the readers was called: a second call goes straight to the prototype's reader. */
  read?: boolean;
}

/**
 * Where a watched response keeps its {@link BodyWatch}: a symbol-keyed property, not a WeakMap, whose
 * entries cost every garbage collection extra work (one per call in flight or not yet collected).
 */
const WATCH = Symbol("caduceus.bodyWatch");
type Watched = Response & { [WATCH]?: BodyWatch };

/**
 * Keeps the call's deadline running while the caller reads the body (a trickling body is cut at the
 * deadline, even with a fetch that does not abort bodies itself), then clears its timer when the body
 * has been read, has failed or was cancelled, so nothing is left behind. A read cut by the deadline fails
 * with our typed `TimeoutError`/`AbortError`.
 *
 * The response is returned as it is, its readers (`json()`, `text()`…) shadowed on the instance: a
 * read through them costs one promise. Wrapping every body in a new `ReadableStream` and `Response`
 * instead cost more than a third of the client's own CPU per call in Node 20 (docs/benchmarks.md).
 * Only a caller who takes `response.body` itself gets a pull-through stream, made on first access.
 */
export function releaseOnBodyEnd(
  response: Response,
  method: string,
  deadline: Deadline,
  redactor: Redactor,
  describe: () => string = () => method,
  attempts = 1,
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
  const readers = readersOf(Object.getPrototypeOf(response));
  const shadowed = response as unknown as Record<Reader, unknown>;
  for (const name in readers) shadowed[name as Reader] = WATCHED_READERS[name as Reader];
  (response as Watched)[WATCH] = {
    deadline,
    redactor,
    method,
    describe,
    attempts,
    original: response.body,
    readers,
  };
  Object.defineProperty(response, "body", { configurable: true, get: watchedBody });
  return response;
}

const readersByPrototype = processWide(
  "response-readers",
  () => new WeakMap<object, Partial<Record<Reader, () => Promise<unknown>>>>(),
);

/** The body readers a Response prototype has (Node 20's lacks `bytes`), looked up once per prototype. */
function readersOf(prototype: object): Partial<Record<Reader, () => Promise<unknown>>> {
  let readers = readersByPrototype.get(prototype);
  if (!readers) {
    readers = {};
    for (const name of READERS) {
      const reader = (prototype as Record<Reader, unknown>)[name];
      if (typeof reader === "function") readers[name] = reader as () => Promise<unknown>;
    }
    readersByPrototype.set(prototype, readers);
  }
  return readers;
}

/** The readers put on a watched response: one shared function per name, the state under {@link WATCH}. */
const WATCHED_READERS = Object.fromEntries(
  READERS.map((name) => [
    name,
    function (this: Response) {
      return readWatched(this, name);
    },
  ]),
) as Record<Reader, (this: Response) => Promise<unknown>>;

function readWatched(response: Response, name: Reader): Promise<unknown> {
  const watch = (response as Watched)[WATCH];
  const reader = watch?.readers[name];
  if (!watch || !reader) return Promise.reject(new TypeError(`Response.${name} is not available here.`));
  // Someone took `body` already: read through that stream, so the bytes are counted once.
  if (watch.stream) {
    try {
      return (new Response(watch.stream) as unknown as Record<Reader, () => Promise<unknown>>)[name]();
    } catch (error) {
      return Promise.reject(error); // a locked or read stream: a rejection, as the prototype's readers give
    }
  }
  // Read before: the reader's own TypeError, untouched (nothing secret in it, nothing to wait for).
  if (watch.read) return reader.call(response);
  watch.read = true;
  const { deadline } = watch;
  const { signal } = deadline;
  const aborted = () =>
    watch.redactor.seal(withCallDetails(deadline.abortError(), () => details(watch, response.url)));
  if (signal.aborted) {
    deadline.clear();
    watch.original.cancel(deadline.reason).catch(() => {});
    return Promise.reject(aborted());
  }
  return new Promise((resolve, reject) => {
    // The read itself may go on after an abort (a fetch that does not abort bodies); the caller does not wait for it.
    deadline.setAbortHandler(() => reject(aborted()));
    reader.call(response).then(
      (value) => {
        deadline.clear();
        resolve(value);
      },
      (error: unknown) => {
        deadline.clear();
        reject(signal.aborted ? aborted() : bodyReadError(watch, response.url, error));
      },
    );
  });
}

/** `response.body` of a watched response: a stream that pulls from the original, made once. */
function watchedBody(this: Response): ReadableStream<Uint8Array> | null {
  const watch = (this as Watched)[WATCH];
  if (!watch) return null;
  watch.stream ??= pullThrough(watch, this.url);
  return watch.stream;
}

/**
 * A stream over the original body that clears the deadline when the body ends, fails or is cancelled,
 * and errors with the typed abort error when `signal` fires first. Pull-based, one chunk at a time:
 * `pipeThrough(new TransformStream())` cost a readable, a writable and a pipe per call.
 */
function pullThrough(watch: BodyWatch, url: string): ReadableStream<Uint8Array> {
  const { deadline, redactor } = watch;
  const { signal } = deadline;
  const reader = watch.original.getReader();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  // clear() also drops the abort handler below.
  const finish = () => deadline.clear();
  const onAbort = () => {
    controller.error(redactor.seal(withCallDetails(deadline.abortError(), () => details(watch, url))));
    reader.cancel(deadline.reason).catch(() => {});
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        if (signal.aborted) {
          finish();
          onAbort();
        } else deadline.setAbortHandler(onAbort);
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
          if (!signal.aborted) c.error(bodyReadError(watch, url, error));
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
  return stream;
}

/**
 * What a failed body read rejects with: the fetch's `TypeError` (undici's "terminated": the connection
 * was reset or closed mid-body) becomes our `NetworkError`; anything else (a `SyntaxError` from
 * `json()`) stays what it is. Both scrubbed. Not retried: part of the answer has been consumed.
 */
function bodyReadError(watch: BodyWatch, url: string, error: unknown): Error {
  const { redactor } = watch;
  if (!(error instanceof TypeError)) return redactor.scrubError(error);
  return new NetworkError(
    `${watch.describe()} lost the connection while its response body was read.`,
    details(watch, url),
    redactor.scrubError(error),
  );
}

function details(watch: BodyWatch, url: string): TransportErrorDetails {
  return { method: watch.method, url: watch.redactor.scrub(safeUrl(url)), attempts: watch.attempts };
}
