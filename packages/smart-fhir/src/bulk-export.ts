/**
 * FHIR Bulk Data Access export status (https://hl7.org/fhir/uv/bulkdata/export.html): after a kick-off
 * (`GET /$export`, `/Patient/$export` or `/Group/{id}/$export` with `Prefer: respond-async`) the server
 * answers 202 with the job's status URL in `Content-Location`; these functions poll, read and cancel
 * that job with the client's token.
 *
 * @module
 */
import { AbortError, AuthConfigError } from "@caduceus/auth-core/errors";
import { fhirBaseUrlOf, type SmartFhirClient } from "./client.js";
import type { components } from "./generated/openapi.js";

type OperationOutcome = components["schemas"]["OperationOutcome"];

/** One file of a finished export: NDJSON of one resource type. */
export interface BulkExportFile {
  /** The resource type in the file (or `OperationOutcome` in `error`). */
  type: string;
  /** Where to download it (with the token when the manifest says `requiresAccessToken`). */
  url: string;
  /** How many resources it holds, when the server says. */
  count?: number;
}

/** The manifest a finished export answers with (Bulk Data "Response - Complete Status"). */
export interface BulkExportManifest {
  /** The server time the export is consistent with; pass it as `_since` to the next export. */
  transactionTime: string;
  /** The kick-off request URL. */
  request: string;
  /** Whether downloading the files needs the bearer token. */
  requiresAccessToken: boolean;
  /** The files, one or more per resource type. */
  output: BulkExportFile[];
  /** Files of OperationOutcomes about resources that could not be exported. */
  error: BulkExportFile[];
  /** Files of deleted resources (exports with `_since`). */
  deleted?: BulkExportFile[];
  /** Server-specific additions. */
  extension?: Record<string, unknown>;
}

/** What one status check found. */
export type BulkExportStatus =
  | {
      /** The job is still running: check again later. */
      state: "in-progress";
      /** The server's `X-Progress` text (e.g. `"50% complete"`), when it sends one. */
      progress?: string;
      /** How long the server asks to wait before the next check (`Retry-After`), in milliseconds. */
      retryAfterMs?: number;
    }
  | {
      /** The job finished: its files are listed in `manifest`. */
      state: "complete";
      /** The completion manifest: the NDJSON files per resource type and any error files. */
      manifest: BulkExportManifest;
      /** When the files stop being available (`Expires`), when the server says. */
      expires?: string;
    };

/** One resource read from an export file (one NDJSON line). */
export interface ExportedResource {
  /** The FHIR resource type, as every resource carries it. */
  resourceType: string;
  /** The resource's other elements, as the server wrote them. */
  [element: string]: unknown;
}

/** The export failed, was refused, or its status URL is not known (any more). */
export class BulkExportError extends Error {
  /** Always `"BulkExportError"`. */
  override readonly name = "BulkExportError";
  /** HTTP status of the answer. */
  readonly status: number;
  /** The status URL that answered. */
  readonly statusUrl: string;
  /** The server's explanation, when it sent one. */
  readonly outcome: OperationOutcome | undefined;

  constructor(statusUrl: string, status: number, outcome: OperationOutcome | undefined) {
    const detail = outcome?.issue
      ?.map((issue) => issue.diagnostics ?? issue.details?.text ?? issue.code)
      .filter(Boolean)
      .join("; ");
    super(`smart-fhir: bulk export at ${statusUrl} answered ${status}${detail ? `: ${detail}` : ""}`);
    this.status = status;
    this.statusUrl = statusUrl;
    this.outcome = outcome;
  }
}

/** Options of {@link pollBulkExport}. */
export interface PollBulkExportOptions {
  /** Stops polling (the job keeps running; {@link cancelBulkExport} ends it). */
  signal?: AbortSignal;
  /** Milliseconds between checks when the server sends no `Retry-After`. @defaultValue `2000` */
  intervalMs?: number;
  /** Longest wait between checks, whatever `Retry-After` asks. @defaultValue `120000` */
  maxIntervalMs?: number;
  /** Called after each in-progress check. */
  onProgress?: (status: Extract<BulkExportStatus, { state: "in-progress" }>) => void;
}

/**
 * Checks an export's status once.
 *
 * @throws AuthConfigError naming `statusUrl` when it is not a URL on the origin of the client's
 * `fhirBaseUrl` (the token is only ever sent there).
 * @throws BulkExportError when the server answers an error (the job failed, or is unknown).
 * @example
 * ```ts
 * const status = await checkBulkExport(fhir, statusUrl);
 * if (status.state === "complete") console.log(status.manifest.output.length);
 * ```
 */
