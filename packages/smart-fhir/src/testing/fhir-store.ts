/** A stored FHIR resource: any resource type, with its logical id and version. */
export interface StoredResource {
  /** The FHIR resource type, e.g. `"Patient"`. */
  resourceType: string;
  /** The logical id the mock assigned or was given. */
  id: string;
  /** What the server maintains for each version. */
  meta: {
    /** The version, counting from `"1"`; each update adds one. */
    versionId: string;
    /** When this version was stored (ISO 8601 instant on the mock's clock). */
    lastUpdated: string;
  };
  [element: string]: unknown;
}

/**
 * The mock's FHIR data: resources by type and id with every version kept (vread, history). Search
 * supports `_id`, `patient` and `subject` (reference or bare id) and `_count`: enough to exercise
 * the client, not a FHIR server.
 */
export class FhirStore {
  readonly #versions = new Map<string, StoredResource[]>();
  #nextId = 1;

  constructor(private readonly now: () => number) {}

  /** Stores a new version of `resource` (a new id when it has none); returns what was stored. */
  put(resource: Record<string, unknown>, id?: string): StoredResource {
    const type = String(resource.resourceType);
    const logicalId = id ?? (typeof resource.id === "string" ? resource.id : `mock-${this.#nextId++}`);
    const key = `${type}/${logicalId}`;
    const history = this.#versions.get(key) ?? [];
    const stored: StoredResource = {
      ...resource,
      resourceType: type,
      id: logicalId,
      meta: { versionId: String(history.length + 1), lastUpdated: new Date(this.now()).toISOString() },
    };
    history.push(stored);
    this.#versions.set(key, history);
    return stored;
  }

  /** The current version, or undefined when absent or deleted. */
  read(type: string, id: string): StoredResource | undefined {
    return this.#versions.get(`${type}/${id}`)?.at(-1);
  }

  /** Every version, oldest first. */
  history(type: string, id: string): StoredResource[] {
    return [...(this.#versions.get(`${type}/${id}`) ?? [])];
  }

  /** Removes the resource (its history is forgotten too). */
  delete(type: string, id: string): boolean {
    return this.#versions.delete(`${type}/${id}`);
  }

  /** Current versions of `type` matching the supported parameters. */
  search(type: string, params: URLSearchParams): StoredResource[] {
    const ids = params.get("_id")?.split(",");
    const patient = params.get("patient") ?? params.get("subject");
    const matches: StoredResource[] = [];
    for (const [key, versions] of this.#versions) {
      if (!key.startsWith(`${type}/`)) continue;
      const current = versions.at(-1)!;
      if (ids && !ids.includes(current.id)) continue;
      if (patient && !refersTo(current, patient)) continue;
      matches.push(current);
    }
    const count = Number(params.get("_count") ?? Number.POSITIVE_INFINITY);
    return matches.slice(0, Number.isFinite(count) ? count : undefined);
  }

  /** The patient and every resource whose `subject` or `patient` refers to it. */
  everything(patientId: string): StoredResource[] {
    const found: StoredResource[] = [];
    for (const versions of this.#versions.values()) {
      const current = versions.at(-1)!;
      if ((current.resourceType === "Patient" && current.id === patientId) || refersTo(current, patientId))
        found.push(current);
    }
    return found;
  }
}

function refersTo(resource: StoredResource, patient: string): boolean {
  const wanted = patient.startsWith("Patient/") ? patient : `Patient/${patient}`;
  return [resource.subject, resource.patient].some(
    (ref) => typeof ref === "object" && ref !== null && (ref as { reference?: string }).reference === wanted,
  );
}

/** A searchset or history Bundle of `resources`, with full URLs under `base`. */
export function bundleOf(type: "searchset" | "history", base: string, resources: StoredResource[]) {
  return {
    resourceType: "Bundle",
    type,
    total: resources.length,
    entry: resources.map((resource) => ({
      fullUrl: `${base}/${resource.resourceType}/${resource.id}`,
      resource,
      ...(type === "searchset" ? { search: { mode: "match" } } : {}),
    })),
  };
}

/** An OperationOutcome with one issue. */
export function outcome(code: string, diagnostics: string) {
  return {
    resourceType: "OperationOutcome",
    issue: [{ severity: "error", code, diagnostics }],
  };
}
