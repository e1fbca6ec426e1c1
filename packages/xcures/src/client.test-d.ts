import { describe, expectTypeOf, test } from "vitest";
import {
  createXcuresClient,
  type FhirBundle,
  type ProblemDetails,
  type Project,
  type Subject,
  type SubjectPage,
  type XcuresClient,
} from "./index.js";

const xcures: XcuresClient = createXcuresClient({
  clientId: "id",
  clientSecret: "secret",
  projectId: "project",
});

describe("response types are inferred", () => {
  test("data of GET operations", async () => {
    const one = await xcures.GET("/api/v1/patient-registry/subject/{id}", { params: { path: { id: "x" } } });
    expectTypeOf(one.data).toEqualTypeOf<Subject | undefined>();
    const page = await xcures.GET("/api/v1/patient-registry/subject");
    expectTypeOf(page.data).toEqualTypeOf<SubjectPage | undefined>();
    const projects = await xcures.GET("/api/v1/patient-registry/project");
    expectTypeOf(projects.data).toEqualTypeOf<Project[] | undefined>();
    const fhir = await xcures.GET("/api/v1/patient-registry/fhir/patient", {
      params: { query: { subjectId: "x", pageNumber: 1, pageSize: 50 } },
    });
    // FHIR bundles allow extra members (FHIR JSON), so compare the typed members.
    expectTypeOf(fhir.data?.resourceType).toEqualTypeOf<FhirBundle["resourceType"] | undefined>();
    expectTypeOf(fhir.data?.total).toEqualTypeOf<number | undefined>();
  });

  test("v2 errors are ProblemDetails", async () => {
    const created = await xcures.POST("/api/v2/patient-registry/subject", {
      body: { id: "x", firstName: "Ana", lastName: "Lima" },
    });
    expectTypeOf(created.data).toEqualTypeOf<Subject | undefined>();
    expectTypeOf(created.error).toEqualTypeOf<ProblemDetails | undefined>();
  });
});

describe("mistakes fail to compile", () => {
  test("a wrong path", () => {
    // @ts-expect-error there is no /subjects (plural)
    xcures.GET("/api/v1/patient-registry/subjects");
    // @ts-expect-error the token endpoint takes POST, not GET
    xcures.GET("/oauth/token");
  });

  test("a missing required parameter", () => {
    // @ts-expect-error the path parameter id is required
    xcures.GET("/api/v1/patient-registry/subject/{id}", {});
    // @ts-expect-error FHIR searches require pageNumber and pageSize as well as subjectId
    xcures.GET("/api/v1/patient-registry/fhir/patient", { params: { query: { subjectId: "x" } } });
  });

  test("a wrong body field", () => {
    xcures.POST("/api/v2/patient-registry/subject", {
      // @ts-expect-error the field is firstName, not firstname
      body: { id: "x", firstname: "Ana", lastName: "Lima" },
    });
    xcures.POST("/api/v1/patient-registry/query", {
      // @ts-expect-error subjectId is a string
      body: { subjectId: 42 },
    });
  });

  test("projectId is required on the client, never on a call", () => {
    // @ts-expect-error projectId is required
    createXcuresClient({ clientId: "id", clientSecret: "secret" });
    // No ProjectId parameter on calls (the client adds the header), but a call may override it.
    xcures.GET("/api/v1/patient-registry/subject", { headers: { ProjectId: "other-project" } });
    // @ts-expect-error ProjectId is not a typed header parameter any more
    xcures.GET("/api/v1/patient-registry/subject", { params: { header: { ProjectId: "p" } } });
  });
});