export async function checkBulkExport(fhir: SmartFhirClient, statusUrl: string): Promise<BulkExportStatus> {
  const { response, text } = await send(fhir, "GET", statusUrl, "statusUrl");
  if (response.status === 202 || response.status === 429) {
    const progress = response.headers.get("x-progress") ?? undefined;
    const retryAfterMs = retryAfter(response.headers.get("retry-after"));
    return {
      state: "in-progress",
      ...(progress ? { progress } : {}),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }
  if (response.status === 200) {
    const manifest = parseManifest(statusUrl, text);
    const expires = response.headers.get("expires") ?? undefined;
    return { state: "complete", manifest, ...(expires ? { expires } : {}) };
  }
  throw new BulkExportError(statusUrl, response.status, outcomeOf(text));
}

/**
 * Polls an export until it completes, waiting as the server's `Retry-After` asks (else `intervalMs`),
 * and answers its manifest.
 *
 * @throws AuthConfigError naming `statusUrl` (see {@link checkBulkExport}), BulkExportError when the
 * export fails, AbortError when `signal` aborts.
 * @example
 * ```ts
 * const kickOff = await fhir.GET("/Patient/$export", { params: { header: { Prefer: "respond-async" } } });
 * const manifest = await pollBulkExport(fhir, kickOff.response.headers.get("content-location")!);
 * ```
 */
export async function pollBulkExport(
  fhir: SmartFhirClient,
  statusUrl: string,
  options: PollBulkExportOptions = {},
): Promise<BulkExportManifest> {
  const intervalMs = options.intervalMs ?? 2000;
  const maxIntervalMs = options.maxIntervalMs ?? 120_000;
  for (;;) {
    if (options.signal?.aborted) throw new AbortError("smart-fhir: bulk export polling was aborted");
    const status = await checkBulkExport(fhir, statusUrl);
    if (status.state === "complete") return status.manifest;
    options.onProgress?.(status);
    await wait(Math.min(status.retryAfterMs ?? intervalMs, maxIntervalMs), options.signal);
  }
}

/**
 * Cancels an export (DELETE on its status URL); the server removes its files.
 *
 * @throws AuthConfigError naming `statusUrl`, BulkExportError when the server refuses (e.g. 404: no
 * such job).
 */
export async function cancelBulkExport(fhir: SmartFhirClient, statusUrl: string): Promise<void> {
  const { response, text } = await send(fhir, "DELETE", statusUrl, "statusUrl");
  if (response.status === 202 || response.status === 200 || response.status === 204) return;
  throw new BulkExportError(statusUrl, response.status, outcomeOf(text));
}

/**
 * Downloads one file of a finished export and parses its NDJSON (one resource a line). Sent with the
 * client's token, so the file must be on the FHIR server's origin.
 *
 * @throws AuthConfigError naming `file.url` when it is on another origin, BulkExportError when the
 * server refuses.
 * @example
 * ```ts
 * for (const file of manifest.output) console.log(file.type, (await readBulkExportFile(fhir, file)).length);
 * ```
 */
export async function readBulkExportFile(
  fhir: SmartFhirClient,
  file: Pick<BulkExportFile, "url">,
): Promise<Array<ExportedResource>> {
  const { response, text } = await send(fhir, "GET", file.url, "file.url", "application/fhir+ndjson");
  if (response.status !== 200) throw new BulkExportError(file.url, response.status, outcomeOf(text));
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as { resourceType: string });
}

/** Sends a request to an absolute URL on the FHIR server's origin with the client (and so its token). */
async function send(
  fhir: SmartFhirClient,
  method: "GET" | "DELETE",
  url: string,
  option: string,
  accept = "application/json",
): Promise<{ response: Response; text: string }> {
  const target = sameOrigin(fhir, url, option);
  const init = { baseUrl: target.origin, headers: { accept }, parseAs: "text" } as never;
  const answer =
    method === "GET"
      ? await fhir.GET(target.path as never, init)
      : await fhir.DELETE(target.path as never, init);
  return { response: answer.response, text: await answerText(answer) };
}

/** The URL split for openapi-fetch, refused unless it is on the FHIR server's origin. */
function sameOrigin(
  fhir: SmartFhirClient,
  statusUrl: string,
  option: string,
): { origin: string; path: string } {
  const base = fhirBaseUrlOf(fhir);
  let url: URL;
  try {
    url = new URL(statusUrl);
  } catch {
    throw new AuthConfigError(
      "statusUrl",
      "smart-fhir: statusUrl must be the absolute URL of Content-Location.",
    );
  }
  if (!base) {
    throw new AuthConfigError(option, "smart-fhir: pass a client made by createSmartFhirClient.");
  }
  if (url.origin !== new URL(base).origin) {
    throw new AuthConfigError(
      option,
      `smart-fhir: ${option} is on ${url.origin}, not on the FHIR server's origin ${new URL(base).origin}; the token is not sent there.`,
    );
  }
  return { origin: url.origin, path: `${url.pathname}${url.search}` };
}

/** `Retry-After` as milliseconds: delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
function retryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function parseManifest(statusUrl: string, text: string): BulkExportManifest {
  let body: Partial<BulkExportManifest> | undefined;
  try {
    body = JSON.parse(text) as Partial<BulkExportManifest>;
  } catch {
    body = undefined;
  }
  if (!body || typeof body.transactionTime !== "string" || !Array.isArray(body.output)) {
    throw new BulkExportError(statusUrl, 200, {
      resourceType: "OperationOutcome",
      issue: [{ severity: "error", code: "invalid", diagnostics: "the complete status is not a manifest" }],
    });
  }
  return {
    ...body,
    transactionTime: body.transactionTime,
    request: String(body.request ?? ""),
    requiresAccessToken: body.requiresAccessToken === true,
    output: body.output,
    error: Array.isArray(body.error) ? body.error : [],
  };
}

function outcomeOf(text: string): OperationOutcome | undefined {
  try {
    const body = JSON.parse(text) as { resourceType?: string };
    return body?.resourceType === "OperationOutcome" ? (body as OperationOutcome) : undefined;
  } catch {
    return undefined;
  }
}

/** The body of an openapi-fetch answer: `data` on success, `error` (parsed when JSON) otherwise. */
async function answerText(answer: { data?: unknown; error?: unknown; response: Response }): Promise<string> {
  for (const body of [answer.data, answer.error]) {
    if (typeof body === "string") return body;
    if (body !== undefined && body !== null) return JSON.stringify(body);
  }
  return answer.response.bodyUsed ? "" : await answer.response.text().catch(() => "");
}

function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortError("smart-fhir: bulk export polling was aborted"));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
