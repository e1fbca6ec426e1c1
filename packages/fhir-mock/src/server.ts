import { getSearchParameters } from "@medplum/core";
import { fhirResourceTypes, isFhirResourceType, loadFhirDefinitions } from "./definitions.js";
import { applyJsonPatch } from "./patch.js";
import { searchResources } from "./search.js";
import { FhirStore, type StoredResource, versionOf } from "./store.js";
import { type ValidationIssue, validateFhirResource } from "./validate.js";

/** A FHIR issue type (`not-found`, `invalid`, `login`, …): the value set HL7 binds to `OperationOutcome.issue.code`. */
export type IssueType =
  | "invalid"
  | "structure"
  | "required"
  | "value"
  | "invariant"
  | "security"
  | "login"
  | "unknown"
  | "expired"
  | "forbidden"
  | "suppressed"
  | "processing"
  | "not-supported"
  | "duplicate"
  | "multiple-matches"
  | "not-found"
  | "deleted"
  | "too-long"
  | "code-invalid"
  | "extension"
  | "too-costly"
  | "business-rule"
  | "conflict"
  | "transient"
  | "lock-error"
  | "no-store"
  | "exception"
  | "timeout"
  | "incomplete"
  | "throttled"
  | "informational";

/** One issue of an {@link OperationOutcome}. */
export interface OutcomeIssue {
  /** `"error"` or `"fatal"`. */
  severity: "error" | "fatal";
  /** The FHIR issue type. */
  code: IssueType;
  /** Human-readable detail, shown to the developer. */
  diagnostics: string;
  /** FHIRPath-like locations of the elements concerned. */
  expression?: string[];
}

/** The body of a FHIR error. */
export interface OperationOutcome {
  /** Always `"OperationOutcome"`. */
  resourceType: "OperationOutcome";
  /** What went wrong: at least one issue. */
  issue: OutcomeIssue[];
}

/** A FHIR error: an HTTP status and the OperationOutcome to answer with it. */
export interface FhirError {
  /** HTTP status: 400, 401, 403, 404, 405, 406, 409, 410, 412, 415, 422, … */
  status: number;
  /** The body: an OperationOutcome naming what went wrong. */
  outcome: OperationOutcome;
}

/**
 * The result of one FHIR interaction: a value and the success status, or a {@link FhirError}. Never
 * thrown: the HTTP layer turns either side into a response.
 */
export type FhirResult<T> =
  | {
      /** `true`: the interaction succeeded. */
      ok: true;
      /** The resource (or Bundle) to answer; `null` after a delete. */
      value: T;
      /** 201 after a create (or an update that created), 200 otherwise. */
      status: 200 | 201;
    }
  | {
      /** `false`: the interaction failed; answer `error`. */
      ok: false;
      /** Status and OperationOutcome to answer. */
      error: FhirError;
    };

/**
 * Builds an OperationOutcome with one issue, the shape FHIR servers answer errors with.
 *
 * @param code - A FHIR issue type (`not-found`, `required`, `forbidden`, `login`, …).
 * @param diagnostics - Human-readable detail, shown to the developer.
 * @param severity - Default `"error"`; `"fatal"` when the server could not go on.
 * @example
 * ```ts
 * operationOutcome("not-found", "Resource Patient/123 is not known.");
 * // { resourceType: "OperationOutcome",
 * //   issue: [{ severity: "error", code: "not-found", diagnostics: "Resource Patient/123 is not known." }] }
 * ```
 */
export function operationOutcome(
  code: IssueType,
  diagnostics: string,
  severity: "error" | "fatal" = "error",
): OperationOutcome {
  return { resourceType: "OperationOutcome", issue: [{ severity, code, diagnostics }] };
}

/** A failed {@link FhirResult}: `status` and an OperationOutcome with one issue. */
export function fhirFailure(
  status: number,
  code: IssueType,
  diagnostics: string,
): {
  /** Always `false`. */
  ok: false;
  /** The error to answer. */
  error: FhirError;
} {
  return { ok: false, error: { status, outcome: operationOutcome(code, diagnostics) } };
}

