import type { components } from "../generated/openapi.js";

type Schemas = components["schemas"];

/**
 * Fake credentials the mock expects by default. Not real xCures values: the ids are random uuids and
 * the secret says what it is. `createXcuresClient({ ...XCURES_MOCK_CREDENTIALS })` talks to the mock.
 */
export const XCURES_MOCK_CREDENTIALS = {
  /** A uuid, as xCures requires: the mock's token endpoint answers 400 to a `client_id` that is not one. */
  clientId: "0b7d6f8e-3c2a-4e51-9a8d-5f4c3b2a1e09",
  /** Compared exactly; any other non-empty secret gets 401 "Invalid client credentials". */
  clientSecret: "xcures-mock-secret-do-not-use-in-production",
  /** Id of the first example project ("Oncology Registry"), which holds the three example subjects. */
  projectId: "e6b01018-a333-4732-917e-fe38e91b0fdf",
} as const;

/** Example projects: the default one (whose id is the default `projectId`) and a second. */
export function exampleProjects(defaultProjectId: string): Schemas["Project"][] {
  return [
    {
      id: defaultProjectId,
      name: "Oncology Registry",
      created: "2025-05-26T23:30:40.912Z",
      updated: "2025-11-02T09:12:00.000Z",
    },
    {
      id: "7f1c2b3a-4d5e-4f60-8a9b-0c1d2e3f4a5b",
      name: "Rare Disease Natural History",
      created: "2025-08-14T15:00:00.000Z",
      updated: "2025-08-14T15:00:00.000Z",
    },
  ];
}

/** Three example subjects, as xCures returns them (made-up people). */
export function exampleSubjects(): Schemas["Subject"][] {
  return [
    {
      id: "3fa85f64-5717-4562-b3fc-2c963f66afa6",
      created: "2025-05-26T23:30:40.912Z",
      updated: "2025-05-26T23:30:40.912Z",
      identifier: "ABCD12",
      firstName: "David",
      middleName: "Quincy",
      lastName: "Mann",
      email: "david.mann@example.com",
      birthDate: "1961-03-14",
      gender: "M",
      addressLine1: "123 Main St.",
      addressCity: "Minneapolis",
      addressState: "MN",
      addressPostalCode: "55401",
      phoneNumber: "612-555-0142",
      externalIdentifiers: [{ externalIdentifier: "MRN-100234", externalSystem: "Hospital A" }],
      labels: ["nsclc"],
      cohortNames: ["Lung 2025"],
    },
    {
      id: "9b2e4c1d-7a3f-4e8b-b5c6-d7e8f9a0b1c2",
      created: "2025-06-03T14:05:11.000Z",
      updated: "2025-09-19T08:44:02.000Z",
      identifier: "KX7P2Q",
      firstName: "Maria",
      lastName: "Okafor",
      birthDate: "1974-11-02",
      gender: "F",
      addressLine1: "88 Lake Ave",
      addressCity: "Saint Paul",
      addressState: "MN",
      addressPostalCode: "55101",
      labels: ["breast", "her2+"],
      cohortNames: [],
    },
    {
      id: "c4d5e6f7-8a9b-4c0d-9e1f-2a3b4c5d6e7f",
      created: "2025-07-21T10:30:00.000Z",
      updated: "2025-07-21T10:30:00.000Z",
      identifier: "ZT93LM",
      firstName: "Chen",
      lastName: "Wei",
      birthDate: "1958-01-27",
      gender: "M",
      addressCity: "Rochester",
      addressState: "MN",
      addressPostalCode: "55901",
      labels: [],
      cohortNames: [],
    },
  ];
}

/** A FHIR R4 Patient resource for a subject (what `GET /fhir/patient` pages through). */
export function fhirPatientOf(subject: Schemas["Subject"]): Schemas["FhirResource"] {
  return {
    resourceType: "Patient",
    id: subject.id,
    meta: { lastUpdated: subject.updated },
    identifier: (subject.externalIdentifiers ?? []).map((id) => ({
      system: id.externalSystem,
      value: id.externalIdentifier,
    })),
    name: [{ use: "official", family: subject.lastName, given: [subject.firstName] }],
    gender: subject.gender === "F" ? "female" : subject.gender === "M" ? "male" : "unknown",
    birthDate: subject.birthDate,
  };
}

/** The AI summary xCures returns for a subject, with the documents it cites. */
export function summaryOf(subject: Schemas["Subject"]): Schemas["SubjectSummaryDto"] {
  return {
    overview: `${subject.firstName} ${subject.lastName}, born ${subject.birthDate ?? "unknown"}: stage IIIA non-small cell lung cancer diagnosed 2024-02; completed concurrent chemoradiation; on durvalumab consolidation.`,
    referencedDocuments: [
      { documentId: "doc-path-20240212", referencedStrings: ["adenocarcinoma", "stage IIIA"] },
      { documentId: "doc-onc-20240610", referencedStrings: ["durvalumab"] },
    ],
  };
}

/** Two documents in a subject's record. */
export function documentsOf(subjectId: string): Schemas["DocumentSummary"][] {
  return [
    {
      id: "doc-path-20240212",
      created: "2024-02-13T08:00:00.000Z",
      updated: "2024-02-13T08:00:00.000Z",
      subjectId,
      source: "ccda",
      documentName: "Surgical pathology report",
      documentDate: "2024-02-12T00:00:00.000Z",
      fileName: "pathology-2024-02-12.xml",
      contentType: "application/xml",
      informationTypes: ["pathology"],
    },
    {
      id: "doc-onc-20240610",
      created: "2024-06-11T08:00:00.000Z",
      updated: "2024-06-11T08:00:00.000Z",
      subjectId,
      source: "fhir",
      documentName: "Oncology progress note",
      documentDate: "2024-06-10T00:00:00.000Z",
      fileName: "progress-note-2024-06-10.pdf",
      contentType: "application/pdf",
      informationTypes: ["progress-note"],
    },
  ];
}
