import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import {
  AuthConfigError,
  BulkExportError,
  cancelBulkExport,
  checkBulkExport,
  createSmartFhirClient,
  pollBulkExport,
  readBulkExportFile,
  type SmartFhirClient,
} from "./index.js";
import { useMockServer } from "./test-support/server.js";
import { createSmartFhirMock, type SmartFhirMockOptions } from "./testing/index.js";

const server = useMockServer();

async function kickOff(options: SmartFhirMockOptions = {}) {
  const mock = await createSmartFhirMock(options);
  server.use(...mock.handlers);
  const fhir = createSmartFhirClient(mock.credentials);
  const started = await fhir.GET("/Patient/$export", { params: { header: { Prefer: "respond-async" } } });
  expect(started.response.status).toBe(202);
  const statusUrl = started.response.headers.get("content-location")!;
  return { mock, fhir, statusUrl };
}

describe("Bulk Data export status", () => {
  it("polls through in-progress answers with X-Progress to the typed manifest, then downloads a file", async () => {
    const { mock, fhir, statusUrl } = await kickOff({ bulkExport: { pollsUntilComplete: 2 } });
    const seen: (string | undefined)[] = [];
    const manifest = await pollBulkExport(fhir, statusUrl, {
      onProgress: (status) => seen.push(status.progress),
    });
    expect(seen).toEqual(["0% complete", "50% complete"]);
    expect(manifest.requiresAccessToken).toBe(true);
    expect(manifest.request).toMatch(/\/Patient\/\$export$/);
    expect(manifest.output.map((file) => [file.type, file.count])).toEqual([
      ["Patient", 1],
      ["Observation", 1],
    ]);
    expect(manifest.error).toEqual([]);
    const patients = await readBulkExportFile(fhir, manifest.output[0]!);
    expect(patients).toEqual([expect.objectContaining({ resourceType: "Patient", id: "example" })]);
    expect(mock.tokenRequests).toHaveLength(1);
    expect(
      mock.apiRequests.filter(
        (request) => request.method === "GET" && request.url.startsWith(`${mock.baseUrl}/$export-status/`),
      ),
    ).toHaveLength(3);
  });

  it("reports one check: in progress with Retry-After in ms, then complete with Expires", async () => {
    const { fhir, statusUrl } = await kickOff({
      bulkExport: { pollsUntilComplete: 1, retryAfterSeconds: 7 },
    });
    expect(await checkBulkExport(fhir, statusUrl)).toEqual({
      state: "in-progress",
      progress: "0% complete",
      retryAfterMs: 7000,
    });
    const done = await checkBulkExport(fhir, statusUrl);
    expect(done.state).toBe("complete");
    expect(done.state === "complete" && done.expires).toMatch(/GMT$/);
  });

  it("honours Retry-After between checks, capped by maxIntervalMs, and stops on abort", async () => {
    const { fhir, statusUrl } = await kickOff({
      bulkExport: { pollsUntilComplete: 100, retryAfterSeconds: 3600 },
    });
    const controller = new AbortController();
    const started = Date.now();
    let checks = 0;
    const polled = pollBulkExport(fhir, statusUrl, {
      signal: controller.signal,
      maxIntervalMs: 20,
      onProgress: () => {
        checks++;
        if (checks === 3) controller.abort();
      },
    });
    await expect(polled).rejects.toMatchObject({ name: "AbortError" });
    expect(checks).toBe(3);
    expect(Date.now() - started).toBeLessThan(3_600_000);
  });

  it("throws BulkExportError with the server's OperationOutcome when the job fails", async () => {
    const { mock, fhir, statusUrl } = await kickOff();
    mock.bulkExport.fail(statusUrl.split("/").at(-1)!, "disk full");
    const error = await pollBulkExport(fhir, statusUrl).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BulkExportError);
    expect(error).toMatchObject({ status: 500, statusUrl, outcome: { resourceType: "OperationOutcome" } });
    expect((error as Error).message).toContain("disk full");
  });

  it("cancels a job (DELETE), after which its status URL is unknown", async () => {
    const { fhir, statusUrl } = await kickOff();
    await cancelBulkExport(fhir, statusUrl);
    await expect(checkBulkExport(fhir, statusUrl)).rejects.toMatchObject({
      name: "BulkExportError",
      status: 404,
    });
    await expect(cancelBulkExport(fhir, statusUrl)).rejects.toBeInstanceOf(BulkExportError);
  });

  it("refuses a status URL on another origin with AuthConfigError naming statusUrl, sending nothing there", async () => {
    const { fhir } = await kickOff();
    let reached = 0;
    server.use(
      http.all("https://elsewhere.test/*", () => {
        reached++;
        return HttpResponse.json({});
      }),
    );
    for (const call of [
      checkBulkExport,
      cancelBulkExport,
      (client: SmartFhirClient, url: string) => pollBulkExport(client, url),
    ]) {
      const error = await call(fhir, "https://elsewhere.test/$export-status/1").catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(AuthConfigError);
      expect(error).toMatchObject({ option: "statusUrl" });
    }
    await expect(checkBulkExport(fhir, "not a url")).rejects.toMatchObject({ option: "statusUrl" });
    await expect(readBulkExportFile(fhir, { url: "https://elsewhere.test/f.ndjson" })).rejects.toMatchObject({
      option: "file.url",
    });
    expect(reached).toBe(0);
  });
});
