// Every `@example` of the official SDK (`candidhealth` 1.33.0, a test-only dependency: Candid's own example
// data, read from the installed package at test time) is run through the SDK's client against the mock,
// then the same request through this package's client: the mock accepts what the SDK sends, the request
// is one operation of our description on its host, its body is valid against that operation's schema,
// and our client sends the same request for the same path parameters, query and body.
import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import * as candidhealth from "candidhealth";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import description from "./generated/openapi.json" with { type: "json" };
import { CANDID_HOSTS, createCandidClient } from "./index.js";
import { recordingFetch, type SentRequest } from "./test-support/recording-fetch.js";
import {
  exampleEvaluator,
  readSdkExamples,
  type SdkExample,
  sdkFolder,
} from "./test-support/sdk-examples.js";
import {
  type IndexedOperation,
  matchOperation,
  type OpenApiDocument,
  resolveRef,
} from "./testing/description.js";
import { createCandidMock } from "./testing/index.js";

/**
 * Examples not run, by SDK method, with the reason. A file upload sends multipart, which this package
 * does not type as JSON; candidhealth 1.33.0 gives its four upload methods no `@example`, so none is
 * named, and a future example of one must be named here (the counts below fail until it is).
 */
const SKIPPED: Record<string, string> = {};

const document = description as unknown as OpenApiDocument;
const lock = JSON.parse(
  readFileSync(new URL("../../../specs/candid/operations.lock.json", import.meta.url), "utf8"),
) as { operations: Record<string, string> };
const examples = readSdkExamples(sdkFolder());

const mock = createCandidMock();
const server = setupServer(...mock.handlers);
const { candidApi: CORE, preEncounter: PRE } = CANDID_HOSTS.production;
const HOST_OF_ORIGIN: Record<string, IndexedOperation["host"]> = {
  [CORE]: "candidApi",
  [PRE]: "preEncounter",
};

type Exchange = { sent: SentRequest; response: Response };
let exchanges: Exchange[] = [];
const record = recordingFetch((sent, response) => exchanges.push({ sent, response }));
const sdk = new candidhealth.CandidApiClient({
  ...mock.credentials,
  environment: candidhealth.CandidApiEnvironment.Production,
  fetch: record,
  maxRetries: 0,
});
// Called by method and template from recorded requests, so untyped here (the types layer is tested elsewhere).
const ours = createCandidClient({ ...mock.credentials, fetch: record }) as unknown as Record<
  string,
  (path: string, init: object) => Promise<unknown>
>;

const keyOf = (operation: IndexedOperation) => `${operation.method} ${operation.template}`;
const sdkMethodsOf = (operation: IndexedOperation): string[] => [
  operation.operation["x-fern-sdk-method"] as string,
  ...((operation.operation["x-fern-sdk-method-aliases"] as string[] | undefined) ?? []),
];
const literalSegments = (template: string) =>
  template.split("/").filter((s) => s && !s.startsWith("{")).length;
const requestMedia = (operation: IndexedOperation) =>
  Object.keys(
    (resolveRef(document, operation.operation.requestBody) as { content?: object } | undefined)?.content ??
      {},
  );

/** The one operation of the description `sent` is for (the most literal template wins), or why none. */
function resolve(sent: SentRequest): { operation: IndexedOperation; path: Record<string, string> } | string {
  const host = HOST_OF_ORIGIN[sent.origin];
  if (!host) return `sent to ${sent.origin}, neither of Candid's production hosts`;
  const matches = mock.api.operations.filter((o) => o.method === sent.method && o.pattern.test(sent.path));
  const best = Math.max(...matches.map((o) => literalSegments(o.template)));
  const top = matches.filter((o) => literalSegments(o.template) === best);
  if (top.length !== 1)
    return `${sent.method} ${sent.path} matches ${top.length} operations: ${top.map(keyOf)}`;
  const operation = top[0]!;
  if (operation.host !== host) return `${keyOf(operation)} is served by ${operation.host}, sent to ${host}`;
  // The mock routes it there too (it matches templates with fewer parameters first).
  const routed = matchOperation(mock.api.operations, host, sent.method, sent.path);
  if (routed?.operation !== operation) return `the mock routes it to ${routed && keyOf(routed.operation)}`;
  return routed;
}

/** The query pairs as openapi-fetch takes them: one value, or a list for a repeated name. */
function queryObject(pairs: [string, string][]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of pairs) {
    const had = out[name];
    out[name] = had === undefined ? value : [had, value].flat();
  }
  return out;
}

// Candid's not-found errors: the request was understood, the example's id is not in the mock's data.
const NOT_FOUND = new Set(["EntityNotFoundError", "NotFoundError"]);

const failures = {
  run: [] as string[],
  mock: [] as string[],
  operation: [] as string[],
  schema: [] as string[],
  ours: [] as string[],
};
const covered = new Set<string>();
let run = 0;

