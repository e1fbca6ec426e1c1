import {
  type Bundle,
  type CapabilityInteraction,
  etagMatches,
  etagOf,
  type FhirError,
  type FhirMockServer,
  type FhirResult,
  fhirFailure,
} from "./server.js";
import { type StoredResource, versionOf } from "./store.js";

/** FHIR's JSON media type, on every answer of the FHIR API. */
export const FHIR_JSON = "application/fhir+json";

/** A FHIR RESTful interaction (FHIR R4's RESTful API), plus the `$everything` operation. */
export type FhirInteraction = CapabilityInteraction;

/** What a request asks for, as the router understood it: handed to {@link FhirHttpOptions.gate}. */
export interface FhirRoute {
  /** The resource type in the path. */
  type: string;
  /** The interaction. */
  interaction: FhirInteraction;
  /** `read` for reads, searches and history; `write` for create, update, patch and delete. */
  access: "read" | "write";
}

/** Options of {@link handleFhirRequest}: a vendor's gate and the interactions it documents. */
export interface FhirHttpOptions {
  /**
   * Decides whether a request may go on (authentication, scopes, gateways): a Response refuses it,
   * `undefined` lets it through. Runs once the route is known, before anything is read or written.
   */
  gate?(request: Request, route: FhirRoute): Promise<Response | undefined> | Response | undefined;
  /** Whether the server offers `interaction` on `type`; otherwise 405 `not-supported`. @defaultValue every one */
  supports?(type: string, interaction: FhirInteraction): boolean;
}

/** Answers a FHIR error (OperationOutcome) with the FHIR media type. */
export function fhirError(error: FhirError, headers: Record<string, string> = {}): Response {
  return fhirJson(error.status, error.outcome, headers);
}

/** Answers `body` as FHIR JSON with `status`. */
export function fhirJson(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": FHIR_JSON, ...headers } });
}

/** Reads the body of a write: FHIR JSON, or plain JSON (415 for another media type, 400 when not JSON). */
export async function readBody(
  request: Request,
  accepted = /^application\/(fhir\+)?json\b/i,
): Promise<FhirResult<unknown>> {
  const type = request.headers.get("content-type") ?? "";
  if (!accepted.test(type))
    return fhirFailure(
      415,
      "not-supported",
      `Content-Type ${type || "(none)"} is not supported; send ${FHIR_JSON}.`,
    );
  try {
    return { ok: true, status: 200, value: await request.json() };
  } catch {
    return fhirFailure(400, "structure", "The body is not valid JSON.");
  }
}

const JSON_PATCH = /^application\/json-patch\+json\b/i;
const FORM = /^application\/x-www-form-urlencoded\b/i;

const versionHeaders = (resource: StoredResource): Record<string, string> => {
  const lastUpdated = (resource.meta as { lastUpdated?: string } | undefined)?.lastUpdated;
  return {
    etag: etagOf(resource),
    ...(lastUpdated ? { "last-modified": new Date(lastUpdated).toUTCString() } : {}),
  };
};

function answer(result: FhirResult<StoredResource | Bundle | null>, baseUrl: string): Response {
  if (!result.ok) return fhirError(result.error);
  const value = result.value;
  if (value === null) return new Response(null, { status: 204 });
  if (value.resourceType === "Bundle") return fhirJson(result.status, value);
  const resource = value as StoredResource;
  const location: Record<string, string> =
    result.status === 201
      ? { location: `${baseUrl}/${resource.resourceType}/${resource.id}/_history/${versionOf(resource)}` }
      : {};
  return fhirJson(result.status, resource, { ...versionHeaders(resource), ...location });
}

function route(method: string, parts: string[]): FhirRoute | undefined {
  const [type = "", id, op, vid, ...rest] = parts;
  const at = (interaction: FhirInteraction): FhirRoute => ({
    type,
    interaction,
    access: ["create", "update", "patch", "delete"].includes(interaction) ? "write" : "read",
  });
  if (!/^[A-Z][A-Za-z]+$/.test(type) || rest.length > 0) return undefined;
  if (id === undefined) return method === "GET" ? at("search") : method === "POST" ? at("create") : undefined;
  if (id === "_search") return method === "POST" && op === undefined ? at("search") : undefined;
  // A FHIR id (R4 `id` datatype); anything else (`_history`, `$validate`, …) is no interaction served here.
  if (!/^[A-Za-z0-9\-.]{1,64}$/.test(id)) return undefined;
  if (op === undefined) {
    const byMethod: Record<string, FhirInteraction> = {
      GET: "read",
      PUT: "update",
      PATCH: "patch",
      DELETE: "delete",
    };
    return byMethod[method] ? at(byMethod[method]) : undefined;
  }
  if (method !== "GET") return undefined;
  if (op === "_history") return vid === undefined ? at("history") : at("vread");
  if (op === "$everything" && type === "Patient" && vid === undefined) return at("everything");
  return undefined;
}

