import type { HttpHandler } from "msw";
import { HttpResponse } from "msw";
import { createOpenApiHttp } from "openapi-msw";
import type { components, paths } from "../generated/openapi.js";
import { documentsOf, exampleProjects, exampleSubjects, fhirPatientOf, summaryOf } from "./fixtures.js";

type Schemas = components["schemas"];

/** The mock's state: projects, and per project its subjects and queries. Mutate it to seed a test. */
export interface XcuresMockData {
  /**
   * What `GET /project` lists, and the only ids the `ProjectId` header may name: any other id gets
   * 401 "Invalid API key or ProjectId", as xCures answers. Push a project here to make it reachable.
   */
  projects: Schemas["Project"][];
  /** Subjects by project id, then by subject id. */
  subjects: Map<string, Map<string, Schemas["Subject"]>>;
  /** Queries by project id, then by query id. */
  queries: Map<string, Map<string, Schemas["QueryDto"]>>;
}

/** The most subjects one v1 create accepts (xCures docs). */
const MAX_SUBJECTS_PER_CREATE = 10;
const PREFIX = "/api/v1/patient-registry";

/**
 * Typed handlers (openapi-msw) for the operations the examples and tests use, with realistic data.
 * They run after the guard in `createXcuresMock`, so the token and `ProjectId` are already checked.
 */