async function runExample(example: SdkExample, evaluate: (example: SdkExample) => unknown[]) {
  const at = (list: string[], why: string) => list.push(`${example.method}: ${why}`);
  const path = example.method.split(".");
  const owner = path.slice(0, -1).reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], sdk);
  const call = (owner as Record<string, unknown> | undefined)?.[path.at(-1)!];
  if (typeof call !== "function") return at(failures.run, "no such method on the SDK's client");
  let args: unknown[];
  try {
    args = evaluate(example);
  } catch (error) {
    return at(
      failures.run,
      `its arguments do not evaluate (a file upload to skip?): ${(error as Error).message}`,
    );
  }
  exchanges = [];
  try {
    await call.apply(owner, args);
  } catch (error) {
    return at(failures.run, `the SDK threw: ${(error as Error).message}`);
  }
  run++;
  // A token request may come first: the example's own request is the last one.
  const last = exchanges.at(-1);
  if (!last) return at(failures.mock, "the SDK sent nothing");
  const { sent, response } = last;
  const answer = await response.text();
  const { status } = response;
  const errorName = /"errorName":"(\w+)"/.exec(answer)?.[1] ?? "";
  if ([400, 405, 415, 422].includes(status) || (status === 404 && !NOT_FOUND.has(errorName))) {
    at(failures.mock, `${sent.method} ${sent.path}: the mock answered ${status} ${answer.slice(0, 300)}`);
  }

  const resolved = resolve(sent);
  if (typeof resolved === "string") return at(failures.operation, resolved);
  const { operation } = resolved;
  if (!sdkMethodsOf(operation).includes(example.method)) {
    at(failures.operation, `resolved to ${keyOf(operation)}, the operation of ${sdkMethodsOf(operation)}`);
  }
  covered.add(keyOf(operation));

  if (sent.body !== undefined && !requestMedia(operation).includes("application/json")) {
    at(failures.schema, `${keyOf(operation)} declares no JSON body (${requestMedia(operation)})`);
  }
  const problems = mock.api.validator.validate(operation, {
    path: resolved.path,
    query: new URLSearchParams(sent.query),
    body: sent.body,
    hasBody: sent.body !== undefined,
    mediaType: "application/json",
  });
  for (const problem of problems) at(failures.schema, `${keyOf(operation)}: ${problem.humanReadableMessage}`);

  exchanges = [];
  const init = {
    params: { path: resolved.path, query: queryObject(sent.query) },
    ...(sent.body === undefined ? {} : { body: sent.body }),
  };
  try {
    await ours[operation.method]!(operation.template, init);
  } catch (error) {
    return at(failures.ours, `our client threw: ${(error as Error).message}`);
  }
  const mine = exchanges.at(-1)?.sent;
  if (!isDeepStrictEqual(mine, sent)) {
    at(
      failures.ours,
      `sent ${JSON.stringify(mine)?.slice(0, 400)}; the SDK sent ${JSON.stringify(sent).slice(0, 400)}`,
    );
  }
}

beforeAll(async () => {
  server.listen({ onUnhandledRequest: "error" });
  const evaluate = exampleEvaluator(candidhealth.CandidApi);
  for (const example of examples) {
    if (!(example.method in SKIPPED)) await runExample(example, evaluate);
  }
}, 120_000);
afterAll(() => server.close());

describe("every @example of the official SDK, sent by the SDK and by this package", () => {
  it("the mock accepts what the SDK sends (no 400, 405, 415, 422, or 404 for an unknown operation)", () => {
    expect(failures.mock).toEqual([]);
  });

  it("each request is exactly one operation of the description, on its host, the example's own", () => {
    expect(failures.operation).toEqual([]);
  });

  it("its parameters and JSON body are valid against that operation's schemas", () => {
    expect(failures.schema).toEqual([]);
  });

  it("this package's client sends the same method, path, query and JSON body", () => {
    expect(failures.ours).toEqual([]);
  });

  it("runs every example but the named skips, and so reaches every operation that has one", () => {
    expect(failures.run).toEqual([]);
    const found = new Set(examples.map((example) => example.method));
    expect(Object.keys(SKIPPED).filter((method) => !found.has(method))).toEqual([]);
    expect(run).toBe(examples.length - Object.keys(SKIPPED).length);

    // The lock lists every operation of candidhealth 1.33.0. Those no example reaches must be the file
    // uploads (multipart bodies: the SDK writes no example for them); every other one has an example,
    // and the run reaches each (two SDK names of one operation make the run one longer than the set).
    const operations = new Map(mock.api.operations.map((operation) => [keyOf(operation), operation]));
    const locked = Object.keys(lock.operations);
    const withExample = locked.filter((key) => sdkMethodsOf(operations.get(key)!).some((m) => found.has(m)));
    const withoutExample = locked.filter((key) => !withExample.includes(key));
    expect(
      withoutExample.filter((key) => !requestMedia(operations.get(key)!).includes("multipart/form-data")),
    ).toEqual([]);
    expect(run).toBeGreaterThanOrEqual(locked.length - withoutExample.length);
    expect([...covered].sort()).toEqual(withExample.sort());
  });
});
