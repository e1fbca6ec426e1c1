import type { Clock } from "@caduceus/auth-core";
import type { components } from "../generated/openapi.js";
import { type MockResources, mockResources, NHS_NUMBER_SYSTEM, type ResourceType } from "./fixtures.js";

type Schemas = components["schemas"];
type AnyResource = Record<string, unknown> & { resourceType: string; id: string };
type Outcome = Schemas["OperationOutcome"];
/** A FHIR issue type (`not-found`, `invalid`, `login`, …): the value set HL7 binds to `OperationOutcome.issue.code`. */
export type IssueType = NonNullable<Schemas["OperationOutcome_Issue"]["code"]>;

/** A FHIR error: status plus an OperationOutcome, as FHIR servers answer (Graphnet documents none). */
export interface FhirError {
  /**
   * HTTP status to answer: 400 (bad search or body), 401 (missing, unknown or expired token), 403 (scope
   * too narrow, or a record not created through the API), 404 (unknown id), 406 (`_format` not JSON),
   * 410 (deleted), 415 (body not JSON), 422 (unknown patient reference).
   */
  status: number;
  /** The body: an OperationOutcome with one issue whose `code` is a FHIR issue type (`not-found`, …). */
  outcome: Outcome;
}

/**
 * The result of one FHIR interaction of {@link FhirServer}: a value and the success status, or a
 * {@link FhirError}. Never thrown: the msw handlers turn either side into a response.
 */
export type FhirResult<T> =
  | {
      /** `true`: the interaction succeeded. */
      ok: true;
      /** The resource (or Bundle) to answer; `null` after a delete. */
      value: T;
      /** 201 after a create, 200 otherwise. */
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
): {
  /** Always `"OperationOutcome"`. */
  resourceType: "OperationOutcome";
  /** Exactly one issue. */
  issue: {
    /** `"error"` or `"fatal"`, as given. */
    severity: "error" | "fatal";
    /** The FHIR issue type, as given. */
    code: IssueType;
    /** The human-readable detail, as given. */
    diagnostics: string;
  }[];
} {
  return { resourceType: "OperationOutcome" as const, issue: [{ severity, code, diagnostics }] };
}

const fail = (status: number, code: IssueType, diagnostics: string): { ok: false; error: FhirError } => ({
  ok: false,
  error: { status, outcome: operationOutcome(code, diagnostics) },
});

/** The reference to the patient in each clinical resource type (CareCentric's APIs are patient-centred). */
const PATIENT_FIELD: Partial<Record<ResourceType, string>> = {
  AllergyIntolerance: "patient",
  Immunization: "patient",
  FamilyMemberHistory: "patient",
};
const patientField = (type: ResourceType) => PATIENT_FIELD[type] ?? "subject";

/** Token search parameters: parameter → element holding a CodeableConcept, Coding, code string or array. */
const TOKEN_PARAMS: Record<string, string[]> = {
  code: ["code", "medicationCodeableConcept"],
  "vaccine-code": ["vaccineCode"],
  category: ["category"],
  "clinical-status": ["clinicalStatus"],
  status: ["status"],
  intent: ["intent"],
  gender: ["gender"],
  "prescription-type": ["courseOfTherapyType"],
  identifier: ["identifier"],
  _id: ["id"],
};
/** Date search parameters and the elements they compare. */
const DATE_PARAMS: Record<string, string[]> = {
  date: [
    "effectiveDateTime",
    "recordedDate",
    "performedDateTime",
    "occurrenceDateTime",
    "date",
    "period.start",
  ],
  birthdate: ["birthDate"],
  authoredon: ["authoredOn"],
  "onset-date": ["onsetDateTime"],
  authored: ["authored"],
  _lastUpdated: ["meta.lastUpdated"],
};

const read = (value: unknown, path: string): unknown =>
  path.split(".").reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], value);

/** Every `{system, code}` (or bare string) an element holds, for token matching. */
function tokens(value: unknown): Array<{ system?: string; code: string }> {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return [{ code: value }];
  if (Array.isArray(value)) return value.flatMap(tokens);
  const v = value as { coding?: unknown; system?: string; code?: string; value?: string };
  if (v.coding) return tokens(v.coding);
  const code = v.code ?? v.value;
  return typeof code === "string" ? [{ ...(v.system ? { system: v.system } : {}), code }] : [];
}

/** FHIR token match: `code`, `system|code`, `|code` (no system) or `system|` (any code of it). */
function tokenMatches(search: string, have: Array<{ system?: string; code: string }>): boolean {
  const bar = search.indexOf("|");
  if (bar < 0) return have.some((t) => t.code === search);
  const system = search.slice(0, bar);
  const code = search.slice(bar + 1);
  return have.some(
    (t) => (system === "" ? !t.system : t.system === system) && (code === "" || t.code === code),
  );
}

