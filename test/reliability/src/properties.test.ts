import { isAuthConfigError, isCaduceusError, parseRetryAfter } from "@caduceus/auth-core";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { betrayingForms, LeakScanner } from "./harness/canary.js";
import { get, type Rig, rig } from "./harness/fake-rig.js";
import { textOf } from "./harness/kit.js";
import type { Answer } from "./harness/loopback.js";
import { saveResults } from "./harness/report.js";
import { type Creds, makeCreds, VENDOR_SPECS, VENDORS, type VendorId } from "./harness/vendors.js";

/**
 * Property-based attacks (fast-check) through the vendors' public factories, on a fake clock with the
 * vendor served in process: arbitrary token answers, JWT claims, Retry-After values, secrets with odd
 * characters, error bodies that echo the secrets, and arbitrary option values.
 */

const RUNS = Number(process.env.RELIABILITY_RUNS ?? 120);
const summary: string[] = [];
afterAll(() => {
  saveResults("properties-1", {
    order: 1,
    markdown: ["| property | runs | result |", "|---|---|---|", ...summary].join("\n"),
  });
});
/** Checks `property` on `runs` generated cases, then records it as a row of the report. */
async function holds<Ts>(
  name: string,
  runs: number,
  property: fc.IAsyncProperty<Ts> | fc.IProperty<Ts>,
): Promise<void> {
  await fc.assert(property, { numRuns: runs });
  summary.push(`| ${name} | ${runs} | ✓ |`);
}

function leaksOf(r: Rig, values: unknown[]): string[] {
  const scanner = new LeakScanner();
  for (const field of r.sim.spec.secretFields) scanner.watch(field, r.creds[field]);
  for (const token of r.sim.issued.keys()) scanner.watch("token", token);
  for (const [index, value] of values.entries()) scanner.add(`value ${index}`, value);
  for (const event of r.events) scanner.add(`event ${event.type}`, event);
  return scanner.findings();
}

const vendorArb = fc.constantFrom(...VENDORS);

/** Field values a token answer may hold, sane and not. */
const oddValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
);
const tokenText = fc.stringMatching(/^[A-Za-z0-9._~+/=-]{1,60}$/);

