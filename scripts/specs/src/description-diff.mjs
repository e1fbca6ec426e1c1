// @ts-check
import { diffFingerprints, operationFingerprints } from "./fingerprint.mjs";
import { canonicalJson } from "./hash.mjs";

/**
 * @typedef {object} DescriptionDiff
 * @property {import("./fingerprint.mjs").Drift} operations "METHOD /path" added, removed, changed
 * @property {import("./fingerprint.mjs").Drift} schemas component schema names added, removed, changed
 * @property {string[]} breaking likely breaking changes for callers, one sentence each
 */

/**
 * Compares two versions of a description: which operations and component schemas were added, removed
 * or changed, and which changes likely break callers (an operation or field removed, a field or
 * parameter newly required, an enum value removed).
 *
 * @param {Record<string, any>} before
 * @param {Record<string, any>} after
 * @returns {DescriptionDiff}
 */
export function compareDescriptions(before, after) {
  const operations = diffFingerprints(operationFingerprints(before), operationFingerprints(after));
  const oldSchemas = before.components?.schemas ?? {};
  const newSchemas = after.components?.schemas ?? {};
  const schemas = {
    added: Object.keys(newSchemas)
      .filter((name) => !(name in oldSchemas))
      .sort(),
    removed: Object.keys(oldSchemas)
      .filter((name) => !(name in newSchemas))
      .sort(),
    changed: Object.keys(newSchemas)
      .filter(
        (name) => name in oldSchemas && canonicalJson(oldSchemas[name]) !== canonicalJson(newSchemas[name]),
      )
      .sort(),
  };
  /** @type {string[]} */
  const breaking = operations.removed.map((operation) => `operation ${operation} removed`);
  for (const name of schemas.removed) breaking.push(`schema ${name} removed`);
  for (const name of schemas.changed) {
    breaking.push(
      ...schemaBreaks(`schema ${name}`, flatten(before, oldSchemas[name]), flatten(after, newSchemas[name])),
    );
  }
  for (const key of Object.keys(operationFingerprints(after))) {
    if (!operations.changed.includes(key)) continue;
    const [method = "", path = ""] = key.split(" ");
    const oldOperation = before.paths?.[path]?.[method.toLowerCase()];
    const newOperation = after.paths?.[path]?.[method.toLowerCase()];
    breaking.push(...parameterBreaks(key, oldOperation?.parameters ?? [], newOperation?.parameters ?? []));
  }
  return { operations, schemas, breaking };
}

/**
 * @param {string} where
 * @param {{ properties: Record<string, any>, required: Set<string>, enum: unknown[] | undefined }} before
 * @param {{ properties: Record<string, any>, required: Set<string>, enum: unknown[] | undefined }} after
 * @returns {string[]}
 */
function schemaBreaks(where, before, after) {
  const out = [];
  for (const property of Object.keys(before.properties)) {
    if (!(property in after.properties)) out.push(`${where}: field ${property} removed`);
  }
  for (const property of after.required) {
    if (!before.required.has(property)) {
      out.push(
        `${where}: field ${property} ${property in before.properties ? "newly required" : "added as required"}`,
      );
    }
  }
  for (const value of before.enum ?? []) {
    if (!(after.enum ?? []).includes(value))
      out.push(`${where}: enum value ${JSON.stringify(value)} removed`);
  }
  for (const [property, schema] of Object.entries(before.properties)) {
    const removed = (schema?.enum ?? []).filter(
      (/** @type {unknown} */ value) => !(after.properties[property]?.enum ?? [value]).includes(value),
    );
    for (const value of removed)
      out.push(`${where}: field ${property}: enum value ${JSON.stringify(value)} removed`);
  }
  return out;
}

/**
 * @param {string} operation
 * @param {any[]} before
 * @param {any[]} after
 */
function parameterBreaks(operation, before, after) {
  const key = (/** @type {any} */ parameter) => `${parameter.in} ${parameter.name}`;
  const old = new Map(before.map((parameter) => [key(parameter), parameter]));
  const out = [];
  for (const parameter of after) {
    const previous = old.get(key(parameter));
    if (parameter.required && !previous?.required) {
      out.push(
        `operation ${operation}: ${parameter.in} parameter ${parameter.name} ${previous ? "newly required" : "added as required"}`,
      );
    }
  }
  const current = new Set(after.map(key));
  for (const parameter of before) {
    if (!current.has(key(parameter)))
      out.push(`operation ${operation}: ${parameter.in} parameter ${parameter.name} removed`);
  }
  return out;
}

/**
 * An object schema's own and inherited (allOf, local $ref) properties, required names and enum.
 *
 * @param {Record<string, any>} doc
 * @param {Record<string, any>} schema
 * @returns {{ properties: Record<string, any>, required: Set<string>, enum: unknown[] | undefined }}
 */
function flatten(doc, schema, seen = new Set()) {
  /** @type {{ properties: Record<string, any>, required: Set<string>, enum: unknown[] | undefined }} */
  const out = {
    properties: {},
    required: new Set(),
    enum: Array.isArray(schema?.enum) ? schema.enum : undefined,
  };
  if (!schema || typeof schema !== "object") return out;
  if (typeof schema.$ref === "string") {
    if (seen.has(schema.$ref)) return out;
    seen.add(schema.$ref);
    const name = schema.$ref.replace("#/components/schemas/", "");
    return flatten(doc, doc.components?.schemas?.[name], seen);
  }
  for (const part of schema.allOf ?? []) {
    const inner = flatten(doc, part, seen);
    Object.assign(out.properties, inner.properties);
    for (const name of inner.required) out.required.add(name);
  }
  Object.assign(out.properties, schema.properties ?? {});
  for (const name of schema.required ?? []) out.required.add(name);
  return out;
}
