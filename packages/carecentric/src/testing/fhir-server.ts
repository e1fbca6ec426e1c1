import type { Clock } from "@caduceus/auth-core";
import type { components } from "../generated/openapi.js";
import { searchResources } from "./fhir-search/search.js";
import { validateFhirResource } from "./fhir-search/validate.js";
import { type MockResources, mockResources, NHS_NUMBER_SYSTEM, type ResourceType } from "./fixtures.js";

type Schemas = components["schemas"];
type AnyResource = Record<string, unknown> & { resourceType: string; id: string };
type Outcome = Schemas["OperationOutcome"];
/** A FHIR issue type (`not-found`, `invalid`, `login`, …): the value set HL7 binds to `OperationOutcome.issue.code`. */
export type IssueType = NonNullable<components["schemas"]["OperationOutcome_Issue"]["code"]>;

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

const read = (value: unknown, path: string): unknown =>
  path.split(".").reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], value);

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
   * GET `{type}?…`: a `searchset` Bundle with `total` and `self`/`next`/`previous` links. Every type but
   * Patient must be restricted to one patient (`patient` or `patient.identifier`, 400 `required`
   * otherwise), as CareCentric's APIs are patient-centred; MedicationRequest also needs `intent`. The
   * search itself is FHIR R4's (see `fhir-search/search.ts`): a parameter or modifier the mock does not
   * implement is refused with 400 naming it, never ignored.
   */
  search(type: ResourceType, url: URL): FhirResult<components["schemas"]["Bundle"]> {
    const query = url.searchParams;
    if (type !== "Patient" && !query.has("patient") && !query.has("patient.identifier")) {
      return fail(
        400,
        "required",
        `Searches of ${type} must be restricted to one patient: give patient=<id> or patient.identifier=${NHS_NUMBER_SYSTEM}|<NHS number>.`,
      );
    }
    if (type === "MedicationRequest") {
      const intent = query.get("intent");
      if (!intent)
        return fail(
          400,
          "required",
          "The search parameter intent is required when searching MedicationRequest.",
        );
      const unknown = intent.split(",").find((value) => !MEDICATION_REQUEST_INTENTS.includes(value));
      if (unknown !== undefined) {
        return fail(
          400,
          "code-invalid",
          `intent=${unknown} is not one of ${MEDICATION_REQUEST_INTENTS.join(", ")}.`,
        );
      }
    }
    const result = searchResources(type, url, { all: (t) => this.all(t as ResourceType) ?? [] });
    if (!result.ok) return fail(400, result.code, result.diagnostics);
    const entry = (resource: AnyResource, mode: "match" | "include") => ({
      fullUrl: `${this.baseUrl}/${resource.resourceType}/${resource.id}`,
      resource: resource as unknown as Schemas["AnyResource"],
      search: { mode },
    });
    const summaryOnly = query.get("_summary") === "count";
    return {
      ok: true,
      status: 200,
      value: {
        resourceType: "Bundle",
        id: this.newId(),
        meta: { lastUpdated: this.now() },
        type: "searchset",
        total: result.total,
        link: result.links,
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
    // HL7's definitions: element names and types, cardinality, required value sets (FHIR's 400).
    const issues = validateFhirResource(resource);
    if (issues.length > 0) {
      return {
        ok: false as const,
        error: { status: 400, outcome: { resourceType: "OperationOutcome" as const, issue: issues } },
      };
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
