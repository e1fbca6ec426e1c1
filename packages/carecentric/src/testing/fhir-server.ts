import {
  type FhirError,
  FhirMockServer,
  type FhirServerRules,
  fhirFailure,
  registerSearchParameters,
  type StoredResource,
} from "@caduceus/fhir-mock";
import { type MockResources, mockResources, NHS_NUMBER_SYSTEM, resourceTypes } from "./fixtures.js";

export {
  type FhirError,
  type FhirResult,
  type IssueType,
  operationOutcome,
} from "@caduceus/fhir-mock";

/** The resource types with documented write stubs (POST, PUT, DELETE). */
export type WritableType = "AllergyIntolerance" | "Observation" | "Flag" | "QuestionnaireResponse";

/** Elements a write must carry (the description's required members, the patient reference included). */
const REQUIRED_ON_WRITE: Record<WritableType, string[]> = {
  AllergyIntolerance: ["patient.reference", "code"],
  Observation: ["status", "code", "subject.reference"],
  Flag: ["status", "code", "subject.reference"],
  QuestionnaireResponse: ["status", "subject.reference"],
};

/** True for a type with documented writes. */
export const isWritable = (type: string): type is WritableType => type in REQUIRED_ON_WRITE;

/**
 * Search parameters Graphnet documents that are not in FHIR R4's base specification, with the FHIRPath
 * expression the mock evaluates for each. Other non-standard parameters the docs name (for example
 * Immunization `notgiven`, an STU3 parameter) are refused by the search, not guessed at.
 */
const GRAPHNET_SEARCH_PARAMETERS = [
  { code: "code", base: ["Flag"], type: "token", expression: "Flag.code" },
  { code: "category", base: ["Flag"], type: "token", expression: "Flag.category" },
  {
    code: "prescription-type",
    base: ["MedicationRequest"],
    type: "token",
    expression: "MedicationRequest.courseOfTherapyType",
  },
  // STU3's Condition `asserted-date` (the date the condition was asserted) is R4's `recordedDate`.
  { code: "asserted-date", base: ["Condition"], type: "date", expression: "Condition.recordedDate" },
] as const;

let registered = false;
function registerGraphnetSearchParameters(): void {
  if (registered) return;
  registerSearchParameters(
    GRAPHNET_SEARCH_PARAMETERS.map((parameter) => ({
      ...parameter,
      url: `https://fhir.graphnethealth.com/SearchParameter/${parameter.base[0]}-${parameter.code}`,
    })),
  );
  registered = true;
}

/** The reference to the patient in each clinical resource type (CareCentric's APIs are patient-centred). */
const PATIENT_FIELD: Partial<Record<string, string>> = {
  AllergyIntolerance: "patient",
  Immunization: "patient",
  FamilyMemberHistory: "patient",
};
const patientField = (type: string) => PATIENT_FIELD[type] ?? "subject";

const read = (value: unknown, path: string): unknown =>
  path.split(".").reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], value);

const MEDICATION_REQUEST_INTENTS = ["proposal", "plan", "order", "instance-order"];

const refuse = (status: number, code: Parameters<typeof fhirFailure>[1], diagnostics: string): FhirError =>
  fhirFailure(status, code, diagnostics).error;

/** Graphnet's rules on top of FHIR R4: patient-centred searches, its profiles, API-created records only. */
function graphnetRules(server: () => FhirMockServer): FhirServerRules {
  return {
    search(type, query) {
      if (type !== "Patient" && !query.has("patient") && !query.has("patient.identifier")) {
        return refuse(
          400,
          "required",
          `Searches of ${type} must be restricted to one patient: give patient=<id> or patient.identifier=${NHS_NUMBER_SYSTEM}|<NHS number>.`,
        );
      }
      if (type !== "MedicationRequest") return undefined;
      const intent = query.get("intent");
      if (!intent)
        return refuse(
          400,
          "required",
          "The search parameter intent is required when searching MedicationRequest.",
        );
      const unknown = intent.split(",").find((value) => !MEDICATION_REQUEST_INTENTS.includes(value));
      return unknown === undefined
        ? undefined
        : refuse(
            400,
            "code-invalid",
            `intent=${unknown} is not one of ${MEDICATION_REQUEST_INTENTS.join(", ")}.`,
          );
    },
    profile(type, resource) {
      const required = isWritable(type) ? REQUIRED_ON_WRITE[type] : [];
      const missing = required.find((element) => read(resource, element) === undefined);
      return missing === undefined
        ? undefined
        : refuse(400, "required", `${type}.${missing} is required by Graphnet's ${type} profile.`);
    },
    write(type, resource) {
      const reference = String(read(resource, `${patientField(type)}.reference`));
      if (
        server()
          .store.all("Patient")
          .some((p) => `Patient/${p.id}` === reference)
      )
        return undefined;
      return refuse(
        422,
        "processing",
        `${type}.${patientField(type)} must reference a known patient (${reference} is not).`,
      );
    },
    change(type, id) {
      if (server().wasCreated(type, id)) return undefined;
      return refuse(
        403,
        "forbidden",
        `${type}/${id} was not created through the API; only such records can be changed.`,
      );
    },
  };
}

/**
 * An in-memory CareCentric FHIR server: `@caduceus/fhir-mock`'s FHIR R4 server over the synthetic NHS
 * patients of {@link mockResources}, with Graphnet's rules: searches restricted to one patient
 * (MedicationRequest also needs `intent`), Graphnet's own search parameters, the profiles' required
 * elements on writes, writes referencing a known patient (422 otherwise), and only records created
 * through the API may be changed (403 otherwise). Updates never create (404 for an unknown id).
 */
export class FhirServer extends FhirMockServer {
  /**
   * Every resource, by type: a fresh copy of {@link mockResources} per server. Writes land here, and
   * tests may seed or inspect it directly.
   */
  override get data(): MockResources {
    return this.store.data as unknown as MockResources;
  }

  constructor(baseUrl: string, clock: { now(): number }) {
    registerGraphnetSearchParameters();
    const holder: { server?: FhirMockServer } = {};
    super({
      baseUrl,
      clock,
      data: mockResources() as unknown as Record<string, StoredResource[]>,
      resourceTypes,
      rules: graphnetRules(() => holder.server!),
      updateCreates: false,
    });
    holder.server = this;
  }
}