/** A searchset or history Bundle, as the server answers it. */
export interface Bundle {
  /** Always `"Bundle"`. */
  resourceType: "Bundle";
  /** A new id per answer. */
  id: string;
  /** When the answer was made. */
  meta: {
    /** An instant on the server's clock. */
    lastUpdated: string;
  };
  /** `searchset` or `history`. */
  type: "searchset" | "history";
  /** How many resources match (all pages) or how many versions there are. */
  total: number;
  /** `self`, and `next`/`previous` when there are such pages. */
  link: Array<{
    /** The link's relation. */
    relation: string;
    /** The absolute URL. */
    url: string;
  }>;
  /** The entries: absent for `_summary=count`. */
  entry?: Array<{
    /** The resource's absolute URL. */
    fullUrl: string;
    /** The resource (a version, in a history). */
    resource: StoredResource;
    /** Search mode: `match` or `include` (searchset only). */
    search?: {
      /** Why the entry is in the Bundle. */
      mode: "match" | "include";
    };
    /** The interaction that made the version (history only). */
    request?: {
      /** `POST` for the first version, `PUT` or `PATCH` after. */
      method: string;
      /** `Type` or `Type/id`. */
      url: string;
    };
  }>;
}

/** An interaction a CapabilityStatement can list (see {@link FhirMockServer.capabilities}). */
export type CapabilityInteraction =
  | "read"
  | "vread"
  | "search"
  | "create"
  | "update"
  | "patch"
  | "delete"
  | "history"
  | "everything";

/** What a write does: the interaction whose rules apply. */
export type WriteAction = "create" | "update" | "patch";

/**
 * A server's own rules on top of FHIR R4's: what a vendor requires, forbids or documents. Each answers a
 * {@link FhirError} to refuse, or `undefined` to go on.
 */
export interface FhirServerRules {
  /** Checked before a search runs (a vendor's required parameters, for example). */
  search?(type: string, query: URLSearchParams): FhirError | undefined;
  /** Checked on every write before HL7's validation (a profile's required elements, for example). */
  profile?(type: string, resource: Record<string, unknown>, action: WriteAction): FhirError | undefined;
  /** Checked on every write after HL7's validation (references to known resources, for example). */
  write?(type: string, resource: Record<string, unknown>, action: WriteAction): FhirError | undefined;
  /** Checked before an existing resource is updated, patched or deleted. */
  change?(type: string, id: string, action: WriteAction | "delete"): FhirError | undefined;
}

/** Options of {@link FhirMockServer}. */
export interface FhirMockServerOptions {
  /** The FHIR base URL served: `fullUrl`s, Location headers and page links are made from it. */
  baseUrl: string;
  /** The clock of `meta.lastUpdated` and generated ids. @defaultValue the system clock */
  clock?: {
    /** Milliseconds since the epoch. */
    now(): number;
  };
  /** Resources to start with, by type (they become the store's live `data`). @defaultValue none */
  data?: Record<string, StoredResource[]>;
  /** The resource types served. @defaultValue every FHIR R4 resource type */
  resourceTypes?: readonly string[];
  /** The server's own rules. @defaultValue none */
  rules?: FhirServerRules;
  /** Whether an update of an unknown id creates the resource (FHIR's update as create). @defaultValue `true` */
  updateCreates?: boolean;
}

/** Preconditions of a write (conditional update, patch and delete). */
export interface WriteConditions {
  /** The `If-Match` header: the write goes on only when it names the current version (`W/"3"`), else 412. */
  ifMatch?: string | null;
}

/** The `ETag` of a version: `W/"<versionId>"`, as FHIR's RESTful API defines. */
export function etagOf(resource: StoredResource): string {
  return `W/"${versionOf(resource)}"`;
}

/** True when an `If-Match` / `If-None-Match` header value names `etag` (or is `*`). */
export function etagMatches(header: string, etag: string): boolean {
  const bare = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.split(",").some((tag) => tag.trim() === "*" || bare(tag) === bare(etag));
}

/**
 * An in-memory FHIR R4 server: read, vread, search (FHIR R4's, see `searchResources`), create, update,
 * patch (JSON Patch), delete and history over a {@link FhirStore}, with writes validated against HL7's
 * R4 definitions and conditional writes (`If-Match`). Pure logic: {@link handleFhirRequest} turns HTTP
 * requests into these calls. A vendor's own behaviour comes in as {@link FhirServerRules}.
 */
export class FhirMockServer {
  /** The data: current versions by type in `store.data`, every version written. */
  readonly store: FhirStore;
  /** The FHIR base URL served, without a trailing slash. */
  readonly baseUrl: string;
  readonly #clock: { now(): number };
  readonly #types: ReadonlySet<string> | undefined;
  readonly #rules: FhirServerRules;
  readonly #updateCreates: boolean;
  readonly #created = new Set<string>();

