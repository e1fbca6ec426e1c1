import { inspect } from "node:util";

/**
 * Canaries: secret values planted in every credential field (and in every token the simulated
 * vendors issue), then looked for in everything the clients produce. A canary is found whole, URL-
 * or form-encoded, JSON-escaped, or base64-encoded at any of the three byte alignments (a secret
 * inside a larger base64 blob, such as an HTTP Basic credential, is encoded at an arbitrary offset).
 */

let serial = 0;

/** A fresh canary secret: unique, long, and with the characters that encodings change (`:`, `%`, `+`, space, `ü`). */
export function canary(kind: string): string {
  serial += 1;
  const random = Math.random().toString(36).slice(2, 10);
  return `CANARY-${kind}-${serial}-${random}:p%2F+ü x`;
}

function base64Of(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64");
}

/** Every form in which `secret` would betray itself. */
export function betrayingForms(secret: string): string[] {
  const forms = new Set<string>([
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
  ]);
  const bytes = new TextEncoder().encode(secret);
  // base64 at byte offset 0, 1 and 2 of an enclosing blob: drop the characters that mix with neighbours.
  for (let pad = 0; pad < 3; pad++) {
    const padded = new Uint8Array(pad + bytes.length);
    padded.set(bytes, pad);
    let encoded = base64Of(padded).replace(/=+$/, "");
    const skip = pad === 0 ? 0 : pad + 1;
    const tailBits = (pad + bytes.length) % 3;
    encoded = encoded.slice(skip, tailBits === 0 ? encoded.length : encoded.length - 1);
    if (encoded.length >= 8) forms.add(encoded);
    // base64url too
    if (encoded.length >= 8) forms.add(encoded.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return [...forms].filter((form) => form.length >= 6);
}

/** Every text form of a value a user could end up logging. */
export function renderings(value: unknown): string[] {
  const out: string[] = [];
  const safe = (fn: () => unknown) => {
    try {
      const text = fn();
      if (typeof text === "string") out.push(text);
    } catch (error) {
      out.push(`(rendering threw: ${String(error)})`);
    }
  };
  safe(() => String(value));
  safe(() => JSON.stringify(value));
  safe(() => inspect(value, { depth: 12, showHidden: true, getters: true }));
  if (value instanceof Error) {
    safe(() => value.stack);
    safe(() => value.message);
    let cause: unknown = value.cause;
    for (let depth = 0; cause !== undefined && depth < 8; depth++) {
      safe(() => String(cause));
      safe(() => inspect(cause, { depth: 12, showHidden: true }));
      cause = cause instanceof Error ? cause.cause : undefined;
    }
  }
  return out;
}

/** Collects everything a cell produced and reports which canaries it betrays. */
export class LeakScanner {
  readonly #secrets = new Map<string, string[]>();
  readonly #texts: Array<{ where: string; text: string }> = [];

  /** A value that must never appear. `label` names it in reports (never the value itself). */
  watch(label: string, secret: string): void {
    if (secret) this.#secrets.set(label, betrayingForms(secret));
  }

  /** Adds every rendering of `value`, produced at `where`. */
  add(where: string, value: unknown): void {
    for (const text of renderings(value)) this.#texts.push({ where, text });
  }

  addText(where: string, text: string): void {
    this.#texts.push({ where, text });
  }

  get scanned(): number {
    return this.#texts.length;
  }

  /** `"<secret label> in <where>"` for each betrayal found. */
  findings(): string[] {
    const found = new Set<string>();
    for (const { where, text } of this.#texts) {
      for (const [label, forms] of this.#secrets) {
        if (forms.some((form) => text.includes(form))) found.add(`${label} in ${where}`);
      }
    }
    return [...found];
  }
}
