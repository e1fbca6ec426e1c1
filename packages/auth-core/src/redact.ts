/**
 * Scrubs secrets out of every string that leaves the package (error messages, causes, events). Each
 * secret is removed in the forms it can travel in: raw, URL/form-encoded, JSON-escaped, base64, and
 * inside an HTTP Basic credential.
 */
const REDACTED = "[redacted]";
/** Shorter values would scrub ordinary words out of messages; real secrets are far longer. */
const MIN_SECRET_LENGTH = 4;
/** Live tokens seen by this process, newest last; bounded so a long-running process stays flat. */
const LIVE_TOKEN_LIMIT = 512;
const liveTokens = new Set<string>();

function encodingsOf(secret: string): string[] {
  const forms = new Set([
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
    base64(secret),
  ]);
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

/** Standard base64 of the UTF-8 bytes; `btoa` alone rejects non-Latin-1 text. */
export function base64(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Records a token issued to this process so it is scrubbed from any later output. */
export function rememberLiveToken(token: string): void {
  liveTokens.delete(token);
  liveTokens.add(token);
  if (liveTokens.size > LIVE_TOKEN_LIMIT) {
    const oldest = liveTokens.values().next().value;
    if (oldest !== undefined) liveTokens.delete(oldest);
  }
}

/** Knows one client's secrets and removes them (and every live token) from text. */
export class Redactor {
  readonly #forms: string[] = [];

  /** `secrets` are literal values; empty or missing ones are ignored. */
  constructor(secrets: ReadonlyArray<string | undefined> = []) {
    for (const secret of secrets) if (secret) this.add(secret);
  }

  /** Adds a secret value (and its encoded forms). */
  add(secret: string): void {
    for (const form of encodingsOf(secret)) if (!this.#forms.includes(form)) this.#forms.push(form);
    // Longest first, so a form that contains another is removed whole.
    this.#forms.sort((a, b) => b.length - a.length);
  }

  /** Returns `text` with every known secret and live token replaced by `[redacted]`. */
  scrub(text: string): string {
    let out = text;
    for (const form of this.#forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
    for (const token of liveTokens) {
      for (const form of [token, base64(token)]) {
        if (form.length >= MIN_SECRET_LENGTH && out.includes(form)) out = out.split(form).join(REDACTED);
      }
    }
    return out;
  }

  /**
   * A safe stand-in for an arbitrary thrown value: same name, scrubbed message, the `code` of Node
   * system errors, and a scrubbed chain of causes. The original object is not kept: its own fields
   * (request options, headers) may hold secrets.
   */
  scrubError(error: unknown, depth = 0): Error {
    if (!(error instanceof Error)) return new Error(this.scrub(String(error)));
    if ((error as unknown as Record<symbol, unknown>)[Symbol.for("@caduceus/auth-core/error")]) return error;
    const cause =
      depth < 4 && error.cause !== undefined ? this.scrubError(error.cause, depth + 1) : undefined;
    const safe = new Error(this.scrub(error.message), cause ? { cause } : undefined);
    safe.name = error.name;
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string") Object.assign(safe, { code });
    safe.stack = `${safe.name}: ${safe.message}`;
    return safe;
  }
}

/** Removes the query string and fragment (which may carry keys) and any userinfo from a URL. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return "(invalid URL)";
  }
}