/** FHIR date match with prefixes eq, ne, lt, le, gt, ge, compared at the precision given. */
function dateMatches(search: string, have: unknown): boolean {
  if (typeof have !== "string") return false;
  const match = /^(eq|ne|lt|le|gt|ge)?(.+)$/.exec(search);
  const prefix = match?.[1] ?? "eq";
  const wanted = match?.[2] ?? "";
  const value = have.slice(0, wanted.length);
  const cmp = value < wanted ? -1 : value > wanted ? 1 : 0;
  return { eq: cmp === 0, ne: cmp !== 0, lt: cmp < 0, le: cmp <= 0, gt: cmp > 0, ge: cmp >= 0 }[prefix]!;
}

const MEDICATION_REQUEST_INTENTS = ["proposal", "plan", "order", "instance-order"];

/**
 * An in-memory CareCentric FHIR server: reads, patient-scoped searches answering searchset Bundles,
 * and the documented write stubs. Pure logic; the msw handlers translate HTTP to and from it.
 */
export class FhirServer {
  /**
   * Every resource, by type: a fresh copy of {@link mockResources} per server. Writes land here, and
   * tests may seed or inspect it directly.
   */
  readonly data: MockResources = mockResources();
  /** Ids created through the API: the docs allow updating and deleting only those. */
  private readonly created = new Set<string>();
  private readonly deleted = new Set<string>();
  private serial = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly clock: Pick<Clock, "now">,
  ) {}

  private all(type: ResourceType): AnyResource[] {
    return this.data[type] as unknown as AnyResource[];
  }

  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }

  /**
   * GET `{type}/{id}`: the resource (200), 410 `deleted` once it was deleted through the API, or 404
   * `not-found`.
   */
  read<T extends ResourceType>(type: T, id: string): FhirResult<MockResources[T][number]> {
    const found = this.all(type).find((r) => r.id === id);
    if (found) return { ok: true, value: found as unknown as MockResources[T][number], status: 200 };
    if (this.deleted.has(`${type}/${id}`)) return fail(410, "deleted", `${type}/${id} has been deleted.`);
    return fail(404, "not-found", `Resource ${type}/${id} is not known.`);
  }

  /**
   * GET `{type}?…`: a `searchset` Bundle with `total` and a `self` link. Every type but Patient must be
   * restricted to one patient (`patient` or `patient.identifier`, 400 `required` otherwise), as
   * CareCentric's APIs are patient-centred; MedicationRequest also needs `intent`. Supports the token,
   * date (`eq`/`ne`/`lt`/`le`/`gt`/`ge` prefixes) and name parameters the docs list, `_count` (first
   * page only, no `next` link) and `_summary=count`; other parameters are ignored.
   */
  search(type: ResourceType, url: URL): FhirResult<components["schemas"]["Bundle"]> {
    const query = url.searchParams;
    let matches = this.all(type);
    if (type !== "Patient") {
      const byId = query.get("patient")?.replace(/^Patient\//, "");
      const byIdentifier = query.get("patient.identifier");
      if (!byId && !byIdentifier) {
        return fail(
          400,
          "required",
          `Searches of ${type} must be restricted to one patient: give patient=<id> or patient.identifier=${NHS_NUMBER_SYSTEM}|<NHS number>.`,
        );
      }
      // Both given: both must hold. An unknown patient is no error, just no matches.
      const ids = new Set(
        this.all("Patient")
          .filter((p) => !byId || p.id === byId)
          .filter((p) => !byIdentifier || tokenMatches(byIdentifier, tokens(p.identifier)))
          .map((p) => `Patient/${p.id}`),
      );
      matches = matches.filter((r) => ids.has(String(read(r, `${patientField(type)}.reference`))));
    }
    if (type === "MedicationRequest") {
      const intent = query.get("intent");
      if (!intent)
        return fail(
          400,
          "required",
          "The search parameter intent is required when searching MedicationRequest.",
        );
      if (!MEDICATION_REQUEST_INTENTS.includes(intent)) {
        return fail(
          400,
          "code-invalid",
          `intent=${intent} is not one of ${MEDICATION_REQUEST_INTENTS.join(", ")}.`,
        );
      }
    }
    for (const [name, value] of query) {
      const [param = "", modifier] = name.split(":");
      if (TOKEN_PARAMS[param] && modifier !== "in" && modifier !== "text") {
        const paths = TOKEN_PARAMS[param]!;
        matches = matches.filter((r) =>
          tokenMatches(
            value,
            paths.flatMap((p) => tokens(read(r, p))),
          ),
        );
      } else if (DATE_PARAMS[param]) {
        const paths = DATE_PARAMS[param]!;
        matches = matches.filter((r) => paths.some((p) => dateMatches(value, read(r, p))));
      } else if (param === "family" || param === "given") {
        const needle = value.toLowerCase();
        matches = matches.filter((r) =>
          ((r.name as Array<{ family?: string; given?: string[] }>) ?? []).some((n) =>
            (param === "family" ? [n.family ?? ""] : (n.given ?? [])).some((part) => {
              const text = part.toLowerCase();
              if (modifier === "exact") return part === value;
              return modifier === "contains" ? text.includes(needle) : text.startsWith(needle);
            }),
          ),
        );
      }
    }
    const total = matches.length;
    const count = Number(query.get("_count") ?? Number.NaN);
    const summaryOnly = query.get("_summary") === "count";
    const page = summaryOnly ? [] : Number.isInteger(count) && count >= 0 ? matches.slice(0, count) : matches;
    return {
      ok: true,
      status: 200,
      value: {
        resourceType: "Bundle",
        id: this.newId(),
        meta: { lastUpdated: this.now() },
        type: "searchset",
        total,
        link: [{ relation: "self", url: url.href }],
        ...(summaryOnly
          ? {}
          : {
              entry: page.map((resource) => ({
                fullUrl: `${this.baseUrl}/${type}/${resource.id}`,
                resource: resource as unknown as Schemas["AnyResource"],
                search: { mode: "match" as const },
              })),
            }),
      },
    };
  }

  /** POST: a new resource, version 1; the body's id (if any) is ignored, as FHIR create does. */
  create<T extends WritableType>(type: T, body: unknown): FhirResult<MockResources[T][number]> {
    const invalid = this.validate(type, body);
    if (invalid) return invalid;
    const resource = {
      ...(body as AnyResource),
      id: this.newId(),
      meta: { versionId: "1", lastUpdated: this.now() },
    };
    this.all(type).push(resource);
    this.created.add(`${type}/${resource.id}`);
    return { ok: true, value: resource as unknown as MockResources[T][number], status: 201 };
  }

  /** PUT: replaces a resource created through the API; the body's id must match the URL's. */
  update<T extends WritableType>(type: T, id: string, body: unknown): FhirResult<MockResources[T][number]> {
    const current = this.read(type, id);
    if (!current.ok) return current;
    const invalid = this.validate(type, body) ?? this.checkChangeable(type, id);
    if (invalid) return invalid;
    if ((body as AnyResource).id !== id)
      return fail(
        400,
        "invalid",
        `The resource id (${String((body as AnyResource).id)}) must match the URL (${id}).`,
      );
    const version =
      Number(current.value.meta && (current.value.meta as { versionId?: string }).versionId) || 1;
    const resource = {
      ...(body as AnyResource),
      meta: { versionId: String(version + 1), lastUpdated: this.now() },
    };
    const list = this.all(type);
    list.splice(list.indexOf(current.value as unknown as AnyResource), 1, resource);
    return { ok: true, value: resource as unknown as MockResources[T][number], status: 200 };
  }

  /** DELETE: removes a resource created through the API; a later read answers 410. */
  remove(type: WritableType, id: string): FhirResult<null> {
    const current = this.read(type, id);
    if (!current.ok) return current;
    const invalid = this.checkChangeable(type, id);
    if (invalid) return invalid;
    const list = this.all(type);
    list.splice(list.indexOf(current.value as unknown as AnyResource), 1);
    this.deleted.add(`${type}/${id}`);
    return { ok: true, value: null, status: 200 };
  }

  private checkChangeable(type: ResourceType, id: string) {
    if (this.created.has(`${type}/${id}`)) return undefined;
    return fail(
      403,
      "forbidden",
      `${type}/${id} was not created through the API; only such records can be changed.`,
    );
  }

  private validate(type: WritableType, body: unknown) {
    if (typeof body !== "object" || body === null || Array.isArray(body))
      return fail(400, "structure", `The body must be a FHIR ${type} resource in JSON.`);
    const resource = body as Record<string, unknown>;
    if (resource.resourceType !== type) {
      return fail(400, "invalid", `The body is a ${String(resource.resourceType)}, not a ${type}.`);
    }
    for (const element of REQUIRED_ON_WRITE[type]) {
      if (read(resource, element) === undefined)
        return fail(400, "required", `${type}.${element} is required by Graphnet's ${type} profile.`);
    }
    const reference = String(read(resource, `${patientField(type)}.reference`));
    if (!this.all("Patient").some((p) => `Patient/${p.id}` === reference))
      return fail(
        422,
        "processing",
        `${type}.${patientField(type)} must reference a known patient (${reference} is not).`,
      );
    return undefined;
  }

  private newId(): string {
    this.serial += 1;
    return `${this.clock.now().toString(16)}-${this.serial.toString(16).padStart(4, "0")}`;
  }
}

/** The resource types with documented write stubs (POST, PUT, DELETE). */
export type WritableType = "AllergyIntolerance" | "Observation" | "Flag" | "QuestionnaireResponse";

/** Elements a write must carry (the description's required members, the patient reference included). */
const REQUIRED_ON_WRITE: Record<WritableType, string[]> = {
  AllergyIntolerance: ["patient.reference", "code"],
  Observation: ["status", "code", "subject.reference"],
  Flag: ["status", "code", "subject.reference"],
  QuestionnaireResponse: ["status", "subject.reference"],
};
