/**
 * Request bodies up to this size are kept as bytes so a 401 can be replayed byte-identical.
 *
 * @group HTTP
 */
export const MAX_REPLAY_BODY_BYTES = 8 * 1024 * 1024;

/**
 * How a request body will be sent: not at all, as bytes (replayable), or as a stream (sent once; a
 * 401 is returned to the caller with the reason).
 */
export type BodyPlan =
  | { kind: "none" }
  | { kind: "bytes"; bytes: Uint8Array }
  | { kind: "stream"; stream: ReadableStream<Uint8Array>; reason: "stream" | "too-large" };

/**
 * Reads the request body into bytes, up to {@link MAX_REPLAY_BODY_BYTES}. Bytes, not a
 * `Request.clone()` tee: a tee buffers without limit and breaks when one branch is cancelled.
 * Past the cap the body is sent as a stream (what was read, then the rest) and is not replayable;
 * a body the caller gave as a `ReadableStream` (with `duplex: "half"`) is passed through untouched.
 */
export async function captureBody(request: Request, init: RequestInit | undefined): Promise<BodyPlan> {
  if (!request.body) return { kind: "none" };
  if (init?.body instanceof ReadableStream) return { kind: "stream", stream: request.body, reason: "stream" };
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
      return { kind: "stream", stream, reason: "too-large" };
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
