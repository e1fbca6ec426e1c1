/**
 * Scrubs secrets out of every string that leaves the package (error messages, causes, events). Each
 * secret is removed in the forms it can travel in: raw, URL/form-encoded, JSON-escaped and base64;
 * the client adds its HTTP Basic credential as a secret of its own.
 */
import { processWide } from "./process-state.js";

const REDACTED = "[redacted]";
/** Shorter values would scrub ordinary words out of messages; real secrets are far longer. */
const MIN_SECRET_LENGTH = 4;
/** Live tokens seen by this process, newest last; bounded so a long-running process stays flat. */
const LIVE_TOKEN_LIMIT = 512;
/**
 * Each live token with its base64 form (how it travels inside a Basic-like header). Process-wide and
 * shared with every copy of auth-core in the process: a token one copy learnt is scrubbed by all.
 */
const liveTokens = processWide("live-tokens", () => new Map<string, readonly string[]>());
/** Fields of an error that are vocabulary, not data: scrubbing them would break `code` branching. */
const FIXED_FIELDS = new Set(["name", "code", "retryable", "attempts", "status", "timeoutMs"]);
const MAX_CAUSE_DEPTH = 4;

function encodingsOf(secret: string): string[] {
  const forms = new Set([
    secret,
    encodeURIComponent(secret),
    formEncode(secret),
    JSON.stringify(secret).slice(1, -1),
    base64(secret),
    ...base64Embeddings(secret),
  ]);
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

/**
 * The base64 (and base64url) characters that encode `text` wherever it sits in a larger blob: at
 * byte offset 0, 1 or 2 of a 3-byte group, without the characters it shares with its neighbours and
 * without padding. A secret inside an HTTP Basic credential, or a base64 echo cut short (its `==`
 * dropped), is still recognised (found by the reliability campaign's property tests, docs/reliability.md).
 */
function base64Embeddings(text: string): string[] {
  const bytes = new TextEncoder().encode(text);
  const forms: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    let binary = "\0".repeat(offset);
    for (const byte of bytes) binary += String.fromCharCode(byte);
    const encoded = btoa(binary).replace(/=+$/, "");
    // Leading characters mix with the preceding bytes; a trailing partial group mixes with the next.
    const start = offset === 0 ? 0 : offset + 1;
    const end = (offset + bytes.length) % 3 === 0 ? encoded.length : encoded.length - 1;
    const core = encoded.slice(start, end);
    if (core.length >= 8) forms.push(core, core.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return forms;
}

/** `application/x-www-form-urlencoded` encoding of one value (spaces as `+`), as token requests send it. */
export function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

/** Standard base64 of the UTF-8 bytes; `btoa` alone rejects non-Latin-1 text. */
export function base64(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Records a token issued to this process so it is scrubbed from any later output. */
export function rememberLiveToken(token: string): void {
  if (liveTokens.has(token)) liveTokens.delete(token);
  liveTokens.set(
    token,
    [token, base64(token), ...base64Embeddings(token)].filter((form) => form.length >= MIN_SECRET_LENGTH),
  );
  if (liveTokens.size > LIVE_TOKEN_LIMIT) {
    const oldest = liveTokens.keys().next().value;
    if (oldest !== undefined) liveTokens.delete(oldest);
  }
}

/**
 * Knows one client's secrets and removes them (and every live token of the process) from text.
 *
 * @example
 * ```ts
 * new Redactor(["s3cret-value"]).scrub("bad secret s3cret-value") // "bad secret [redacted]"
 * ```
 *
 * @group Safety
 */
export class Redactor {
  readonly #forms: string[] = [];

  /** `secrets` are literal values; empty or missing ones are ignored. */
  constructor(secrets: ReadonlyArray<string | undefined> = []) {
    for (const secret of secrets) if (secret) this.add(secret);
  }

  /** Adds a secret value (and its encoded forms). */
  add(secret: string): void {
    for (const form of encodingsOf(secret)) if (!this.#forms.includes(form)) this.#forms.push(form);
  }

  /**
   * Returns `text` with every known secret and live token replaced by `[redacted]`. Every occurrence
   * (overlapping ones included) is found in the original text and covered whole, and the marker is
   * chosen so that it can never combine with its neighbours into a secret: when a secret could
   * overlap `[redacted]` (say `"d]ab"`), a character that no secret contains is used instead.
   */
  scrub(text: string): string {
    const forms = this.#allForms();
    const ranges: Array<[number, number]> = [];
    for (const form of forms) {
      for (let at = text.indexOf(form); at !== -1; at = text.indexOf(form, at + 1)) {
        ranges.push([at, at + form.length]);
      }
    }
    if (ranges.length === 0) return text;
    ranges.sort((a, b) => a[0] - b[0]);
    const marker = markerFor(forms);
    let out = "";
    let cursor = 0;
    let index = 0;
    while (index < ranges.length) {
      const [start] = ranges[index]!;
      let end = ranges[index]![1];
      index++;
      // Merge overlapping and touching matches: one marker, never two side by side.
      while (index < ranges.length && ranges[index]![0] <= end) {
        end = Math.max(end, ranges[index]![1]);
        index++;
      }
      out += text.slice(cursor, start) + marker;
      cursor = end;
    }
    return out + text.slice(cursor);
  }

  /**
   * A safe stand-in for an arbitrary thrown value: same name, scrubbed message, the `code` of Node
   * system errors, and a scrubbed chain of causes. The original object is not kept: its own fields
   * (request options, headers) may hold secrets. Caduceus errors are sealed in place instead.
   */
  scrubError(error: unknown, depth = 0): Error {
    if (!(error instanceof Error)) return new Error(this.scrub(String(error)));
    if (isBranded(error)) return this.seal(error, depth);
    const cause =
      depth < MAX_CAUSE_DEPTH && error.cause !== undefined
        ? this.scrubError(error.cause, depth + 1)
        : undefined;
    const safe = new Error(this.scrub(error.message), cause ? { cause } : undefined);
    safe.name = this.scrub(String(error.name));
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string") Object.assign(safe, { code: this.scrub(code) });
    safe.stack = `${safe.name}: ${safe.message}`;
    return safe;
  }

  /**
   * Scrubs one of our own errors in place, so the instance callers hold (and its `stack`, `toJSON()`,
   * `util.inspect` and `String()` forms) carries no secret: message, stack, every data field and the
   * cause chain. `code` and `name` are left alone (they are vocabulary). Returns the same error.
   */
  seal<E extends Error>(error: E, depth = 0): E {
    const record = error as unknown as Record<string, unknown>;
    const scrubbedMessage = this.scrub(error.message);
    if (scrubbedMessage !== error.message) error.message = scrubbedMessage;
    if (typeof error.stack === "string") {
      const stack = this.scrub(error.stack);
      if (stack !== error.stack) error.stack = stack;
    }
    for (const [key, value] of Object.entries(record)) {
      if (typeof value === "string" && !FIXED_FIELDS.has(key)) {
        const scrubbed = this.scrub(value);
        if (scrubbed !== value) record[key] = scrubbed;
      }
    }
    if (error.cause !== undefined && depth < MAX_CAUSE_DEPTH) {
      const cause = error.cause;
      const safe =
        cause instanceof Error && isBranded(cause)
          ? this.seal(cause, depth + 1)
          : this.scrubError(cause, depth + 1);
      if (safe !== cause) {
        Object.defineProperty(error, "cause", {
          value: safe,
          writable: true,
          configurable: true,
          enumerable: false,
        });
      }
    }
    return error;
  }

  #allForms(): string[] {
    if (liveTokens.size === 0) return this.#forms;
    const forms = [...this.#forms];
    for (const tokenForms of liveTokens.values()) forms.push(...tokenForms);
    return forms;
  }
}

function isBranded(error: Error): boolean {
  return (error as unknown as Record<symbol, unknown>)[Symbol.for("@caduceus/auth-core/error")] === true;
}

/**
 * `[redacted]` unless some secret could overlap it (share a prefix/suffix with it, contain it or sit
 * inside it); then the first character no secret contains, which cannot overlap anything.
 */
function markerFor(forms: readonly string[]): string {
  if (forms.every((form) => cannotOverlap(form, REDACTED))) return REDACTED;
  for (let code = 0x2588; ; code++) {
    const candidate = String.fromCharCode(code);
    if (forms.every((form) => !form.includes(candidate))) return candidate;
  }
}

function cannotOverlap(form: string, marker: string): boolean {
  if (form.includes(marker) || marker.includes(form)) return false;
  const limit = Math.min(form.length - 1, marker.length);
  for (let k = 1; k <= limit; k++) {
    if (form.endsWith(marker.slice(0, k)) || form.startsWith(marker.slice(-k))) return false;
  }
  return true;
}

/** Removes the query string and fragment (which may carry keys) and any userinfo from a URL. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return "(invalid URL)";
  }
}
