import { fhirJsonSchema, validateFhirResource } from "@caduceus/fhir-mock";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { FhirServer } from "./fhir-server.js";
import { mockPatients, mockResources, NHS_NUMBER_SYSTEM, resourceTypes } from "./fixtures.js";

// The searches below follow the examples of FHIR R4's search page (section 3.1.1: prefixes, precision
// as ranges, token forms, comma OR, modifiers, _sort, _include) on the mock's own data.
const BASE = "https://fhir.example.test/R4";
const oliver = mockPatients.oliverHughes;
const jane = mockPatients.janeSmith;
const BP = "0b5e1a2c-0001-4d3e-9f8a-bp0000000001"; // 2026-09-15T10:12:00+01:00 = 09:12Z
const HBA1C = "0b5e1a2c-0002-4d3e-9f8a-hba1c0000001"; // 2026-09-18T08:40:00+01:00
const WEIGHT = "0b5e1a2c-0003-4d3e-9f8a-weight000001"; // 2026-09-15T10:14:00+01:00 = 09:14Z

const server = () => new FhirServer(BASE, { now: () => Date.UTC(2026, 9, 1) });

function search(path: string, fhir = server()) {
  const [type = "", query = ""] = path.split("?");
  return fhir.search(type as (typeof resourceTypes)[number], new URL(`${BASE}/${type}?${query}`));
}
function ids(path: string, fhir = server()): string[] {
  const result = search(path, fhir);
  if (!result.ok) throw new Error(`search refused: ${result.error.outcome.issue[0]?.diagnostics}`);
  return (result.value.entry ?? [])
    .filter((e) => e.search?.mode === "match")
    .map((e) => String(e.resource?.id));
}
function refusal(path: string): { status: number; diagnostics: string } {
  const result = search(path);
  if (result.ok) throw new Error(`search ran: ${path}`);
  return { status: result.error.status, diagnostics: String(result.error.outcome.issue[0]?.diagnostics) };
}
const obs = (query: string) => ids(`Observation?patient=${oliver.id}&${query}`);

describe("date search: prefixes, precision as ranges, time-zone offsets", () => {
  it("compares instants, honouring the offset (10:12+01:00 is 09:12Z)", () => {
    expect(obs("date=gt2026-09-15T09:13:00Z")).not.toContain(BP);
    expect(obs("date=le2026-09-15T09:12:00Z")).toEqual([BP]);
    expect(obs("date=gt2026-09-15T09:13:00Z").sort()).toEqual([HBA1C, WEIGHT].sort());
  });
  it("treats a day as the range of that day (eq, ne)", () => {
    expect(obs("date=2026-09-15").sort()).toEqual([BP, WEIGHT].sort());
    expect(obs("date=eq2026-09").sort()).toEqual([BP, HBA1C, WEIGHT].sort());
    expect(obs("date=ne2026-09-15")).toEqual([HBA1C]);
  });
  it("supports sa, eb and ap", () => {
    expect(obs("date=sa2026-09-15")).toEqual([HBA1C]);
    expect(obs("date=eb2026-09-16").sort()).toEqual([BP, WEIGHT].sort());
    expect(obs("date=ap2026-09-18")).toContain(HBA1C);
  });
  it("ANDs repeated parameters into a range", () => {
    expect(obs("date=ge2026-09-15&date=lt2026-09-16").sort()).toEqual([BP, WEIGHT].sort());
  });
  it("refuses a value that is not a date", () => {
    expect(refusal(`Observation?patient=${oliver.id}&date=yesterday`)).toMatchObject({ status: 400 });
  });
});

