import {
  evalFhirPath,
  getSearchParameter,
  matchesSearchRequest,
  Operator,
  type SearchRequest,
} from "@medplum/core";
import { loadFhirDefinitions } from "./definitions.js";
import type { StoredResource } from "./store.js";

/** The members of an HL7 SearchParameter the search reads. */
interface SearchParameter {
  /** `token`, `date`, `string`, `reference`, … */
  type?: string;
  /** FHIRPath to the elements the parameter reads. */
  expression?: string;
}

/**
 * FHIR R4 search over in-memory resources. HL7's SearchParameter definitions
 * (their FHIRPath expressions and types) say what each parameter reads; `@medplum/core` evaluates the
 * token, date and uri comparisons (prefixes, precision as ranges, time-zone offsets,
 * `system|code` forms, comma OR, `:missing`); this module adds what an in-memory matcher lacks
 * (number and quantity comparisons, references by bare id, the chained `patient.identifier`,
 * accent-insensitive strings, `:text`, `_sort`,
 * paging, `_include`/`_revinclude`) and refuses everything else by name.
 */

/** What the search reads: every stored resource of a type. */
export interface SearchStore {
  /** Every resource of `type`, in insertion order. */
  all(type: string): StoredResource[];
}

/** A refused or malformed search: answer 400 with an OperationOutcome naming the parameter. */
export interface SearchRefusal {
  /** `false`: the search cannot run. */
  ok: false;
  /** `not-supported` (a parameter or modifier the mock does not implement) or `invalid` (a bad value). */
  code: "not-supported" | "invalid";
  /** The sentence for `OperationOutcome.issue.diagnostics`, naming the parameter. */
  diagnostics: string;
}

/** The result of a search: matches in order, the page, and the included resources. */
export interface SearchPage {
  /** `true`: the search ran. */
  ok: true;
  /** How many resources match (all pages). */
  total: number;
  /** The page's matches, sorted. Empty for `_summary=count`. */
  matches: StoredResource[];
  /** Resources added by `_include` / `_revinclude` for this page (search mode `include`). */
  included: StoredResource[];
  /** Page links: `self` always, `next` and `previous` when there are such pages. */
  links: Array<{
    /** `self`, `next` or `previous`. */
    relation: "self" | "next" | "previous";
    /** The page's absolute URL. */
    url: string;
  }>;
}

/** Parameters about the result, not the matching. `_format` is applied by the HTTP layer. */
const RESULT_PARAMETERS = new Set([
  "_count",
  "_offset",
  "_sort",
  "_summary",
  "_include",
  "_revinclude",
  "_format",
]);
/** Chained parameters the docs use: the patient's identifier (NHS number) through the patient reference. */
const CHAINS = new Set(["identifier"]);
/** The page size when `_count` is not given. */
const DEFAULT_COUNT = 20;

type Clause = (resource: StoredResource) => boolean;

const refuse = (code: SearchRefusal["code"], diagnostics: string): SearchRefusal => ({
  ok: false,
  code,
  diagnostics,
});

/** Lower case without accents: FHIR's default string match ignores both. */
const fold = (text: string) =>
  text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();

/** Every string inside a value (HumanName, Address, plain string): what a string parameter compares. */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

/** The `text` and `display` of CodeableConcepts and Codings: what `:text` compares. */
function codeTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(codeTexts);
  if (!value || typeof value !== "object") return [];
  const v = value as { text?: unknown; display?: unknown; coding?: unknown };
  return [
    ...(typeof v.text === "string" ? [v.text] : []),
    ...(typeof v.display === "string" ? [v.display] : []),
    ...codeTexts(v.coding),
  ];
}

function referencesOf(resource: StoredResource, parameter: SearchParameter): string[] {
  return evalFhirPath(String(parameter.expression), resource)
    .map((value) => (value as { reference?: unknown })?.reference)
    .filter((reference): reference is string => typeof reference === "string");
}

/** `Patient/1` matches `1`, `Patient/1` and an absolute URL ending in `/Patient/1`. */
function referenceMatches(reference: string, wanted: string): boolean {
  if (wanted.includes("/")) return reference === wanted || reference.endsWith(`/${wanted}`);
  return reference.split("/").at(-1) === wanted;
}

function parameterOf(type: string, code: string): SearchParameter | undefined {
  return getSearchParameter(type, code) as SearchParameter | undefined;
}

