/**
 * How a token request's body was encoded, judged by its `Content-Type`: `"json"`
 * (`application/json`), `"form"` (`application/x-www-form-urlencoded`) or `"other"` (anything else,
 * or none).
 */
export type BodyEncoding = "json" | "form" | "other";

/** A request body read as a token endpoint reads it. */
export interface ParsedBody {
  /** The encoding its `Content-Type` announced. */
  encoding: BodyEncoding;
  /**
   * Its fields: the JSON object, or the form's fields (the first value of a repeated name). `{}` when
   * the encoding is `"other"`, the JSON is malformed or is not an object.
   */
  fields: Record<string, unknown>;
  /** `false` when the body does not parse as its announced encoding (malformed JSON, a JSON array…). */
  wellFormed: boolean;
}

/**
 * Reads a body as JSON or a form according to `contentType`, never throwing: a mock vendor decides
 * itself what a malformed or unexpected body deserves (a 400, a 415, a validation error).
 *
 * @example
 * ```ts
 * parseRequestBody("application/x-www-form-urlencoded", "grant_type=client_credentials");
 * // { encoding: "form", fields: { grant_type: "client_credentials" }, wellFormed: true }
 * ```
 */
export function parseRequestBody(contentType: string | null | undefined, text: string): ParsedBody {
  const type = contentType ?? "";
  if (/^application\/x-www-form-urlencoded\b/i.test(type)) {
    return { encoding: "form", fields: Object.fromEntries(new URLSearchParams(text)), wellFormed: true };
  }
  if (!/^application\/json\b/i.test(type)) return { encoding: "other", fields: {}, wellFormed: false };
  try {
    const value: unknown = JSON.parse(text);
    const isObject = typeof value === "object" && value !== null && !Array.isArray(value);
    return {
      encoding: "json",
      fields: isObject ? (value as Record<string, unknown>) : {},
      wellFormed: isObject,
    };
  } catch {
    return { encoding: "json", fields: {}, wellFormed: false };
  }
}

/** Client id and secret carried by an HTTP Basic `Authorization` header. */
export interface BasicCredentials {
  /** The part before the first ":", form-decoded. */
  clientId: string;
  /** The part after the first ":", form-decoded; may itself contain ":". */
  clientSecret: string;
}

/**
 * Decodes `Authorization: Basic …` as RFC 6749 §2.3.1 defines it for OAuth clients: base64 of
 * `form-encoded(id) ":" form-encoded(secret)`, so the first ":" separates them. `undefined` when the
 * header is absent, not Basic, not UTF-8 or has no ":". A raw secret containing "%" that is not an
 * escape fails here, as it would on a compliant server.
 *
 * @example
 * ```ts
 * decodeBasic(`Basic ${btoa("id:s%3Acret")}`); // { clientId: "id", clientSecret: "s:cret" }
 * ```
 */
export function decodeBasic(header: string | null | undefined): BasicCredentials | undefined {
  const match = /^Basic ([A-Za-z0-9+/]+=*)$/i.exec(header ?? "");
  if (!match) return undefined;
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(
      Uint8Array.from(atob(match[1]!), (char) => char.charCodeAt(0)),
    );
    const colon = text.indexOf(":");
    if (colon < 0) return undefined;
    const formDecode = (part: string) => decodeURIComponent(part.replace(/\+/g, " "));
    return { clientId: formDecode(text.slice(0, colon)), clientSecret: formDecode(text.slice(colon + 1)) };
  } catch {
    return undefined;
  }
}