describe("properties", () => {
  it("any 200 token answer ends in a token that is used as given, or a typed error; never a crash or a leak", async () => {
    await holds(
      "any 200 token answer → token used as given, or TokenResponseError/TokenRequestError; no leak",
      RUNS * 2,
      fc.asyncProperty(
        vendorArb,
        fc.record(
          {
            accessToken: fc.oneof(tokenText, oddValue),
            tokenType: fc.oneof(fc.constantFrom("Bearer", "bearer", "BEARER", "mac", ""), oddValue),
            expiresIn: fc.oneof(
              fc.integer({ min: -10, max: 10 ** 13 }),
              fc.double(),
              fc.string({ maxLength: 8 }),
              oddValue,
            ),
          },
          { requiredKeys: [] },
        ),
        fc.oneof(fc.constant(undefined), fc.constant(false), fc.string({ maxLength: 4 })),
        async (vendor, fields, successOverride) => {
          const r = rig(vendor);
          const omit = (["accessToken", "tokenType", "expiresIn"] as const).filter(
            (name) => !(name in fields),
          );
          r.sim.tokenScript.push({
            issue: { ...fields, omit },
            reshape(answer) {
              if (vendor !== "parchment" || successOverride === undefined) return answer;
              const body = JSON.parse(textOf(answer)) as Record<string, unknown>;
              body.success = successOverride;
              return { ...answer, body: JSON.stringify(body) };
            },
          });
          // The API accepts whatever token the client sends, and records it.
          const seen: string[] = [];
          r.sim.apiScript.push((request) => {
            seen.push(request.headers.authorization ?? "");
            return { status: 200, headers: { "content-type": "application/json" }, body: "{}" };
          });
          const result = await get(r);
          if (result.error !== undefined) {
            expect(isCaduceusError(result.error), String(result.error)).toBe(true);
            expect(["TokenResponseError", "TokenRequestError"]).toContain((result.error as Error).name);
          } else {
            expect(result.status).toBe(200);
            expect(typeof fields.accessToken).toBe("string");
            expect(seen).toEqual([`Bearer ${fields.accessToken}`]);
          }
          expect(leaksOf(r, [result.error])).toEqual([]);
        },
      ),
    );
  });

  it("a well-formed token answer is always accepted, with the shortest lifetime", async () => {
    await holds(
      "well-formed token answer → accepted, lifetime = min(expires_in, documented cap)",
      RUNS,
      fc.asyncProperty(
        vendorArb,
        tokenText,
        fc.constantFrom("Bearer", "bearer", undefined),
        fc.oneof(
          fc.integer({ min: 1, max: 10 * 365 * 24 * 3600 }),
          fc.integer({ min: 1, max: 100_000 }).map(String),
        ),
        async (vendor, token, tokenType, expiresIn) => {
          const r = rig(vendor);
          r.sim.tokenScript.push({
            issue: {
              accessToken: token,
              tokenType,
              expiresIn,
              ...(tokenType === undefined ? { omit: ["tokenType"] } : {}),
            },
          });
          r.sim.apiScript.push({ status: 200, headers: { "content-type": "application/json" }, body: "{}" });
          const result = await get(r);
          expect(result.error).toBeUndefined();
          const obtained = r.events.find((event) => event.type === "token.obtained");
          const caps: Record<VendorId, number> = {
            xcures: Infinity,
            parchment: 3600,
            carecentric: Infinity,
            candid: 18_000,
            arzamed: 3600,
          };
          // xCures sends no expires_in: the answer field is ignored by its shape only if absent; here it is present.
          const expected = Math.min(Number(expiresIn), caps[vendor]) * 1000;
          expect(obtained?.type === "token.obtained" && obtained.lifetimeMs).toBe(expected);
        },
      ),
    );
  });

  it("any JWT claims: a sane lifetime, one token request for many calls, refreshed before it is used past its life", async () => {
    const claim = fc.oneof(
      fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
      fc.double(),
      fc.string({ maxLength: 6 }),
      fc.constant(null),
      fc.constant(undefined),
    );
    await holds(
      "any JWT exp/iat (or none, or malformed) → lifetime null or > 0, 1 token request for 3 calls, never used past its life",
      RUNS,
      fc.asyncProperty(
        fc.constantFrom<VendorId>("xcures", "carecentric"),
        fc.record({ expDelta: claim, iatDelta: claim }),
        fc.constantFrom("json", "garbage-payload", "two-parts", "bad-base64"),
        async (vendor, { expDelta, iatDelta }, shape) => {
          const r = rig(vendor);
          const now = Math.floor(r.clock.now() / 1000);
          const claims: Record<string, unknown> = { sub: "x" };
          if (expDelta !== undefined) claims.exp = typeof expDelta === "number" ? now + expDelta : expDelta;
          if (iatDelta !== undefined) claims.iat = typeof iatDelta === "number" ? now + iatDelta : iatDelta;
          const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
          const jwt =
            shape === "json"
              ? `${encode({ alg: "none" })}.${encode(claims)}.sig`
              : shape === "garbage-payload"
                ? `${encode({ alg: "none" })}.${Buffer.from("{not json").toString("base64url")}.sig`
                : shape === "two-parts"
                  ? `${encode({ alg: "none" })}.${encode(claims)}`
                  : `${encode({ alg: "none" })}.%%%.sig`;
          // xCures and CareCentric (client credentials) send no expires_in: the JWT alone decides.
          r.sim.tokenScript.push({ issue: { accessToken: jwt, omit: ["expiresIn"] } });
          r.sim.apiScript.push(
            ...Array.from({ length: 3 }, () => ({
              status: 200,
              headers: { "content-type": "application/json" },
              body: "{}",
            })),
          );
          for (let i = 0; i < 3; i++) expect((await get(r)).status).toBe(200);
          expect(r.sim.tokenRequestCount).toBe(1);
          const obtained = r.events.find((event) => event.type === "token.obtained");
          if (obtained?.type !== "token.obtained") throw new Error("no token.obtained event");
          const life = obtained.lifetimeMs;
          expect(life === null || (Number.isFinite(life) && life > 0)).toBe(true);
          if (life !== null && life < 30 * 24 * 3600_000) {
            // Past its life the token is never sent again: the next call gets a new one first.
            await r.clock.advance(life);
            r.sim.tokenScript.push({ issue: { accessToken: `fresh${jwt.length}`, omit: ["expiresIn"] } });
            const seen: string[] = [];
            r.sim.apiScript.push((request) => {
              seen.push(request.headers.authorization ?? "");
              return { status: 200, headers: { "content-type": "application/json" }, body: "{}" };
            });
            expect((await get(r)).status).toBe(200);
            expect(seen[0]).not.toBe(`Bearer ${jwt}`);
          }
        },
      ),
    );
  });

  it("any Retry-After: parsed to a finite delay or ignored; the call waits at least that long or fails at once, never past timeoutMs", async () => {
    const retryAfter = fc.oneof(
      fc.nat({ max: 120 }).map(String),
      fc.double({ min: -5, max: 200, noNaN: true }).map(String),
      fc
        .integer({ min: -60, max: 90_000 })
        .map((seconds) => new Date(Date.UTC(2026, 0, 1) + seconds * 1000).toUTCString()),
      fc.string({ maxLength: 30 }),
      fc.constantFrom(
        "",
        " 3 ",
        "1e3",
        "0x10",
        "Infinity",
        "-1",
        "99999999999999999999999",
        "Wed, 21 Oct 2015 07:28:00 GMT",
      ),
    );
    await holds(
      "any Retry-After / retry-after-ms value → waited ≥ the parsed delay, or failed at once; never past timeoutMs",
      RUNS,
      fc.asyncProperty(vendorArb, retryAfter, fc.boolean(), async (vendor, value, asMs) => {
        const headerName = asMs ? "retry-after-ms" : "retry-after";
        const parsed = parseRetryAfter(new Headers({ [headerName]: value }), Date.UTC(2026, 0, 1));
        expect(parsed === undefined || (Number.isInteger(parsed) && parsed >= 0)).toBe(true);
        const timeoutMs = 30_000;
        const r = rig(vendor, {}, timeoutMs);
        const answer = r.sim.spec.tokenError(429, "rate_limited", "Slow down");
        r.sim.tokenScript.push({
          ...answer,
          headers: { ...answer.headers, [headerName]: value },
        } satisfies Answer);
        const started = r.clock.now();
        const result = await get(r);
        const waited = r.clock.now() - started;
        expect(waited).toBeLessThanOrEqual(timeoutMs + 100);
        if (result.error === undefined) {
          expect(r.sim.tokenRequestCount).toBe(2);
          if (parsed !== undefined) expect(waited).toBeGreaterThanOrEqual(Math.min(parsed, 60_000) - 50);
        } else {
          expect((result.error as Error).name).toBe("TokenRequestError");
          expect((result.error as { status?: number }).status).toBe(429);
        }
      }),
    );
  });

  it("secrets with odd characters travel exactly, and an error body echoing them leaks nothing", async () => {
    const secret = fc
      .string({
        unit: fc.oneof(
          fc.constantFrom(":", "%", "+", " ", "&", "=", '"', "\\", "/", "ü", "€", "😀", "\u00a0", "[", "]"),
          fc.string({ minLength: 1, maxLength: 1 }),
        ),
        minLength: 8,
        maxLength: 40,
      })
      .filter((value) => value.trim() === value && !/[\u0000-\u001f\u007f]/.test(value));
    await holds(
      "secrets with odd characters → sent exactly; vendor error bodies echoing them (raw, URL, form, base64, headers, body) → no leak",
      RUNS * 2,
      fc.asyncProperty(
        vendorArb,
        secret,
        fc.constantFrom("raw", "uri", "form", "base64", "authorization", "body", "all"),
        async (vendor, value, echo) => {
          const override: Partial<Creds> = {};
          for (const field of VENDOR_SPECS[vendor].secretFields) override[field] = `${value}#${field}`;
          let r: Rig;
          try {
            r = rig(vendor, override);
          } catch (error) {
            // Only headers cannot carry every character (Parchment's secrets, CareCentric's key).
            expect(isAuthConfigError(error), String(error)).toBe(true);
            const scanner = new LeakScanner();
            for (const field of VENDOR_SPECS[vendor].secretFields) scanner.watch(field, override[field]!);
            scanner.add("config error", error);
            expect(scanner.findings()).toEqual([]);
            return;
          }
          // First: the secrets reach the token endpoint exactly (the simulation checks every credential).
          r.sim.apiScript.push({ status: 200, headers: { "content-type": "application/json" }, body: "{}" });
          expect((await get(r)).status).toBe(200);
          expect(r.sim.violations).toEqual([]);
          // Then: a fresh client whose token endpoint answers 400 echoing them.
          const r2 = rig(vendor, override);
          r2.sim.tokenScript.push((request) => {
            const secrets = r2.sim.spec.secretFields.map((field) => r2.creds[field]);
            const forms: Record<string, string[]> = {
              raw: secrets,
              uri: secrets.map(encodeURIComponent),
              form: secrets.map((s) => new URLSearchParams({ s }).toString().slice(2)),
              base64: secrets.map((s) => Buffer.from(s).toString("base64")),
              authorization: [request.headers.authorization ?? "", ...Object.values(request.headers)],
              body: [new TextDecoder().decode(request.body)],
            };
            const text = echo === "all" ? Object.values(forms).flat().join(" ") : forms[echo]!.join(" ");
            // Header values carry Latin-1 only: the request id echoes the text there when it can.
            const requestId = /^[\u0020-\u007e\u00a0-\u00ff]*$/.test(text) ? text : undefined;
            return r2.sim.spec.tokenError(
              400,
              `invalid ${text}`.slice(0, 500),
              `Bad credentials: ${text}`,
              requestId,
            );
          });
          const result = await get(r2);
          expect(result.error).toBeDefined();
          expect(leaksOf(r2, [result.error])).toEqual([]);
        },
      ),
    );
  });

  it("any option value: a client, or an AuthConfigError naming that option; never another exception, never a secret in it", async () => {
    const names: Record<VendorId, string[]> = {
      xcures: ["clientId", "clientSecret", "projectId"],
      parchment: [
        "partnerId",
        "partnerSecret",
        "organizationId",
        "organizationSecret",
        "userId",
        "scope",
        "environment",
      ],
      carecentric: ["clientId", "clientSecret", "username", "password", "scope", "subscriptionKey"],
      candid: ["clientId", "clientSecret", "environment", "preEncounterBaseUrl"],
      arzamed: ["clientId", "clientSecret", "scope", "environment"],
    };
    const common = [
      "baseUrl",
      "tokenUrl",
      "timeoutMs",
      "maxRetries",
      "allowInsecureHttp",
      "dangerouslyAllowBrowser",
      "fetch",
      "tokenStore",
      "clock",
      "onEvent",
      "headers",
    ];
    const value = fc.oneof(
      fc.anything({
        withBigInt: true,
        withDate: true,
        withMap: true,
        withSet: true,
        withNullPrototype: true,
        withTypedArray: true,
      }),
      fc.constantFrom(
        "",
        " ",
        "http://example.com/",
        "https://u:p@example.com/",
        "ftp://x/",
        "javascript:alert(1)",
        "not a url",
        NaN,
        -1,
        1.5,
        Infinity,
        2 ** 31,
        "1000",
        "a\nb",
        "\ud800",
        "😀",
        [],
        {},
        () => {},
      ),
    );
    const scenario = fc
      .constantFrom(...VENDORS)
      .chain((vendor) => fc.tuple(fc.constant(vendor), fc.constantFrom(...names[vendor], ...common), value));
    await holds(
      "any value for any option → a client or an AuthConfigError naming that option, with no secret in it",
      RUNS * 4,
      fc.property(scenario, ([vendor, name, bad]) => {
        const spec = VENDOR_SPECS[vendor];
        const creds = makeCreds(vendor, "opts");
        const secrets = spec.secretFields.map((field) => creds[field]);
        const options = optionsOf(vendor, creds);
        options[name] = bad;
        try {
          (spec.factory as (o: unknown) => unknown)(options);
        } catch (error) {
          expect(isAuthConfigError(error), `${vendor}.${name}=${fc.stringify(bad)}: ${String(error)}`).toBe(
            true,
          );
          const option = (error as { option: string }).option;
          expect(
            option === name || option.startsWith(`${name}[`) || option.startsWith(`${name}.`),
            `${vendor}.${name} reported as ${option}`,
          ).toBe(true);
          const text = [String(error), JSON.stringify(error), (error as Error).stack].join("\n");
          for (const secret of secrets)
            for (const form of betrayingForms(secret)) expect(text.includes(form)).toBe(false);
        }
      }),
    );
  });
});

/** A valid options object for `vendor`, as a mutable record. */
function optionsOf(vendor: VendorId, c: Creds): Record<string, unknown> {
  const base = "https://vendor.example.test";
  switch (vendor) {
    case "xcures":
      return { clientId: c.clientId, clientSecret: c.clientSecret, projectId: c.projectId };
    case "parchment":
      return {
        partnerId: c.partnerId,
        partnerSecret: c.partnerSecret,
        organizationId: c.organizationId,
        organizationSecret: c.organizationSecret,
        userId: c.userId,
        scope: ["read:patient"],
      };
    case "carecentric":
      return {
        clientId: c.clientId,
        clientSecret: c.clientSecret,
        username: c.username,
        password: c.password,
        subscriptionKey: c.subscriptionKey,
        baseUrl: `${base}/R4`,
      };
    case "candid":
      return { clientId: c.clientId, clientSecret: c.clientSecret };
    case "arzamed":
      return { clientId: c.clientId, clientSecret: c.clientSecret, tokenUrl: `${base}/token` };
  }
}