/** One `name=value` pair of the query as a predicate (values split by comma are ORed). */
function clauseFor(type: string, name: string, value: string, store: SearchStore): Clause | SearchRefusal {
  const [path = "", modifier] = name.split(":", 2) as [string, string | undefined];
  const [code = "", chain] = path.split(".", 2) as [string, string | undefined];
  const parameter = parameterOf(type, code);
  if (!parameter)
    return refuse("not-supported", `The search parameter ${code} is not supported for ${type}.`);
  const values = value.split(/(?<!\\),/).map((part) => part.replaceAll("\\,", ","));
  const expression = String(parameter.expression);

  if (chain !== undefined) {
    if (parameter.type !== "reference" || !CHAINS.has(chain) || modifier !== undefined) {
      return refuse("not-supported", `The chained search parameter ${name} is not supported for ${type}.`);
    }
    const patients = store
      .all("Patient")
      .filter((patient) => matches(patient, "Patient", "identifier", value))
      .map((patient) => `Patient/${patient.id}`);
    return (resource) =>
      referencesOf(resource, parameter).some((ref) => patients.some((want) => referenceMatches(ref, want)));
  }

  if (modifier === "missing") {
    if (value !== "true" && value !== "false") {
      return refuse("invalid", `${name} must be true or false, not ${JSON.stringify(value)}.`);
    }
    return (resource) => (evalFhirPath(expression, resource).length === 0) === (value === "true");
  }

  switch (parameter.type) {
    case "string": {
      if (modifier !== undefined && modifier !== "exact" && modifier !== "contains") {
        return refuse("not-supported", `The modifier :${modifier} of ${code} is not supported.`);
      }
      return (resource) => {
        const have = strings(evalFhirPath(expression, resource));
        return values.some((want) =>
          have.some((text) =>
            modifier === "exact"
              ? text === want
              : modifier === "contains"
                ? fold(text).includes(fold(want))
                : fold(text).startsWith(fold(want)),
          ),
        );
      };
    }
    case "reference": {
      if (modifier !== undefined) {
        return refuse("not-supported", `The modifier :${modifier} of ${code} is not supported.`);
      }
      return (resource) =>
        referencesOf(resource, parameter).some((ref) => values.some((want) => referenceMatches(ref, want)));
    }
    case "token": {
      if (modifier === "text") {
        return (resource) => {
          const have = codeTexts(evalFhirPath(expression, resource)).map(fold);
          return values.some((want) => have.some((text) => text.startsWith(fold(want))));
        };
      }
      if (modifier !== undefined) {
        return refuse("not-supported", `The modifier :${modifier} of ${code} is not supported.`);
      }
      return (resource) => matches(resource, type, code, value);
    }
    case "number":
    case "quantity": {
      if (modifier !== undefined) {
        return refuse("not-supported", `The modifier :${modifier} of ${code} is not supported.`);
      }
      const wanted = values.map((v) => parseNumberSearch(v, parameter.type === "quantity"));
      const invalid = values.find((_, i) => wanted[i] === undefined);
      if (invalid !== undefined)
        return refuse("invalid", `${code}=${invalid} is not a FHIR ${parameter.type} search value.`);
      return (resource) => {
        const have = evalFhirPath(expression, resource);
        return wanted.some((want) => have.some((item) => numberMatches(item, want!)));
      };
    }
    case "date":
    case "uri": {
      if (modifier !== undefined) {
        return refuse("not-supported", `The modifier :${modifier} of ${code} is not supported.`);
      }
      const invalid = parameter.type === "date" ? values.find((v) => !isDateSearchValue(v)) : undefined;
      if (invalid !== undefined)
        return refuse("invalid", `${code}=${invalid} is not a FHIR date search value.`);
      return (resource) => matches(resource, type, code, value);
    }
    default:
      return refuse(
        "not-supported",
        `The search parameter ${code} (type ${parameter.type}) is not supported for ${type}.`,
      );
  }
}

/** A date search value: optional prefix, then a FHIR date or dateTime (any precision). */
function isDateSearchValue(value: string): boolean {
  return /^(eq|ne|gt|lt|ge|le|sa|eb|ap)?\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/.test(
    value,
  );
}

/** A number or quantity search value: prefix, number, and for a quantity its optional `|system|code`. */
interface NumberSearch {
  prefix: string;
  value: number;
  /** Half the unit of the last significant digit: `eq 75` is the range [74.5, 75.5). */
  half: number;
  system?: string;
  code?: string;
}

function parseNumberSearch(text: string, quantity: boolean): NumberSearch | undefined {
  const [number = "", system, code, ...rest] = text.split("|");
  if (rest.length > 0 || (!quantity && system !== undefined)) return undefined;
  const match = /^(eq|ne|gt|lt|ge|le|sa|eb|ap)?(-?\d+(?:\.(\d+))?(?:[eE][+-]?\d+)?)$/.exec(number);
  if (!match) return undefined;
  const decimals = match[3]?.length ?? 0;
  return {
    prefix: match[1] ?? "eq",
    value: Number(match[2]),
    half: 0.5 * 10 ** -decimals,
    ...(system ? { system } : {}),
    ...(code ? { code } : {}),
  };
}

