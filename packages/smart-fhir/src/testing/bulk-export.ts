import {
  type FhirStore,
  fhirJson,
  type OperationOutcome,
  operationOutcome as outcome,
  type StoredResource,
} from "@caduceus/fhir-mock";

/** Options of the mock's Bulk Data jobs (`createSmartFhirMock({ bulkExport })`). */
export interface BulkExportJobsOptions {
  /** Status checks that answer 202 before a job completes. @defaultValue `2` */
  pollsUntilComplete?: number;
  /** The `Retry-After` (seconds) of an in-progress answer. @defaultValue `0` */
  retryAfterSeconds?: number;
  /** Types exported when the kick-off names no `_type`. @defaultValue `["Patient", "Observation"]` */
  defaultTypes?: readonly string[];
}

/** One export job the mock runs. */
export interface BulkExportJob {
  /** The job id, the last segment of its status URL. */
  id: string;
  /** The kick-off URL. */
  request: string;
  /** The status URL answered in `Content-Location`. */
  statusUrl: string;
  /** Status checks so far. */
  polls: number;
  /** NDJSON lines by resource type, snapshotted at kick-off. */
  files: Map<string, StoredResource[]>;
  /** When set, the job fails with this OperationOutcome at its next check. */
  failure?: OperationOutcome;
  /** Set when the client cancelled it. */
  cancelled: boolean;
  /** The mock-clock instant of the kick-off (the manifest's transactionTime). */
  transactionTime: string;
}

/**
 * Bulk Data export jobs (https://hl7.org/fhir/uv/bulkdata/export.html) over the mock's store: a kick-off
 * answers 202 with a status URL; checks answer 202 with `X-Progress` and `Retry-After` until the job
 * completes, then the manifest; DELETE cancels; the files are NDJSON.
 */
export class BulkExportJobs {
  /** Every job, by id. */
  readonly jobs = new Map<string, BulkExportJob>();
  readonly #options: Required<BulkExportJobsOptions>;

  constructor(
    private readonly fhirBaseUrl: string,
    private readonly store: FhirStore,
    private readonly now: () => number,
    options: BulkExportJobsOptions = {},
  ) {
    this.#options = {
      pollsUntilComplete: options.pollsUntilComplete ?? 2,
      retryAfterSeconds: options.retryAfterSeconds ?? 0,
      defaultTypes: options.defaultTypes ?? ["Patient", "Observation"],
    };
  }

  /** Makes the job fail at its next check, as a server whose export broke. */
  fail(id: string, diagnostics: string): void {
    const job = this.jobs.get(id);
    if (job) job.failure = outcome("exception", diagnostics);
  }

  /** Routes `$export` kick-offs and `$export-status/…`, `$export-file/…` requests; undefined for others. */
  route(request: Request, parts: string[], query: URLSearchParams): Response | undefined {
    if (parts.at(-1) === "$export") return this.#kickOff(request, query);
    if (parts[0] === "$export-status" && parts[1]) return this.#status(request, parts[1]);
    if (parts[0] === "$export-file" && parts[1] && parts[2]) return this.#file(parts[1], parts[2]);
    return undefined;
  }

  #kickOff(request: Request, query: URLSearchParams): Response {
    if (request.headers.get("prefer") !== "respond-async")
      return fhirJson(400, outcome("invalid", "Prefer: respond-async is required"));
    const id = crypto.randomUUID();
    const types = query.get("_type")?.split(",") ?? this.#options.defaultTypes;
    const files = new Map<string, StoredResource[]>();
    for (const type of types) {
      const resources = [...this.store.all(type)];
      if (resources.length > 0) files.set(type, resources);
    }
    const statusUrl = `${this.fhirBaseUrl}/$export-status/${id}`;
    this.jobs.set(id, {
      id,
      request: request.url,
      statusUrl,
      polls: 0,
      files,
      cancelled: false,
      transactionTime: new Date(this.now()).toISOString(),
    });
    return new Response(null, { status: 202, headers: { "content-location": statusUrl } });
  }

  #status(request: Request, id: string): Response {
    const job = this.jobs.get(id);
    if (!job || job.cancelled) return fhirJson(404, outcome("not-found", `no export job ${id}`));
    if (request.method === "DELETE") {
      job.cancelled = true;
      return new Response(null, { status: 202 });
    }
    if (request.method !== "GET") return fhirJson(405, outcome("not-supported", "GET or DELETE only"));
    if (job.failure) return fhirJson(500, job.failure);
    job.polls++;
    const total = this.#options.pollsUntilComplete;
    if (job.polls <= total) {
      return new Response(null, {
        status: 202,
        headers: {
          "x-progress": `${Math.round(((job.polls - 1) / Math.max(total, 1)) * 100)}% complete`,
          "retry-after": String(this.#options.retryAfterSeconds),
        },
      });
    }
    return Response.json(
      {
        transactionTime: job.transactionTime,
        request: job.request,
        requiresAccessToken: true,
        output: [...job.files].map(([type, resources]) => ({
          type,
          url: `${this.fhirBaseUrl}/$export-file/${id}/${type}.ndjson`,
          count: resources.length,
        })),
        error: [],
      },
      { status: 200, headers: { expires: new Date(this.now() + 3_600_000).toUTCString() } },
    );
  }

  #file(id: string, name: string): Response {
    const resources = this.jobs.get(id)?.files.get(name.replace(/\.ndjson$/, ""));
    if (!resources) return fhirJson(404, outcome("not-found", `no file ${name} in export ${id}`));
    return new Response(resources.map((resource) => JSON.stringify(resource)).join("\n"), {
      status: 200,
      headers: { "content-type": "application/fhir+ndjson" },
    });
  }
}
