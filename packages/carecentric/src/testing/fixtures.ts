import type { components } from "../generated/openapi.js";

/** The resource types the mock serves (every one the description documents). */
export const resourceTypes = [
  "Patient",
  "AllergyIntolerance",
  "Condition",
  "Observation",
  "Procedure",
  "MedicationStatement",
  "MedicationRequest",
  "Immunization",
  "Flag",
  "FamilyMemberHistory",
  "QuestionnaireResponse",
  "Encounter",
] as const;

/** One of {@link resourceTypes}. */
export type ResourceType = (typeof resourceTypes)[number];

/** The mock's data: every resource, by type. */
export type MockResources = {
  [T in ResourceType]: Array<
    components["schemas"][T] & {
      /** Logical id of the resource, always set here (optional in FHIR, assigned by the server on create). */
      id: string;
    }
  >;
};

/**
 * Example data of the CareCentric mock: two synthetic patients with NHS numbers from the NHS test range
 * (valid check digits, never real people) and their records, coded as UK Core R4 does (SNOMED CT,
 * `https://fhir.nhs.uk/Id/nhs-number`). Fresh copies are made per mock, so writes never leak between
 * tests.
 */

/** The NHS number identifier system (UK Core, CareConnect). */
export const NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number";
/** Graphnet's prescription-type code system (`prescription-type` search parameter; `R` = repeat). */
export const PRESCRIPTION_TYPE_SYSTEM = "https://fhir.graphnethealth.com/CodeSystem-PrescriptionType";

const SNOMED = "http://snomed.info/sct";
const ODS = "https://fhir.nhs.uk/Id/ods-organization-code";
const UCUM = "http://unitsofmeasure.org";
const OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";

/** Ids and NHS numbers of the mock's patients, for tests and examples. */
export const mockPatients = {
  /** Jane Smith, born 2010-10-22, Leeds: asthma, penicillin allergy. */
  janeSmith: {
    /** Her `Patient.id`: read her with `GET /Patient/{id}`, search her records with `patient={id}`. */
    id: "4f6a2b1c-8d3e-4c5f-9a7b-0e1d2c3b4a59",
    /** Her NHS number (test range), for `patient.identifier=https://fhir.nhs.uk/Id/nhs-number|9000000009`. */
    nhsNumber: "9000000009",
  },
  /** Oliver Hughes, born 1958-03-14, Manchester: type 2 diabetes, hypertension, peanut allergy. */
  oliverHughes: {
    /** His `Patient.id`: read him with `GET /Patient/{id}`, search his records with `patient={id}`. */
    id: "b2e7c9d4-1a3f-4e6b-8c5d-7f9a0b1c2d3e",
    /** His NHS number (test range), for `patient.identifier=https://fhir.nhs.uk/Id/nhs-number|9449306753`. */
    nhsNumber: "9449306753",
  },
} as const;

const jane = mockPatients.janeSmith;
const oliver = mockPatients.oliverHughes;
const subject = (p: { id: string }) => ({ reference: `Patient/${p.id}` });
const concept = (code: string, display: string, system = SNOMED) => ({
  coding: [{ system, code, display }],
  text: display,
});
const clinical = (kind: "allergyintolerance" | "condition", code: string) => ({
  coding: [{ system: `http://terminology.hl7.org/CodeSystem/${kind}-clinical`, code }],
});
const verified = (kind: "allergyintolerance" | "condition") => ({
  coding: [{ system: `http://terminology.hl7.org/CodeSystem/${kind}-ver-status`, code: "confirmed" }],
});
const meta = (lastUpdated: string) => ({ versionId: "1", lastUpdated });

function patient(
  p: { id: string; nhsNumber: string },
  name: { family: string; given: string[]; prefix: string },
  details: { gender: "male" | "female"; birthDate: string; line: string[]; city: string; postalCode: string },
  practice: { ods: string; name: string },
): components["schemas"]["Patient"] & { id: string } {
  return {
    resourceType: "Patient",
    id: p.id,
    meta: meta("2026-10-02T09:14:00+00:00"),
    identifier: [
      {
        extension: [
          {
            url: "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus",
            valueCodeableConcept: concept(
              "01",
              "Number present and verified",
              "https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland",
            ),
          },
        ],
        system: NHS_NUMBER_SYSTEM,
        value: p.nhsNumber,
      },
    ],
    active: true,
    name: [{ use: "official", family: name.family, given: name.given, prefix: [name.prefix] }],
    gender: details.gender,
    birthDate: details.birthDate,
    address: [
      {
        use: "home",
        line: details.line,
        city: details.city,
        postalCode: details.postalCode,
        country: "GB",
      },
    ],
    generalPractitioner: [
      { type: "Organization", identifier: { system: ODS, value: practice.ods }, display: practice.name },
    ],
  };
}