/**
 * FHIR R4's number and quantity comparison (search section 3.1.1.4.2): `eq`/`ne` against the range the
 * value's precision implies, `ap` within 10%, `gt lt ge le` (and `sa`/`eb`) by value; a quantity's
 * `system|code` must match when given (`||code` matches `code` or `unit`).
 */
function numberMatches(item: unknown, want: NumberSearch): boolean {
  const quantity = typeof item === "object" && item !== null ? (item as Record<string, unknown>) : undefined;
  const value = typeof item === "number" ? item : quantity?.value;
  if (typeof value !== "number") return false;
  if (want.system !== undefined && quantity?.system !== want.system) return false;
  if (
    want.code !== undefined &&
    quantity?.code !== want.code &&
    !(want.system === undefined && quantity?.unit === want.code)
  )
    return false;
  const { value: v, half } = want;
  switch (want.prefix) {
    case "ne":
      return value < v - half || value >= v + half;
    case "gt":
    case "sa":
      return value > v;
    case "lt":
    case "eb":
      return value < v;
    case "ge":
      return value >= v;
    case "le":
      return value <= v;
    case "ap":
      return Math.abs(value - v) <= Math.abs(v) * 0.1;
    default:
      return value >= v - half && value < v + half;
  }
}

/** `@medplum/core`'s matcher for one parameter (comma-separated values are ORed there). */
function matches(resource: StoredResource, type: string, code: string, value: string): boolean {
  const prefix = /^(eq|ne|gt|lt|ge|le|sa|eb|ap)(?=\d)/.exec(value)?.[1];
  const operator = prefix ? PREFIXES[prefix]! : Operator.EQUALS;
  const request: SearchRequest = {
    resourceType: type as SearchRequest["resourceType"],
    filters: [{ code, operator, value: prefix ? value.slice(prefix.length) : value }],
  };
  return matchesSearchRequest(resource as Parameters<typeof matchesSearchRequest>[0], request);
}

const PREFIXES: Record<string, Operator> = {
  eq: Operator.EQUALS,
  ne: Operator.NOT_EQUALS,
  gt: Operator.GREATER_THAN,
  lt: Operator.LESS_THAN,
  ge: Operator.GREATER_THAN_OR_EQUALS,
  le: Operator.LESS_THAN_OR_EQUALS,
  sa: Operator.STARTS_AFTER,
  eb: Operator.ENDS_BEFORE,
  ap: Operator.APPROXIMATELY,
};

/** The value a resource sorts by for one parameter: an instant for dates, folded text otherwise. */
function sortValue(resource: StoredResource, parameter: SearchParameter): number | string | undefined {
  const first = evalFhirPath(String(parameter.expression), resource)[0];
  if (first === undefined) return undefined;
  if (parameter.type === "date") {
    const text = typeof first === "string" ? first : (first as { start?: string }).start;
    const time = text ? Date.parse(text.length <= 7 ? `${text}-01`.slice(0, 10) : text) : Number.NaN;
    return Number.isNaN(time) ? undefined : time;
  }
  if (parameter.type === "number" || parameter.type === "quantity") {
    const number = typeof first === "number" ? first : (first as { value?: number }).value;
    return typeof number === "number" ? number : undefined;
  }
  const text = codeTexts(first)[0] ?? strings(first)[0];
  return text === undefined ? undefined : fold(text);
}

function sorter(
  type: string,
  sort: string,
): ((a: StoredResource, b: StoredResource) => number) | SearchRefusal {
  const keys: Array<{ parameter: SearchParameter; descending: boolean }> = [];
  for (const raw of sort.split(",")) {
    const descending = raw.startsWith("-");
    const code = descending ? raw.slice(1) : raw;
    const parameter = parameterOf(type, code);
    if (!parameter || parameter.type === "composite" || parameter.type === "special") {
      return refuse("not-supported", `_sort=${raw}: ${code} is not a sortable search parameter of ${type}.`);
    }
    keys.push({ parameter, descending });
  }
  return (a, b) => {
    for (const { parameter, descending } of keys) {
      const x = sortValue(a, parameter);
      const y = sortValue(b, parameter);
      if (x === y) continue;
      // Resources without the value go last, whichever the direction.
      if (x === undefined) return 1;
      if (y === undefined) return -1;
      const order = x < y ? -1 : 1;
      return descending ? -order : order;
    }
    return 0;
  };
}

