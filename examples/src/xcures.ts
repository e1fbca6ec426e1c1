// xCures: list the subjects of a project, then fetch one subject's summary.
//
// Runs against the mock xCures that ships with the package (`@caduceus/xcures/testing`, in msw):
// `node dist/xcures.js`. With XCURES_CLIENT_ID, XCURES_CLIENT_SECRET and XCURES_PROJECT_ID set it
// calls the real partner API instead.
import { createXcuresClient } from "@caduceus/xcures";
import { createXcuresMock } from "@caduceus/xcures/testing";
import { dataOf, runExample } from "./support/run-example.js";

await runExample(
  createXcuresMock(),
  "XCURES",
  ["clientId", "clientSecret", "projectId"],
  async (credentials) => {
    // The client adds the ProjectId header to every API call (never to the token request).
    const xcures = createXcuresClient(credentials);
    const subjects = dataOf(
      await xcures.GET("/api/v1/patient-registry/subject", { params: { query: { pageSize: 10 } } }),
      "listing subjects",
    );
    console.log(`subjects: ${subjects.totalCount} in the project`);
    const first = subjects.results?.[0];
    if (first?.id) {
      const summary = await xcures.GET("/api/v1/patient-registry/summary/subject/{subjectId}", {
        params: { path: { subjectId: first.id } },
      });
      console.log(`summary of ${first.id}: HTTP ${summary.response.status}`);
    }
  },
);