/** One resource of type `T` as the mock stores it (always with an id). */
type Resource<T extends ResourceType> = MockResources[T][number];
/** A patient of the mock, as resources refer to them. */
type MockPatient = { id: string };
type Concept = ReturnType<typeof concept>;

/** The fields every resource of the mock starts with: its type, its id and version 1 of `lastUpdated`. */
const header = <T extends ResourceType>(resourceType: T, id: string, lastUpdated: string) => ({
  resourceType,
  id,
  meta: meta(lastUpdated),
});
/** The calendar day of a timestamp (`2026-10-01T09:05:00+00:00` → `2026-10-01`). */
const day = (timestamp: string) => timestamp.slice(0, 10);
const quantity = (value: number, unit: string, code = unit) => ({ value, unit, system: UCUM, code });
const VITAL_SIGNS = concept("vital-signs", "Vital Signs", OBSERVATION_CATEGORY);
const LABORATORY = concept("laboratory", "Laboratory", OBSERVATION_CATEGORY);
const PROBLEM_LIST_ITEM = concept(
  "problem-list-item",
  "Problem List Item",
  "http://terminology.hl7.org/CodeSystem/condition-category",
);
const REPEAT = concept("R", "Repeat", PRESCRIPTION_TYPE_SYSTEM);

/** A confirmed, active, high-criticality allergy with one reaction. */
function allergy(
  [id, lastUpdated]: [string, string],
  p: MockPatient,
  what: { category: "medication" | "food"; code: Concept; recordedDate: string },
  reaction: { manifestation: Concept; severity: "moderate" | "severe" },
): Resource<"AllergyIntolerance"> {
  return {
    ...header("AllergyIntolerance", id, lastUpdated),
    clinicalStatus: clinical("allergyintolerance", "active"),
    verificationStatus: verified("allergyintolerance"),
    type: "allergy",
    category: [what.category],
    criticality: "high",
    code: what.code,
    patient: subject(p),
    recordedDate: what.recordedDate,
    reaction: [{ manifestation: [reaction.manifestation], severity: reaction.severity }],
  };
}

/** A confirmed, active problem-list condition, recorded on the day of its onset. */
function condition(
  [id, lastUpdated]: [string, string],
  p: MockPatient,
  code: Concept,
  onset: string,
): Resource<"Condition"> {
  return {
    ...header("Condition", id, lastUpdated),
    clinicalStatus: clinical("condition", "active"),
    verificationStatus: verified("condition"),
    category: [PROBLEM_LIST_ITEM],
    code,
    subject: subject(p),
    onsetDateTime: onset,
    recordedDate: onset,
  };
}

/** A final observation with one value (`valueQuantity`) or several (`component`). */
function observation(
  [id, lastUpdated]: [string, string],
  p: MockPatient,
  what: { category: Concept; code: Concept; effectiveDateTime: string },
  value: Pick<Resource<"Observation">, "valueQuantity" | "component">,
): Resource<"Observation"> {
  return {
    ...header("Observation", id, lastUpdated),
    status: "final",
    category: [what.category],
    code: what.code,
    subject: subject(p),
    effectiveDateTime: what.effectiveDateTime,
    ...value,
  };
}

/** An active medication the patient takes, asserted on the day the record was last updated. */
function medicationStatement(
  [id, lastUpdated]: [string, string],
  p: MockPatient,
  medication: Concept,
  taken: { since: string; dosage: string },
): Resource<"MedicationStatement"> {
  return {
    ...header("MedicationStatement", id, lastUpdated),
    status: "active",
    medicationCodeableConcept: medication,
    subject: subject(p),
    effectivePeriod: { start: taken.since },
    dateAsserted: day(lastUpdated),
    dosage: [{ text: taken.dosage }],
  };
}

/**
 * A repeat prescription (Graphnet's prescription type `R`), authored on the day the record was last
 * updated: the plan (`intent: "plan"`, active) or one issue of it (`intent: "order"`, completed).
 */
function repeatPrescription(
  [id, lastUpdated]: [string, string],
  p: MockPatient,
  kind: "plan" | "issue",
  medication: Concept,
  supply: { dosage: string; dispenseRequest: Resource<"MedicationRequest">["dispenseRequest"] },
): Resource<"MedicationRequest"> {
  return {
    ...header("MedicationRequest", id, lastUpdated),
    status: kind === "plan" ? "active" : "completed",
    intent: kind === "plan" ? "plan" : "order",
    medicationCodeableConcept: medication,
    subject: subject(p),
    authoredOn: day(lastUpdated),
    courseOfTherapyType: REPEAT,
    dosageInstruction: [{ text: supply.dosage }],
    dispenseRequest: supply.dispenseRequest,
  };
}

