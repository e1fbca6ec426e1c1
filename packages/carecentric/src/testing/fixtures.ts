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

/** A fresh copy of every resource the mock serves, by resource type. */
export function mockResources(): MockResources {
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
      {
        resourceType: "AllergyIntolerance",
        id: "a1f3e5d7-0001-4b2c-9d8e-penicillin01",
        meta: meta("2026-06-12T10:30:00+00:00"),
        clinicalStatus: clinical("allergyintolerance", "active"),
        verificationStatus: verified("allergyintolerance"),
        type: "allergy",
        category: ["medication"],
        criticality: "high",
        code: concept("91936005", "Allergy to penicillin"),
        patient: subject(jane),
        recordedDate: "2019-06-12",
        reaction: [{ manifestation: [concept("271807003", "Eruption of skin")], severity: "moderate" }],
      },
      {
        resourceType: "AllergyIntolerance",
        id: "a1f3e5d7-0002-4b2c-9d8e-peanut000001",
        meta: meta("2026-03-02T08:05:00+00:00"),
        clinicalStatus: clinical("allergyintolerance", "active"),
        verificationStatus: verified("allergyintolerance"),
        type: "allergy",
        category: ["food"],
        criticality: "high",
        code: concept("91935009", "Allergy to peanuts"),
        patient: subject(oliver),
        recordedDate: "1994-08-20",
        reaction: [{ manifestation: [concept("39579001", "Anaphylaxis")], severity: "severe" }],
      },
    ],
    Condition: [
      {
        resourceType: "Condition",
        id: "c0d1e2f3-0001-4a5b-8c9d-asthma000001",
        meta: meta("2026-02-14T11:00:00+00:00"),
        clinicalStatus: clinical("condition", "active"),
        verificationStatus: verified("condition"),
        category: [
          concept(
            "problem-list-item",
            "Problem List Item",
            "http://terminology.hl7.org/CodeSystem/condition-category",
          ),
        ],
        code: concept("195967001", "Asthma"),
        subject: subject(jane),
        onsetDateTime: "2015-04-09",
        recordedDate: "2015-04-09",
      },
      {
        resourceType: "Condition",
        id: "c0d1e2f3-0002-4a5b-8c9d-diabetes0001",
        meta: meta("2026-05-20T09:45:00+00:00"),
        clinicalStatus: clinical("condition", "active"),
        verificationStatus: verified("condition"),
        category: [
          concept(
            "problem-list-item",
            "Problem List Item",
            "http://terminology.hl7.org/CodeSystem/condition-category",
          ),
        ],
        code: concept("44054006", "Diabetes mellitus type 2"),
        subject: subject(oliver),
        onsetDateTime: "2012-11-03",
        recordedDate: "2012-11-03",
      },
      {
        resourceType: "Condition",
        id: "c0d1e2f3-0003-4a5b-8c9d-hypertension",
        meta: meta("2026-05-20T09:45:00+00:00"),
        clinicalStatus: clinical("condition", "active"),
        verificationStatus: verified("condition"),
        category: [
          concept(
            "problem-list-item",
            "Problem List Item",
            "http://terminology.hl7.org/CodeSystem/condition-category",
          ),
        ],
        code: concept("38341003", "Hypertensive disorder"),
        subject: subject(oliver),
        onsetDateTime: "2016-07-18",
        recordedDate: "2016-07-18",
      },
    ],
    Observation: [
      {
        resourceType: "Observation",
        id: "0b5e1a2c-0001-4d3e-9f8a-bp0000000001",
        meta: meta("2026-09-15T10:20:00+00:00"),
        status: "final",
        category: [concept("vital-signs", "Vital Signs", OBSERVATION_CATEGORY)],
        code: concept("75367002", "Blood pressure"),
        subject: subject(oliver),
        effectiveDateTime: "2026-09-15T10:12:00+01:00",
        component: [
          {
            code: concept("271649006", "Systolic blood pressure"),
            valueQuantity: { value: 142, unit: "mmHg", system: UCUM, code: "mm[Hg]" },
          },
          {
            code: concept("271650006", "Diastolic blood pressure"),
            valueQuantity: { value: 88, unit: "mmHg", system: UCUM, code: "mm[Hg]" },
          },
        ],
      },
      {
        resourceType: "Observation",
        id: "0b5e1a2c-0002-4d3e-9f8a-hba1c0000001",
        meta: meta("2026-09-18T14:02:00+00:00"),
        status: "final",
        category: [concept("laboratory", "Laboratory", OBSERVATION_CATEGORY)],
        code: concept("1019431000000105", "HbA1c level (IFCC standardised)"),
        subject: subject(oliver),
        effectiveDateTime: "2026-09-18T08:40:00+01:00",
        valueQuantity: { value: 58, unit: "mmol/mol", system: UCUM, code: "mmol/mol" },
      },
      {
        resourceType: "Observation",
        id: "0b5e1a2c-0003-4d3e-9f8a-weight000001",
        meta: meta("2026-09-15T10:20:00+00:00"),
        status: "final",
        category: [concept("vital-signs", "Vital Signs", OBSERVATION_CATEGORY)],
        code: concept("27113001", "Body weight"),
        subject: subject(oliver),
        effectiveDateTime: "2026-09-15T10:14:00+01:00",
        valueQuantity: { value: 82.5, unit: "kg", system: UCUM, code: "kg" },
      },
      {
        resourceType: "Observation",
        id: "0b5e1a2c-0004-4d3e-9f8a-peakflow0001",
        meta: meta("2026-08-03T15:30:00+00:00"),
        status: "final",
        category: [concept("vital-signs", "Vital Signs", OBSERVATION_CATEGORY)],
        code: concept("29893006", "Peak expiratory flow rate"),
        subject: subject(jane),
        effectiveDateTime: "2026-08-03T15:22:00+01:00",
        valueQuantity: { value: 320, unit: "L/min", system: UCUM, code: "L/min" },
      },
    ],
    Procedure: [
      {
        resourceType: "Procedure",
        id: "9e8d7c6b-0001-4a1b-8c2d-appendix0001",
        meta: meta("2026-01-11T16:40:00+00:00"),
        status: "completed",
        code: concept("80146002", "Appendicectomy"),
        subject: subject(jane),
        performedDateTime: "2021-05-17",
      },
    ],
    MedicationStatement: [
      {
        resourceType: "MedicationStatement",
        id: "5d4c3b2a-0001-4e5f-9a8b-metformin001",
        meta: meta("2026-10-01T09:05:00+00:00"),
        status: "active",
        medicationCodeableConcept: concept("325278007", "Metformin 500mg tablets"),
        subject: subject(oliver),
        effectivePeriod: { start: "2012-11-10" },
        dateAsserted: "2026-10-01",
        dosage: [{ text: "One tablet twice a day with meals" }],
      },
      {
        resourceType: "MedicationStatement",
        id: "5d4c3b2a-0002-4e5f-9a8b-amlodipine01",
        meta: meta("2026-10-01T09:05:00+00:00"),
        status: "active",
        medicationCodeableConcept: concept("319283006", "Amlodipine 5mg tablets"),
        subject: subject(oliver),
        effectivePeriod: { start: "2016-07-25" },
        dateAsserted: "2026-10-01",
        dosage: [{ text: "One tablet once a day" }],
      },
    ],
    MedicationRequest: [
      {
        resourceType: "MedicationRequest",
        id: "7a6b5c4d-0001-4e3f-8a9b-metformin-r1",
        meta: meta("2026-04-02T11:20:00+00:00"),
        status: "active",
        intent: "plan",
        medicationCodeableConcept: concept("325278007", "Metformin 500mg tablets"),
        subject: subject(oliver),
        authoredOn: "2026-04-02",
        courseOfTherapyType: concept("R", "Repeat", PRESCRIPTION_TYPE_SYSTEM),
        dosageInstruction: [{ text: "One tablet twice a day with meals" }],
        dispenseRequest: { numberOfRepeatsAllowed: 6, quantity: { value: 112, unit: "tablet" } },
      },
      {
        resourceType: "MedicationRequest",
        id: "7a6b5c4d-0002-4e3f-8a9b-metformin-i1",
        meta: meta("2026-10-01T09:05:00+00:00"),
        status: "completed",
        intent: "order",
        medicationCodeableConcept: concept("325278007", "Metformin 500mg tablets"),
        subject: subject(oliver),
        authoredOn: "2026-10-01",
        courseOfTherapyType: concept("R", "Repeat", PRESCRIPTION_TYPE_SYSTEM),
        dosageInstruction: [{ text: "One tablet twice a day with meals" }],
        dispenseRequest: { quantity: { value: 112, unit: "tablet" } },
      },
      {
        resourceType: "MedicationRequest",
        id: "7a6b5c4d-0003-4e3f-8a9b-salbutamol-r",
        meta: meta("2026-02-14T11:00:00+00:00"),
        status: "active",
        intent: "plan",
        medicationCodeableConcept: concept("320176004", "Salbutamol 100micrograms/dose inhaler CFC free"),
        subject: subject(jane),
        authoredOn: "2026-02-14",
        courseOfTherapyType: concept("R", "Repeat", PRESCRIPTION_TYPE_SYSTEM),
        dosageInstruction: [{ text: "Two puffs when required for breathlessness" }],
        dispenseRequest: { numberOfRepeatsAllowed: 3, quantity: { value: 200, unit: "dose" } },
      },
    ],
    Immunization: [
      {
        resourceType: "Immunization",
        id: "3c2b1a09-0001-4d8e-9f7a-influenza-25",
        meta: meta("2025-10-14T13:10:00+00:00"),
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
        resourceType: "Flag",
        id: "f1a2b3c4-0001-4d5e-8f9a-anaphylaxis1",
        meta: meta("2026-03-02T08:05:00+00:00"),
        status: "active",
        category: [concept("clinical", "Clinical", "http://terminology.hl7.org/CodeSystem/flag-category")],
        code: { text: "Anaphylaxis risk: carries an adrenaline auto-injector" },
        subject: subject(oliver),
        period: { start: "1994-08-20" },
      },
    ],
    FamilyMemberHistory: [
      {
        resourceType: "FamilyMemberHistory",
        id: "e5f6a7b8-0001-4c3d-9e2f-father000001",
        meta: meta("2026-05-20T09:45:00+00:00"),
        status: "completed",
        patient: subject(oliver),
        date: "2016-07-18",
        relationship: concept("FTH", "father", "http://terminology.hl7.org/CodeSystem/v3-RoleCode"),
        condition: [{ code: concept("22298006", "Myocardial infarction"), onsetString: "age 61" }],
      },
    ],
    QuestionnaireResponse: [
      {
        resourceType: "QuestionnaireResponse",
        id: "d4e5f6a7-0001-4b8c-9d0e-asthmareview",
        meta: meta("2026-08-03T15:30:00+00:00"),
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
        resourceType: "Encounter",
        id: "8b9c0d1e-0001-4f2a-8b3c-review000001",
        meta: meta("2026-09-15T10:20:00+00:00"),
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