  constructor(options: FhirMockServerOptions) {
    this.baseUrl = options.baseUrl.replace(/\/$/, "");
    this.#clock = options.clock ?? { now: () => Date.now() };
    this.store = new FhirStore(() => this.#clock.now(), options.data);
    this.#types = options.resourceTypes ? new Set(options.resourceTypes) : undefined;
    this.#rules = options.rules ?? {};
    this.#updateCreates = options.updateCreates ?? true;
  }

  /** The current version of every resource, by type (the store's live arrays). */
  get data(): Record<string, StoredResource[]> {
    return this.store.data;
  }

  /** The resource types served, sorted. */
  resourceTypes(): string[] {
    return this.#types ? [...this.#types].sort() : fhirResourceTypes();
  }

  /** True when `type` is served. */
  serves(type: string): boolean {
    return this.#types ? this.#types.has(type) : isFhirResourceType(type);
  }

  /** True when `type/id` was created through {@link create} (not seeded). */
  wasCreated(type: string, id: string): boolean {
    return this.#created.has(`${type}/${id}`);
  }

  #now(): string {
    return new Date(this.#clock.now()).toISOString();
  }

  #unknownType(type: string) {
    return this.serves(type)
      ? undefined
      : fhirFailure(404, "not-supported", `${type} is not a resource type this server serves.`);
  }

  /** GET `{type}/{id}`: the resource (200), 410 `deleted` once deleted, or 404 `not-found`. */
  read(type: string, id: string): FhirResult<StoredResource> {
    const unknown = this.#unknownType(type);
    if (unknown) return unknown;
    const found = this.store.read(type, id);
    if (found) return { ok: true, value: found, status: 200 };
    if (this.store.isDeleted(type, id)) return fhirFailure(410, "deleted", `${type}/${id} has been deleted.`);
    return fhirFailure(404, "not-found", `Resource ${type}/${id} is not known.`);
  }

  /** GET `{type}/{id}/_history/{vid}`: that version (200), or 404 `not-found`. */
  vread(type: string, id: string, versionId: string): FhirResult<StoredResource> {
    const unknown = this.#unknownType(type);
    if (unknown) return unknown;
    const version = this.store.history(type, id).find((v) => versionOf(v) === versionId);
    if (version) return { ok: true, value: version, status: 200 };
    return fhirFailure(404, "not-found", `${type}/${id} has no version ${versionId}.`);
  }

  /** GET `{type}/{id}/_history`: a `history` Bundle of every version, newest first. */
  history(type: string, id: string): FhirResult<Bundle> {
    const unknown = this.#unknownType(type);
    if (unknown) return unknown;
    const versions = this.store.history(type, id);
    if (versions.length === 0) return fhirFailure(404, "not-found", `Resource ${type}/${id} is not known.`);
    const url = `${this.baseUrl}/${type}/${id}/_history`;
    return {
      ok: true,
      status: 200,
      value: {
        ...this.#bundle("history", versions.length, [{ relation: "self", url }]),
        entry: versions.reverse().map((version) => ({
          fullUrl: `${this.baseUrl}/${type}/${id}`,
          resource: version,
          request:
            versionOf(version) === "1"
              ? { method: "POST", url: type }
              : { method: "PUT", url: `${type}/${id}` },
        })),
      },
    };
  }

  #bundle(type: Bundle["type"], total: number, link: Bundle["link"]) {
    return {
      resourceType: "Bundle" as const,
      id: this.store.newId(),
      meta: { lastUpdated: this.#now() },
      type,
      total,
      link,
    };
  }

  /**
   * GET `{type}?…` (or POST `{type}/_search`, with the form's parameters in `url`): a `searchset` Bundle
   * with `total` and `self`/`next`/`previous` links. A parameter or modifier the search does not
   * implement is refused with 400 naming it, never ignored.
   */
  search(type: string, url: URL): FhirResult<Bundle> {
    const unknown = this.#unknownType(type);
    if (unknown) return unknown;
    const refused = this.#rules.search?.(type, url.searchParams);
    if (refused) return { ok: false, error: refused };
    const result = searchResources(type, url, { all: (t) => this.store.data[t] ?? [] });
    if (!result.ok) return fhirFailure(400, result.code, result.diagnostics);
    const entry = (resource: StoredResource, mode: "match" | "include") => ({
      fullUrl: `${this.baseUrl}/${resource.resourceType}/${resource.id}`,
      resource,
      search: { mode },
    });
    const summaryOnly = url.searchParams.get("_summary") === "count";
    return {
      ok: true,
      status: 200,
      value: {
        ...this.#bundle("searchset", result.total, result.links),
        ...(summaryOnly
          ? {}
          : {
              entry: [
                ...result.matches.map((r) => entry(r, "match")),
                ...result.included.map((r) => entry(r, "include")),
              ],
            }),
      },
    };
  }