describe("token search", () => {
  it("matches code, system|code, |code and system|", () => {
    expect(obs("code=75367002")).toEqual([BP]);
    expect(obs("code=http://snomed.info/sct|75367002")).toEqual([BP]);
    expect(obs("code=|75367002")).toEqual([]);
    expect(obs("code=http://snomed.info/sct|")).toHaveLength(3);
    expect(obs("code=http://loinc.org|75367002")).toEqual([]);
  });
  it("ORs comma-separated values", () => {
    expect(obs("code=75367002,27113001").sort()).toEqual([BP, WEIGHT].sort());
    const conditions = ids(`Condition?patient=${oliver.id}&clinical-status=active,resolved`);
    expect(conditions).toHaveLength(2);
    expect(ids(`Condition?patient=${oliver.id}&code=44054006,38341003`)).toHaveLength(2);
  });
  it("implements :text on the codes' text and display (case-insensitive starts-with)", () => {
    expect(obs("code:text=blood")).toEqual([BP]);
    expect(obs("code:text=pressure")).toEqual([]);
  });
  it("refuses :in and other modifiers, naming them", () => {
    const refused = refusal(`Observation?patient=${oliver.id}&code:in=http://example.org/vs`);
    expect(refused.status).toBe(400);
    expect(refused.diagnostics).toContain(":in");
    expect(refusal(`Observation?patient=${oliver.id}&code:not=1`).diagnostics).toContain(":not");
  });
});

describe("string search", () => {
  it("defaults to case- and accent-insensitive starts-with; :exact and :contains", () => {
    const fhir = server();
    fhir.data.Patient.push({
      resourceType: "Patient",
      id: "zoe",
      name: [{ family: "Brontë", given: ["Zoë"] }],
    });
    expect(ids("Patient?family=bronte", fhir)).toEqual(["zoe"]);
    expect(ids("Patient?given=ZOE", fhir)).toEqual(["zoe"]);
    expect(ids("Patient?family:exact=Brontë", fhir)).toEqual(["zoe"]);
    expect(ids("Patient?family:exact=bronte", fhir)).toEqual([]);
    expect(ids("Patient?family:contains=ugh", fhir)).toEqual([oliver.id]);
    expect(ids("Patient?family=smi", fhir)).toEqual([jane.id]);
  });
});

describe(":missing, chains, unknown parameters", () => {
  it("supports :missing", () => {
    expect(obs("value-quantity:missing=true")).toEqual([BP]);
    expect(obs("value-quantity:missing=false")).toHaveLength(2);
  });
  it("supports the chained patient.identifier (NHS number)", () => {
    const found = ids(`Observation?patient.identifier=${NHS_NUMBER_SYSTEM}|${oliver.nhsNumber}`);
    expect(found.sort()).toEqual([BP, HBA1C, WEIGHT].sort());
    expect(ids(`Observation?patient.identifier=${NHS_NUMBER_SYSTEM}|0000000000`)).toEqual([]);
  });
  it("refuses unknown parameters, other chains and _summary other than count, naming them", () => {
    expect(refusal(`Observation?patient=${oliver.id}&foo=bar`).diagnostics).toContain("foo");
    expect(refusal(`Observation?patient=${oliver.id}&patient.name=Hughes`).diagnostics).toContain(
      "patient.name",
    );
    expect(refusal(`Observation?patient=${oliver.id}&_summary=true`).diagnostics).toContain("_summary");
    expect(refusal(`Observation?patient=${oliver.id}&_elements=id`).diagnostics).toContain("_elements");
  });
});

