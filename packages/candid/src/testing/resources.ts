/** The resources the mock keeps state for, by their name in `mock.data`. */
export type CandidResourceName =
  | "encounters"
  | "chargeCaptures"
  | "payers"
  | "events"
  | "tasks"
  | "patients"
  | "coverages"
  | "appointments";

/**
 * How one of Candid's resources keeps state in the mock, as data: which operations create, read, list,
 * update and remove it, and the field that identifies it. Operations are named as Candid sends them
 * (`METHOD path-template`), on the host the path implies.
 */
export interface ResourceRules {
  /** Name in `mock.data` (`encounters`, `patients`, …). */
  name: CandidResourceName;
  /** The field of a stored item holding its id (`encounter_id`, `id`, …). */
  idField: string;
  /** Creates an item from the body. */
  create?: string;
  /** Reads an item; its first path parameter is the id. */
  get?: string;
  /** Lists items: filtered by query parameters named like a top-level field, paged by `page_token`. */
  list?: string;
  /** Merges the body into an item (PATCH). */
  update?: string;
  /**
   * Replaces fields of an item at a version (pre-encounter PUT `/{id}/{version}`): a stale version answers
   * 409 `VersionConflictError`, and the stored `version` goes up by one.
   */
  versionedUpdate?: string;
  /** Deactivates an item at a version (pre-encounter DELETE `/{id}/{version}`). */
  deactivate?: string;
  /** A field no two items may share, and the error Candid answers on a duplicate (its content names the field). */
  unique?: {
    /** The field whose value must be unique among stored resources, e.g. `external_id`. */
    field: string;
    /** The Candid error answered when a second resource repeats it. */
    errorName: string;
  };
  /** The event recorded on create (`encounter.created`), when Candid emits one. */
  createdEvent?: string;
  /** Fields a listing's `search_term` matches (case-insensitive substring), e.g. the payer's name. */
  searchFields?: readonly string[];
  /** Newest first, as Candid scans events. Default: in creation order. */
  newestFirst?: boolean;
}

/** The resources users test flows with. */
export const CANDID_RESOURCES: readonly ResourceRules[] = [
  {
    name: "encounters",
    idField: "encounter_id",
    create: "POST /api/encounters/v4",
    get: "GET /api/encounters/v4/{encounter_id}",
    list: "GET /api/encounters/v4",
    update: "PATCH /api/encounters/v4/{encounter_id}",
    unique: { field: "external_id", errorName: "EncounterExternalIdUniquenessError" },
    createdEvent: "encounter.created",
  },
  {
    name: "chargeCaptures",
    idField: "id",
    create: "POST /api/charge_captures/v1",
    get: "GET /api/charge_captures/v1/{charge_capture_id}",
    list: "GET /api/charge_captures/v1",
    update: "PATCH /api/charge_captures/v1/{charge_capture_id}",
    createdEvent: "charge_capture.created",
  },
  {
    name: "payers",
    idField: "payer_uuid",
    get: "GET /api/payers/v3/{payer_uuid}",
    list: "GET /api/payers/v3",
    searchFields: ["payer_name", "payer_id"],
  },
  {
    name: "events",
    idField: "id",
    get: "GET /api/events/v1/{event_id}",
    list: "GET /api/events/v1/",
    newestFirst: true,
  },
  {
    name: "tasks",
    idField: "task_id",
    create: "POST /api/tasks/v3",
    get: "GET /api/tasks/v3/{task_id}",
    list: "GET /api/tasks/v3",
    update: "PATCH /api/tasks/v3/{task_id}",
    createdEvent: "task.created",
  },
  {
    name: "patients",
    idField: "id",
    create: "POST /patients/v1",
    get: "GET /patients/v1/{id}",
    list: "GET /patients/v1/get_multi",
    versionedUpdate: "PUT /patients/v1/{id}/{version}",
    deactivate: "DELETE /patients/v1/{id}/{version}",
  },
  {
    name: "coverages",
    idField: "id",
    create: "POST /coverages/v1",
    get: "GET /coverages/v1/{id}",
    list: "GET /coverages/v1/get-multi-paginated",
    versionedUpdate: "PUT /coverages/v1/{id}/{version}",
  },
  {
    name: "appointments",
    idField: "id",
    create: "POST /appointments/v1",
    get: "GET /appointments/v1/{id}",
    versionedUpdate: "PUT /appointments/v1/{id}/{version}",
    deactivate: "DELETE /appointments/v1/{id}/{version}",
  },
];

/** Query parameters that page or sort a listing rather than filter it. */
export const PAGING_PARAMETERS = new Set(["page_token", "limit", "sort", "sort_direction", "search_term"]);