/** A fresh copy of every resource the mock serves, by resource type. */
export function mockResources(): MockResources {
  const metformin = concept("325278007", "Metformin 500mg tablets");
  const metforminDosage = "One tablet twice a day with meals";
  return {
    Patient: [
      patient(
        jane,
        { family: "Smith", given: ["Jane"], prefix: "Miss" },
        {
          gender: "female",
          birthDate: "2010-10-22",
          line: ["1 Trevelyan Square", "Boar Lane"],
          city: "Leeds",
          postalCode: "LS1 6AE",
        },
        { ods: "B86041", name: "Leeds City Medical Practice" },
      ),
      patient(
        oliver,
        { family: "Hughes", given: ["Oliver", "James"], prefix: "Mr" },
        {
          gender: "male",
          birthDate: "1958-03-14",
          line: ["42 Oxford Road"],
          city: "Manchester",
          postalCode: "M13 9WL",
        },
        { ods: "P84009", name: "Oxford Road Surgery" },
      ),
    ],
    AllergyIntolerance: [
      allergy(
        ["a1f3e5d7-0001-4b2c-9d8e-penicillin01", "2026-06-12T10:30:00+00:00"],
        jane,
        {
          category: "medication",
          code: concept("91936005", "Allergy to penicillin"),
          recordedDate: "2019-06-12",
        },
        { manifestation: concept("271807003", "Eruption of skin"), severity: "moderate" },
      ),
      allergy(
        ["a1f3e5d7-0002-4b2c-9d8e-peanut000001", "2026-03-02T08:05:00+00:00"],
        oliver,
        { category: "food", code: concept("91935009", "Allergy to peanuts"), recordedDate: "1994-08-20" },
        { manifestation: concept("39579001", "Anaphylaxis"), severity: "severe" },
      ),
    ],
    Condition: [
      condition(
        ["c0d1e2f3-0001-4a5b-8c9d-asthma000001", "2026-02-14T11:00:00+00:00"],
        jane,
        concept("195967001", "Asthma"),
        "2015-04-09",
      ),
      condition(
        ["c0d1e2f3-0002-4a5b-8c9d-diabetes0001", "2026-05-20T09:45:00+00:00"],
        oliver,
        concept("44054006", "Diabetes mellitus type 2"),
        "2012-11-03",
      ),
      condition(
        ["c0d1e2f3-0003-4a5b-8c9d-hypertension", "2026-05-20T09:45:00+00:00"],
        oliver,
        concept("38341003", "Hypertensive disorder"),
        "2016-07-18",
      ),
    ],
    Observation: [
      observation(
        ["0b5e1a2c-0001-4d3e-9f8a-bp0000000001", "2026-09-15T10:20:00+00:00"],
        oliver,
        {
          category: VITAL_SIGNS,
          code: concept("75367002", "Blood pressure"),
          effectiveDateTime: "2026-09-15T10:12:00+01:00",
        },
        {
          component: [
            {
              code: concept("271649006", "Systolic blood pressure"),
              valueQuantity: quantity(142, "mmHg", "mm[Hg]"),
            },
            {
              code: concept("271650006", "Diastolic blood pressure"),
              valueQuantity: quantity(88, "mmHg", "mm[Hg]"),
            },
          ],
        },
      ),
      observation(
        ["0b5e1a2c-0002-4d3e-9f8a-hba1c0000001", "2026-09-18T14:02:00+00:00"],
        oliver,
        {
          category: LABORATORY,
          code: concept("1019431000000105", "HbA1c level (IFCC standardised)"),
          effectiveDateTime: "2026-09-18T08:40:00+01:00",
        },
        { valueQuantity: quantity(58, "mmol/mol") },
      ),
      observation(
        ["0b5e1a2c-0003-4d3e-9f8a-weight000001", "2026-09-15T10:20:00+00:00"],
        oliver,
        {
          category: VITAL_SIGNS,
          code: concept("27113001", "Body weight"),
          effectiveDateTime: "2026-09-15T10:14:00+01:00",
        },
        { valueQuantity: quantity(82.5, "kg") },
      ),
      observation(
        ["0b5e1a2c-0004-4d3e-9f8a-peakflow0001", "2026-08-03T15:30:00+00:00"],
        jane,
        {
          category: VITAL_SIGNS,
          code: concept("29893006", "Peak expiratory flow rate"),
          effectiveDateTime: "2026-08-03T15:22:00+01:00",
        },
        { valueQuantity: quantity(320, "L/min") },
      ),
    ],
    Procedure: [
      {
        ...header("Procedure", "9e8d7c6b-0001-4a1b-8c2d-appendix0001", "2026-01-11T16:40:00+00:00"),
        status: "completed",
        code: concept("80146002", "Appendicectomy"),
        subject: subject(jane),
        performedDateTime: "2021-05-17",
      },
    ],
    MedicationStatement: [
      medicationStatement(
        ["5d4c3b2a-0001-4e5f-9a8b-metformin001", "2026-10-01T09:05:00+00:00"],
        oliver,
        metformin,
        {
          since: "2012-11-10",
          dosage: metforminDosage,
        },
      ),
      medicationStatement(
        ["5d4c3b2a-0002-4e5f-9a8b-amlodipine01", "2026-10-01T09:05:00+00:00"],
        oliver,
        concept("319283006", "Amlodipine 5mg tablets"),
        { since: "2016-07-25", dosage: "One tablet once a day" },
      ),
    ],
    MedicationRequest: [
      repeatPrescription(
        ["7a6b5c4d-0001-4e3f-8a9b-metformin-r1", "2026-04-02T11:20:00+00:00"],
        oliver,
        "plan",
        metformin,
        {
          dosage: metforminDosage,
          dispenseRequest: { numberOfRepeatsAllowed: 6, quantity: { value: 112, unit: "tablet" } },
        },
      ),
      repeatPrescription(
        ["7a6b5c4d-0002-4e3f-8a9b-metformin-i1", "2026-10-01T09:05:00+00:00"],
        oliver,
        "issue",
        metformin,
        {
          dosage: metforminDosage,
          dispenseRequest: { quantity: { value: 112, unit: "tablet" } },
        },
      ),
      repeatPrescription(
        ["7a6b5c4d-0003-4e3f-8a9b-salbutamol-r", "2026-02-14T11:00:00+00:00"],
        jane,
        "plan",
        concept("320176004", "Salbutamol 100micrograms/dose inhaler CFC free"),
        {
          dosage: "Two puffs when required for breathlessness",
          dispenseRequest: { numberOfRepeatsAllowed: 3, quantity: { value: 200, unit: "dose" } },
        },
      ),
    ],
    Immunization: [
      {
        ...header("Immunization", "3c2b1a09-0001-4d8e-9f7a-influenza-25", "2025-10-14T13:10:00+00:00"),
        status: "completed",
        vaccineCode: concept("1181000221105", "Influenza vaccine"),
        patient: subject(jane),
        occurrenceDateTime: "2025-10-14T13:02:00+01:00",
        primarySource: true,
        lotNumber: "FT3478",
      },
    ],
    Flag: [
      {
        ...header("Flag", "f1a2b3c4-0001-4d5e-8f9a-anaphylaxis1", "2026-03-02T08:05:00+00:00"),
        status: "active",
        category: [concept("clinical", "Clinical", "http://terminology.hl7.org/CodeSystem/flag-category")],
        code: { text: "Anaphylaxis risk: carries an adrenaline auto-injector" },
        subject: subject(oliver),
        period: { start: "1994-08-20" },
      },
    ],
    FamilyMemberHistory: [
      {
        ...header("FamilyMemberHistory", "e5f6a7b8-0001-4c3d-9e2f-father000001", "2026-05-20T09:45:00+00:00"),
        status: "completed",
        patient: subject(oliver),
        date: "2016-07-18",
        relationship: concept("FTH", "father", "http://terminology.hl7.org/CodeSystem/v3-RoleCode"),
        condition: [{ code: concept("22298006", "Myocardial infarction"), onsetString: "age 61" }],
      },
    ],
    QuestionnaireResponse: [
      {
        ...header(
          "QuestionnaireResponse",
          "d4e5f6a7-0001-4b8c-9d0e-asthmareview",
          "2026-08-03T15:30:00+00:00",
        ),
        questionnaire: "https://fhir.graphnethealth.com/Questionnaire/asthma-annual-review",
        status: "completed",
        subject: subject(jane),
        authored: "2026-08-03T15:25:00+01:00",
        item: [
          {
            linkId: "1",
            text: "In the last month, have you had difficulty sleeping because of your asthma?",
            answer: [{ valueBoolean: false }],
          },
          {
            linkId: "2",
            text: "How many times a week do you use your reliever inhaler?",
            answer: [{ valueInteger: 1 }],
          },
        ],
      },
    ],
    Encounter: [
      {
        ...header("Encounter", "8b9c0d1e-0001-4f2a-8b3c-review000001", "2026-09-15T10:20:00+00:00"),
        status: "finished",
        class: {
          system: "http://terminology.hl7.org/CodeSystem/v3-ActCode",
          code: "AMB",
          display: "ambulatory",
        },
        type: [concept("185389009", "Follow-up visit")],
        subject: subject(oliver),
        period: { start: "2026-09-15T10:00:00+01:00", end: "2026-09-15T10:20:00+01:00" },
        serviceProvider: { identifier: { system: ODS, value: "P84009" }, display: "Oxford Road Surgery" },
      },
    ],
  };
}