describe("result parameters", () => {
  it("sorts by several keys, - for descending", () => {
    expect(obs("_sort=-date")).toEqual([HBA1C, WEIGHT, BP]);
    expect(obs("_sort=date")).toEqual([BP, WEIGHT, HBA1C]);
    // BP and weight share meta.lastUpdated; the second key orders them.
    expect(obs("_sort=-_lastUpdated,-date")).toEqual([HBA1C, WEIGHT, BP]);
    expect(refusal(`Observation?patient=${oliver.id}&_sort=colour`).diagnostics).toContain("colour");
  });
  it("pages with _count and next links that work", () => {
    const fhir = server();
    const seen: string[] = [];
    let next: string | undefined = `${BASE}/Observation?patient=${oliver.id}&_sort=date&_count=2`;
    while (next) {
      const page = fhir.search("Observation", new URL(next));
      if (!page.ok) throw new Error("refused");
      expect(page.value.total).toBe(3);
      seen.push(...(page.value.entry ?? []).map((e) => String(e.resource?.id)));
      next = page.value.link?.find((l) => l.relation === "next")?.url;
    }
    expect(seen).toEqual([BP, WEIGHT, HBA1C]);
  });
  it("answers _summary=count with the total only", () => {
    const result = search(`Observation?patient=${oliver.id}&_summary=count`);
    expect(result.ok && result.value).toMatchObject({ total: 3 });
    expect(result.ok && result.value.entry).toBeUndefined();
  });
  it("includes the patient (_include) and the patient's observations (_revinclude)", () => {
    const included = search(`Observation?patient=${oliver.id}&_include=Observation:patient`);
    const entries = included.ok ? (included.value.entry ?? []) : [];
    expect(entries.filter((e) => e.search?.mode === "include").map((e) => e.resource?.id)).toEqual([
      oliver.id,
    ]);
    const rev = search(`Patient?_id=${jane.id}&_revinclude=Observation:patient`);
    const revEntries = rev.ok ? (rev.value.entry ?? []) : [];
    expect(revEntries.map((e) => `${e.resource?.resourceType}/${e.search?.mode}`)).toEqual([
      "Patient/match",
      "Observation/include",
    ]);
    expect(refusal(`Observation?patient=${oliver.id}&_include=Observation:code`).status).toBe(400);
  });
});

describe("HL7's definitions", () => {
  const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
  const officialSchema = ajv.compile(fhirJsonSchema());

  it("every fixture is valid against HL7's JSON Schema and StructureDefinitions", () => {
    const data = mockResources();
    for (const type of resourceTypes) {
      for (const resource of data[type]) {
        expect(
          officialSchema(resource),
          `${type}/${resource.id}: ${JSON.stringify(officialSchema.errors)}`,
        ).toBe(true);
        expect(validateFhirResource(resource), `${type}/${resource.id}`).toEqual([]);
      }
    }
  });

  it("every search answer (and an error answer) is a valid Bundle or OperationOutcome", () => {
    for (const type of resourceTypes) {
      const query = type === "MedicationRequest" ? "intent=order,plan" : "";
      const patient = type === "Patient" ? "" : `patient=${oliver.id}&`;
      const result = search(
        `${type}?${patient}${query}&_include=${type}:${type === "Patient" ? "general-practitioner" : "patient"}`,
      );
      const answer = result.ok ? result.value : result.error.outcome;
      expect(officialSchema(answer), `${type}: ${JSON.stringify(officialSchema.errors)}`).toBe(true);
    }
    const refused = search(`Observation?patient=${oliver.id}&foo=bar`);
    expect(refused.ok).toBe(false);
    expect(officialSchema(refused.ok ? refused.value : refused.error.outcome)).toBe(true);
  });

  it("the mock rejects invalid writes with a 400 OperationOutcome naming the element", () => {
    const fhir = server();
    const badStatus = fhir.create("Observation", {
      resourceType: "Observation",
      status: "done",
      code: { text: "x" },
      subject: { reference: `Patient/${oliver.id}` },
    });
    expect(badStatus.ok).toBe(false);
    if (!badStatus.ok) {
      expect(badStatus.error.status).toBe(400);
      expect(JSON.stringify(badStatus.error.outcome)).toContain("Observation.status");
    }
    const twoSubjects = fhir.create("Observation", {
      resourceType: "Observation",
      status: "final",
      code: { text: "x" },
      subject: { reference: `Patient/${oliver.id}` },
      valueColour: "red",
    });
    expect(twoSubjects.ok).toBe(false);
    if (!twoSubjects.ok) expect(JSON.stringify(twoSubjects.error.outcome)).toContain("valueColour");
  });
});