/** `_include=Type:param[:Target]` and `_revinclude=Type:param[:Target]`, checked against the definitions. */
function includeSpec(
  name: "_include" | "_revinclude",
  value: string,
  type: string,
): { source: string; parameter: SearchParameter; target?: string } | SearchRefusal {
  const [source = "", code = "", target] = value.split(":");
  if (name === "_include" && source !== type) {
    return refuse("not-supported", `_include=${value}: only ${type}'s own references can be included.`);
  }
  const parameter = parameterOf(source, code);
  if (parameter?.type !== "reference") {
    return refuse(
      "not-supported",
      `${name}=${value}: ${code} is not a reference search parameter of ${source}.`,
    );
  }
  return target ? { source, parameter, target } : { source, parameter };
}

/**
 * Runs a FHIR search of `type` over `store`, reading the query of `url`. Every parameter is applied or
 * the search is refused: unknown parameters, unsupported modifiers (`:in`, `:not`, `:above`, …),
 * unsupported chains and `_summary` other than `count` answer a {@link SearchRefusal} naming them.
 */
export function searchResources(type: string, url: URL, store: SearchStore): SearchPage | SearchRefusal {
  loadFhirDefinitions();
  const query = url.searchParams;
  const clauses: Clause[] = [];
  for (const [name, value] of query) {
    if (RESULT_PARAMETERS.has(name)) continue;
    if (name.startsWith("_") && !parameterOf(type, name.split(":")[0]!)) {
      return refuse("not-supported", `The search parameter ${name} is not supported.`);
    }
    const clause = clauseFor(type, name, value, store);
    if (typeof clause !== "function") return clause;
    clauses.push(clause);
  }
  for (const name of new Set(query.keys())) {
    if (["_count", "_offset", "_sort", "_summary"].includes(name) && query.getAll(name).length > 1) {
      return refuse("invalid", `${name} may be given once.`);
    }
  }
  const summary = query.get("_summary");
  if (summary !== null && summary !== "count") {
    return refuse("not-supported", `_summary=${summary} is not supported (only _summary=count).`);
  }
  const count = readNonNegative(query, "_count", DEFAULT_COUNT);
  const offset = readNonNegative(query, "_offset", 0);
  if (typeof count !== "number") return count;
  if (typeof offset !== "number") return offset;

  let found = store.all(type).filter((resource) => clauses.every((clause) => clause(resource)));
  const sort = query.get("_sort");
  if (sort !== null) {
    const compare = sorter(type, sort);
    if (typeof compare !== "function") return compare;
    found = [...found].sort(compare);
  }
  const page = summary === "count" ? [] : found.slice(offset, offset + count);

  const included: StoredResource[] = [];
  const seen = new Set(page.map((r) => `${r.resourceType}/${r.id}`));
  const add = (resource: StoredResource) => {
    const key = `${resource.resourceType}/${resource.id}`;
    if (!seen.has(key)) {
      seen.add(key);
      included.push(resource);
    }
  };
  for (const name of ["_include", "_revinclude"] as const) {
    for (const value of query.getAll(name)) {
      const spec = includeSpec(name, value, type);
      if ("ok" in spec) return spec;
      if (name === "_include") {
        for (const resource of page) {
          for (const ref of referencesOf(resource, spec.parameter)) {
            const [targetType = "", id] = ref.split("/").slice(-2);
            if (spec.target && spec.target !== targetType) continue;
            const target = store.all(targetType).find((r) => r.id === id);
            if (target) add(target);
          }
        }
      } else {
        for (const candidate of store.all(spec.source)) {
          const refs = referencesOf(candidate, spec.parameter);
          if (page.some((r) => refs.some((ref) => referenceMatches(ref, `${r.resourceType}/${r.id}`)))) {
            add(candidate);
          }
        }
      }
    }
  }

  const links: SearchPage["links"] = [{ relation: "self", url: url.href }];
  const pageUrl = (start: number) => {
    const next = new URL(url);
    next.searchParams.set("_offset", String(start));
    next.searchParams.set("_count", String(count));
    return next.href;
  };
  // `_count=0` asks for the total only: no page follows (a next link would name the same empty page).
  if (summary !== "count" && count > 0 && offset + count < found.length) {
    links.push({ relation: "next", url: pageUrl(offset + count) });
  }
  if (summary !== "count" && offset > 0) {
    links.push({ relation: "previous", url: pageUrl(Math.max(0, offset - count)) });
  }
  return { ok: true, total: found.length, matches: page, included, links };
}

function readNonNegative(query: URLSearchParams, name: string, fallback: number): number | SearchRefusal {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value)) {
    return refuse("invalid", `${name}=${raw} must be a non-negative integer.`);
  }
  return value;
}
