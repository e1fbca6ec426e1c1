import type { Clock } from "@caduceus/auth-core";
import type { VendorMock } from "@caduceus/auth-core/testing";
import type { Answer, Incoming } from "./loopback.js";

/**
 * How the campaign serves a vendor with its own `./testing` kit: the kit's token rules check every
 * token request and its API guard every call, exactly as the package's users' tests see them, with
 * the campaign's tenants added as kit tenants (`mock.tenants`); tokens are only ever minted by the
 * kit's token rules, so the kit knows each one's tenant (and grant). What stays the harness's own is
 * what no kit models: socket-level faults, scripted answers, clocks, canaries and the leak scan.
 */
export interface KitBinding<Creds> {
  /** The vendor's kit serving `origin` (token endpoint and API base URL on it), tokens on `clock`. */
  create(origin: string, clock: Clock): VendorMock<object>;
  /** A tenant's credentials under the kit's names (`mock.tenants.add(tenant, …)`). */
  credentials(creds: Creds): Record<string, string>;
  /**
   * Where the token answer carries each field a fault may override, as a dot path
   * (`"data.accessToken"`); fields the vendor never sends are added at the top level.
   */
  answerFields: { accessToken: string; tokenType: string; expiresIn: string };
  /** Headers (lower-case) that carry an API credential and must never reach the token endpoint. */
  notToTokenEndpoint?: readonly string[];
  /** Headers (lower-case) that carry a token-endpoint credential and must never reach the API. */
  notToApi?: readonly string[];
}

/** Hop-by-hop and framing headers the loopback server saw that a `Request` must not copy. */
const NOT_COPIED = new Set(["host", "connection", "content-length", "transfer-encoding", "keep-alive"]);

/** The WHATWG request a kit's `respond` takes, from what the loopback server (or in-process fetch) received. */
export function requestOf(incoming: Incoming): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers))
    if (!NOT_COPIED.has(name)) headers.set(name, value);
  const body = incoming.method === "GET" || incoming.method === "HEAD" ? undefined : incoming.body;
  return new Request(incoming.url.href, {
    method: incoming.method,
    headers,
    body: body as BodyInit | undefined,
  });
}

/** A kit's answer as the loopback server sends it. */
export async function answerOf(response: Response): Promise<Answer> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== "content-length") headers[name] = value;
  });
  return { status: response.status, headers, body: new Uint8Array(await response.arrayBuffer()) };
}

/** An answer's body as text. */
export const textOf = (answer: Answer): string =>
  typeof answer.body === "string" ? answer.body : new TextDecoder().decode(answer.body);

/** Every string in a JSON value, depth first (where a token answer's access token may be). */
export function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (typeof value !== "object" || value === null) return [];
  return Object.values(value).flatMap(stringsIn);
}

/** Sets (or, for `undefined` with `remove`, deletes) the field at a dot `path` of `target`. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown, remove = false): void {
  const names = path.split(".");
  let node = target;
  for (const name of names.slice(0, -1)) {
    if (typeof node[name] !== "object" || node[name] === null) node[name] = {};
    node = node[name] as Record<string, unknown>;
  }
  const last = names.at(-1)!;
  if (remove) delete node[last];
  else node[last] = value;
}