export function createXcuresApiHandlers(
  baseUrl: string,
  defaultProjectId: string,
  projects: Schemas["Project"][] = exampleProjects(defaultProjectId),
): {
  /** One openapi-msw handler per mocked operation; they check neither token nor `ProjectId`. */
  handlers: HttpHandler[];
  /** The live state the handlers read and write; the default project starts with the example subjects. */
  data: XcuresMockData;
} {
  const data: XcuresMockData = {
    projects,
    subjects: new Map([[defaultProjectId, new Map(exampleSubjects().map((s) => [s.id, s]))]]),
    queries: new Map(),
  };
  const api = createOpenApiHttp<paths>({ baseUrl });
  let serial = 0;
  const now = () => new Date(Date.UTC(2026, 0, 1) + serial * 1000).toISOString();
  const subjectsOf = (request: Request) => bucket(data.subjects, request.headers.get("projectid") ?? "");
  const queriesOf = (request: Request) => bucket(data.queries, request.headers.get("projectid") ?? "");
  const notFound = (what: string) =>
    HttpResponse.json({ statusCode: 404, message: `${what} not found`, error: "Not Found" }, { status: 404 });

  const create = (input: Schemas["CreateSubject"]): Schemas["Subject"] => {
    serial += 1;
    return { ...input, created: now(), updated: now(), identifier: identifier(serial), cohortNames: [] };
  };

  const handlers = [
    api.get(`${PREFIX}/project`, ({ response }) => response(200).json(data.projects)),

    api.get(`${PREFIX}/subject`, ({ request, query, response }) => {
      const pageNumber = Math.max(1, Number(query.get("pageNumber") ?? 1));
      const pageSize = Math.min(200, Math.max(1, Number(query.get("pageSize") ?? 50)));
      const lastName = query.get("lastName");
      const firstName = query.get("firstName");
      const matches = [...subjectsOf(request).values()]
        .filter((s) => !lastName || s.lastName.toLowerCase() === lastName.toLowerCase())
        .filter((s) => !firstName || s.firstName.toLowerCase() === firstName.toLowerCase())
        .sort((a, b) => a.created.localeCompare(b.created));
      return response(200).json({
        pageNumber,
        pageSize,
        sortField: "created",
        sortIsDescending: false,
        totalCount: matches.length,
        results: matches.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
      });
    }),

    api.get(`${PREFIX}/subject/{id}`, ({ request, params, response }) => {
      const subject = subjectsOf(request).get(params.id);
      return subject ? response(200).json(subject) : response.untyped(notFound("Subject"));
    }),

    api.post(`${PREFIX}/subject`, async ({ request, response }) => {
      const body = await request.json();
      const list = Array.isArray(body) ? body : body.subjects;
      if (!Array.isArray(list) || list.length === 0 || list.length > MAX_SUBJECTS_PER_CREATE) {
        return response.untyped(
          HttpResponse.json(
            {
              statusCode: 400,
              message: `Between 1 and ${MAX_SUBJECTS_PER_CREATE} subjects are allowed per request`,
              error: "Bad Request",
            },
            { status: 400 },
          ),
        );
      }
      const store = subjectsOf(request);
      const results = list.map((input): Schemas["CreateSubjectResult"] => {
        if (store.has(input.id)) {
          return {
            ...input,
            created: now(),
            updated: now(),
            identifier: "",
            failureReason: "Subject already exists",
          };
        }
        const subject = create(input);
        store.set(subject.id, subject);
        return subject;
      });
      return response(201).json(results);
    }),

    api.put(`${PREFIX}/subject/{id}`, async ({ request, params, response }) => {
      const store = subjectsOf(request);
      const existing = store.get(params.id);
      if (!existing) return response.untyped(notFound("Subject"));
      serial += 1;
      const updated: Schemas["Subject"] = {
        ...(await request.json()),
        id: existing.id,
        created: existing.created,
        identifier: existing.identifier,
        updated: now(),
      };
      store.set(updated.id, updated);
      return response(200).json(updated);
    }),

    // v2 create answers RFC 7807 ProblemDetails on every error (the only xCures operation that does).
    api.post("/api/v2/patient-registry/subject", async ({ request, response }) => {
      const { options: _options, ...input } = await request.json();
      const missing = (["id", "firstName", "lastName"] as const).filter((name) => !input[name]);
      if (missing.length > 0) {
        return response(400).json({
          status: 400,
          title: "Bad Request",
          detail: `${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} required`,
        });
      }
      const store = subjectsOf(request);
      if (store.has(input.id)) {
        return response(409).json({
          status: 409,
          title: "Conflict",
          detail: `A subject with id ${input.id} already exists in this project`,
        });
      }
      const subject = create(input);
      store.set(subject.id, subject);
      return response(201).json(subject);
    }),

    api.get(`${PREFIX}/subject/{id}/status/clinical-concepts`, ({ request, params, response }) =>
      subjectsOf(request).has(params.id)
        ? response(200).json({ loaded: true, timestamp: "2025-11-20T06:00:00.000Z" })
        : response.untyped(notFound("Subject")),
    ),

    api.get(`${PREFIX}/summary/subject/{subjectId}`, ({ request, params, response }) => {
      const subject = subjectsOf(request).get(params.subjectId);
      return subject ? response(200).json(summaryOf(subject)) : response.untyped(notFound("Subject"));
    }),

    api.get(`${PREFIX}/document`, ({ request, query, response }) => {
      const subjectId = query.get("subjectId");
      if (!subjectsOf(request).has(subjectId)) return response.untyped(notFound("Subject"));
      const results = documentsOf(subjectId);
      return response(200).json(firstPage(results));
    }),

    api.post(`${PREFIX}/query`, async ({ request, response }) => {
      const body = await request.json();
      if (!subjectsOf(request).has(body.subjectId)) return response.untyped(notFound("Subject"));
      serial += 1;
      const query: Schemas["QueryDto"] = {
        id: `q-${serial.toString().padStart(6, "0")}`,
        subjectId: body.subjectId,
        created: now(),
        fhirStatus: "initiated",
        ccdaStatus: "initiated",
        userId: "api-client",
        externalPatientId: `ext-${body.subjectId.slice(0, 8)}`,
        externalQueryId: `xq-${serial}`,
        queryAttempts: [],
      };
      queriesOf(request).set(query.id, query);
      return response(201).json(query);
    }),

    api.get(`${PREFIX}/query`, ({ request, query, response }) => {
      const subjectId = query.get("subjectId");
      const results = [...queriesOf(request).values()]
        .filter((q) => !subjectId || q.subjectId === subjectId)
        .map(({ externalPatientId: _e, externalQueryId: _x, queryAttempts: _a, ...q }) => q);
      return response(200).json(firstPage(results));
    }),

    api.get(`${PREFIX}/query/{id}`, ({ request, params, response }) => {
      const found = queriesOf(request).get(params.id);
      if (!found) return response.untyped(notFound("Query"));
      const { externalPatientId: _e, externalQueryId: _x, queryAttempts: _a, ...query } = found;
      return response(200).json(query);
    }),

    api.get(`${PREFIX}/fhir/patient`, ({ request, query, response }) => {
      const subject = subjectsOf(request).get(query.get("subjectId"));
      const entry = subject ? [{ fullUrl: `Patient/${subject.id}`, resource: fhirPatientOf(subject) }] : [];
      const bundle: Schemas["FhirBundle"] = {
        resourceType: "Bundle",
        type: "searchset",
        total: entry.length,
        entry,
      };
      // openapi-msw types JSON bodies of `*/json` media types only; xCures answers `application/json+fhir`.
      return response.untyped(
        HttpResponse.json(bundle, { headers: { "content-type": "application/json+fhir" } }),
      );
    }),
  ];
  return { handlers, data };
}

/** The one page the mock answers a listing with: everything, in the shape of xCures' paginated results. */
function firstPage<T>(results: T[]) {
  return {
    pageNumber: 1,
    pageSize: 50,
    sortField: "created",
    sortIsDescending: false,
    totalCount: results.length,
    results,
  };
}

function bucket<T>(map: Map<string, Map<string, T>>, key: string): Map<string, T> {
  let inner = map.get(key);
  if (!inner) {
    inner = new Map();
    map.set(key, inner);
  }
  return inner;
}

/** xCures' human-readable 6-character subject identifier, deterministic per mock. */
function identifier(serial: number): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  let out = "";
  let n = serial * 7919 + 104729;
  for (let i = 0; i < 6; i++) {
    out += alphabet[n % alphabet.length];
    n = Math.floor(n / alphabet.length) + i * 31;
  }
  return out;
}