/**
 * Answers one HTTP request to the FHIR API `server` serves (its path below `server.baseUrl`): FHIR R4's
 * RESTful API over standard `Request` and `Response`, so it runs in msw, a loopback server or a fetch
 * stub alike. `GET metadata` answers the CapabilityStatement, without the gate. Reads answer `ETag` and `Last-Modified`, and 304 when `If-None-Match` names the current
 * version; updates, patches and deletes honour `If-Match` (412 otherwise); `_format` other than JSON
 * answers 406; a path or method FHIR does not define answers 404 or 405, with an OperationOutcome.
 *
 * @example
 * ```ts
 * const server = new FhirMockServer({ baseUrl: "https://fhir.example.test/r4" });
 * msw.use(http.all(`${server.baseUrl}/*`, ({ request }) => handleFhirRequest(server, request)));
 * ```
 */
export async function handleFhirRequest(
  server: FhirMockServer,
  request: Request,
  options: FhirHttpOptions = {},
): Promise<Response> {
  const url = new URL(request.url);
  const basePath = new URL(server.baseUrl).pathname.replace(/\/$/, "");
  if (!url.pathname.startsWith(`${basePath}/`) && url.pathname !== basePath)
    return fhirError(fhirFailure(404, "not-found", `${url.pathname} is not under this FHIR server.`).error);
  let parts: string[];
  try {
    parts = url.pathname.slice(basePath.length).split("/").filter(Boolean).map(decodeURIComponent);
  } catch {
    return fhirError(
      fhirFailure(400, "invalid", `${url.pathname} is not a valid percent-encoded path.`).error,
    );
  }
  const method = request.method.toUpperCase();
  // The CapabilityStatement is public, as FHIR servers (and SMART's discovery) expect.
  if (parts.length === 1 && parts[0] === "metadata") {
    if (method !== "GET")
      return fhirError(
        fhirFailure(405, "not-supported", `${method} metadata is not a FHIR interaction.`).error,
      );
    const supports = options.supports;
    return fhirJson(
      200,
      server.capabilities((type, i) => !supports || supports(type, i)),
    );
  }
  const found = route(method, parts);
  if (!found) {
    const known = ["GET", "POST", "PUT", "PATCH", "DELETE"].some(
      (other) => route(other, parts) !== undefined,
    );
    return known
      ? fhirError(
          fhirFailure(405, "not-supported", `${method} ${parts.join("/")} is not a FHIR interaction.`).error,
        )
      : fhirError(
          fhirFailure(404, "not-found", `No FHIR interaction at ${parts.join("/") || "the base URL"}.`).error,
        );
  }
  const denied = await options.gate?.(request, found);
  if (denied) return denied;
  const format = url.searchParams.get("_format");
  if (format && !/json/i.test(format))
    return fhirError(
      fhirFailure(406, "not-supported", `_format=${format}: this server answers JSON only.`).error,
    );
  if (!server.serves(found.type))
    return fhirError(
      fhirFailure(404, "not-supported", `${found.type} is not a resource type this server serves.`).error,
    );
  if (options.supports && !options.supports(found.type, found.interaction))
    return fhirError(
      fhirFailure(
        405,
        "not-supported",
        `${found.interaction} of ${found.type} is not supported by this server.`,
      ).error,
    );

  const { type, interaction } = found;
  const [, id = "", , vid = ""] = parts;
  const ifMatch = request.headers.get("if-match");
  switch (interaction) {
    case "search": {
      if (method === "GET") return answer(server.search(type, url), server.baseUrl);
      const contentType = request.headers.get("content-type") ?? "";
      if (!FORM.test(contentType))
        return fhirError(
          fhirFailure(
            415,
            "not-supported",
            `POST ${type}/_search takes application/x-www-form-urlencoded, not ${contentType || "(none)"}.`,
          ).error,
        );
      const query = new URL(`${server.baseUrl}/${type}`);
      for (const [name, value] of url.searchParams) query.searchParams.append(name, value);
      for (const [name, value] of new URLSearchParams(await request.text()))
        query.searchParams.append(name, value);
      return answer(server.search(type, query), server.baseUrl);
    }
    case "read": {
      const result = server.read(type, id);
      const ifNoneMatch = request.headers.get("if-none-match");
      if (result.ok && ifNoneMatch && etagMatches(ifNoneMatch, etagOf(result.value)))
        return new Response(null, { status: 304, headers: versionHeaders(result.value) });
      return answer(result, server.baseUrl);
    }
    case "vread":
      return answer(server.vread(type, id, vid), server.baseUrl);
    case "history":
      return answer(server.history(type, id), server.baseUrl);
    case "everything":
      return answer(server.everything(id), server.baseUrl);
    case "delete":
      return answer(server.remove(type, id, { ifMatch }), server.baseUrl);
    case "patch": {
      const body = await readBody(request, JSON_PATCH);
      return answer(body.ok ? server.patch(type, id, body.value, { ifMatch }) : body, server.baseUrl);
    }
    case "create":
    case "update": {
      const body = await readBody(request);
      if (!body.ok) return answer(body, server.baseUrl);
      return answer(
        interaction === "create"
          ? server.create(type, body.value)
          : server.update(type, id, body.value, { ifMatch }),
        server.baseUrl,
      );
    }
  }
}