  /** POST `{type}`: a new resource, version 1 (201); the body's id, if any, is replaced, as FHIR create does. */
  create(type: string, body: unknown): FhirResult<StoredResource> {
    const unknown = this.#unknownType(type);
    if (unknown) return unknown;
    const invalid = this.#validate(type, body, "create");
    if (invalid) return invalid;
    const { id: _ignored, meta: _meta, ...resource } = body as Record<string, unknown>;
    const stored = this.store.put(resource, this.store.newId());
    this.#created.add(`${type}/${stored.id}`);
    return { ok: true, value: stored, status: 201 };
  }

  /**
   * PUT `{type}/{id}`: a new version of the resource (200), or the resource created under that id (201)
   * when unknown and the server allows update as create. The body's id must match the URL's.
   */
  update(
    type: string,
    id: string,
    body: unknown,
    conditions: WriteConditions = {},
  ): FhirResult<StoredResource> {
    const unknown = this.#unknownType(type);
    if (unknown) return unknown;
    const current = this.read(type, id);
    if (!current.ok && !this.#updateCreates) return current;
    const precondition = current.ok ? this.#precondition(current.value, conditions) : undefined;
    if (precondition) return precondition;
    const invalid =
      this.#validate(type, body, "update") ?? (current.ok ? this.#changeable(type, id, "update") : undefined);
    if (invalid) return invalid;
    if ((body as StoredResource).id !== id)
      return fhirFailure(
        400,
        "invalid",
        `The resource id (${String((body as StoredResource).id)}) must match the URL (${id}).`,
      );
    const stored = this.store.put(body as StoredResource, id);
    return { ok: true, value: stored, status: current.ok ? 200 : 201 };
  }

  /** PATCH `{type}/{id}` with a JSON Patch (RFC 6902): the patched resource, validated like an update. */
  patch(
    type: string,
    id: string,
    patch: unknown,
    conditions: WriteConditions = {},
  ): FhirResult<StoredResource> {
    const current = this.read(type, id);
    if (!current.ok) return current;
    const precondition = this.#precondition(current.value, conditions);
    if (precondition) return precondition;
    const changeable = this.#changeable(type, id, "patch");
    if (changeable) return changeable;
    const patched = applyJsonPatch(current.value, patch);
    if (!patched.ok)
      return patched.reason === "test"
        ? fhirFailure(412, "conflict", patched.message)
        : fhirFailure(422, "processing", patched.message);
    if (patched.value.resourceType !== type || patched.value.id !== id)
      return fhirFailure(422, "processing", "A patch may not change the resource's type or id.");
    const invalid = this.#validate(type, patched.value, "patch");
    if (invalid) return invalid;
    return { ok: true, value: this.store.put(patched.value, id), status: 200 };
  }

  /** DELETE `{type}/{id}`: removes the resource; a later read answers 410. */
  remove(type: string, id: string, conditions: WriteConditions = {}): FhirResult<null> {
    const current = this.read(type, id);
    if (!current.ok) return current;
    const invalid = this.#precondition(current.value, conditions) ?? this.#changeable(type, id, "delete");
    if (invalid) return invalid;
    this.store.delete(type, id);
    return { ok: true, value: null, status: 200 };
  }

  /**
   * GET `metadata`: the server's CapabilityStatement (FHIR R4 `instance`): every resource type served
   * with the interactions `supports` allows, its search parameters and versioning, and `$everything`.
   *
   * @param supports - Which interactions the server offers; default every one.
   */
  capabilities(
    supports: (type: string, interaction: CapabilityInteraction) => boolean = () => true,
  ): Record<string, unknown> {
    loadFhirDefinitions();
    const codes: Array<[CapabilityInteraction, string]> = [
      ["read", "read"],
      ["vread", "vread"],
      ["update", "update"],
      ["patch", "patch"],
      ["delete", "delete"],
      ["history", "history-instance"],
      ["create", "create"],
      ["search", "search-type"],
    ];
    const resource = this.resourceTypes().map((type) => {
      const offered = codes.filter(([interaction]) => supports(type, interaction));
      const searchParam = supports(type, "search")
        ? Object.values(getSearchParameters(type) ?? {}).map((p) => ({ name: p.code, type: p.type }))
        : [];
      const everything = type === "Patient" && supports(type, "everything");
      return {
        type,
        interaction: offered.map(([, code]) => ({ code })),
        versioning: "versioned-update",
        readHistory: supports(type, "vread"),
        updateCreate: this.#updateCreates && supports(type, "update"),
        conditionalDelete: "not-supported",
        ...(searchParam.length > 0 ? { searchParam } : {}),
        ...(everything
          ? {
              operation: [
                {
                  name: "everything",
                  definition: "http://hl7.org/fhir/OperationDefinition/Patient-everything",
                },
              ],
            }
          : {}),
      };
    });
    return {
      resourceType: "CapabilityStatement",
      status: "active",
      date: this.#now(),
      kind: "instance",
      implementation: { description: "An in-memory FHIR R4 server (@caduceus/fhir-mock)", url: this.baseUrl },
      fhirVersion: "4.0.1",
      format: ["json"],
      patchFormat: ["application/json-patch+json"],
      rest: [{ mode: "server", resource }],
    };
  }

  /** The patient and every resource of the types served whose references name them (`Patient/{id}/$everything`). */
  everything(patientId: string): FhirResult<Bundle> {
    const patient = this.read("Patient", patientId);
    if (!patient.ok) return patient;
    const wanted = `Patient/${patientId}`;
    const refersTo = (value: unknown): boolean => {
      if (Array.isArray(value)) return value.some(refersTo);
      if (!value || typeof value !== "object") return false;
      const reference = (value as { reference?: unknown }).reference;
      if (typeof reference === "string" && (reference === wanted || reference.endsWith(`/${wanted}`)))
        return true;
      return Object.values(value).some(refersTo);
    };
    const found = [
      patient.value,
      ...Object.entries(this.store.data)
        .filter(([type]) => type !== "Patient")
        .flatMap(([, resources]) => resources.filter((r) => refersTo(r))),
    ];
    const url = `${this.baseUrl}/Patient/${patientId}/$everything`;
    return {
      ok: true,
      status: 200,
      value: {
        ...this.#bundle("searchset", found.length, [{ relation: "self", url }]),
        entry: found.map((resource) => ({
          fullUrl: `${this.baseUrl}/${resource.resourceType}/${resource.id}`,
          resource,
          search: { mode: "match" as const },
        })),
      },
    };
  }

  #precondition(current: StoredResource, conditions: WriteConditions) {
    const { ifMatch } = conditions;
    if (ifMatch === undefined || ifMatch === null || etagMatches(ifMatch, etagOf(current))) return undefined;
    return fhirFailure(
      412,
      "conflict",
      `If-Match ${ifMatch} does not name the current version of ${current.resourceType}/${current.id} (${etagOf(current)}).`,
    );
  }

  #changeable(type: string, id: string, action: WriteAction | "delete") {
    const refused = this.#rules.change?.(type, id, action);
    return refused ? { ok: false as const, error: refused } : undefined;
  }

  #validate(type: string, body: unknown, action: WriteAction) {
    if (typeof body !== "object" || body === null || Array.isArray(body))
      return fhirFailure(400, "structure", `The body must be a FHIR ${type} resource in JSON.`);
    const resource = body as Record<string, unknown>;
    if (resource.resourceType !== type)
      return fhirFailure(400, "invalid", `The body is a ${String(resource.resourceType)}, not a ${type}.`);
    const profile = this.#rules.profile?.(type, resource, action);
    if (profile) return { ok: false as const, error: profile };
    // HL7's definitions: element names and types, cardinality, required value sets (FHIR's 400).
    const issues: ValidationIssue[] = validateFhirResource(resource);
    if (issues.length > 0)
      return {
        ok: false as const,
        error: { status: 400, outcome: { resourceType: "OperationOutcome" as const, issue: issues } },
      };
    const refused = this.#rules.write?.(type, resource, action);
    return refused ? { ok: false as const, error: refused } : undefined;
  }
}
