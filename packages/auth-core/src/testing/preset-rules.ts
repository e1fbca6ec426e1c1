import type { TokenPreset, TokenRequestField, TokenResponseField } from "../token/preset.js";
import {
  type ApiGuardOptions,
  createMockChassis,
  type MockOptions,
  type TokenRules,
  type VendorMock,
} from "./mock-chassis.js";

/** What {@link presetTokenRules} needs besides the preset. */
export interface PresetRulesInput {
  /** The vendor's token exchange as data: the mock expects exactly the requests it produces. */
  preset: TokenPreset;
  /** The client credentials the endpoint accepts (besides the mock's tenants'). */
  credentials: {
    /** The accepted client id. */
    clientId: string;
    /** The accepted client secret. */
    clientSecret: string;
  };
  /** Mints a token for a client id (the chassis' `issuer.issue`). */
  issue(subject: string): string;
  /** The `expires_in` to answer, in seconds. */
  lifetimeSeconds(): number;
}

/** RFC 6749's wire name of a field: its snake_case (`grantType` -> `grant_type`, `expiresIn` -> `expires_in`). */
const snakeCase = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** RFC 6749 §5.2 error answer. */
const oauthError = (status: number, error: string, description: string) =>
  Response.json(
    { error, error_description: description },
    { status, headers: { "cache-control": "no-store" } },
  );

/** Sets `value` at a dot-separated `path` of `target`, creating the objects on the way. */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const names = path.split(".");
  let node = target;
  for (const name of names.slice(0, -1)) {
    node[name] ??= {};
    node = node[name] as Record<string, unknown>;
  }
  node[names.at(-1)!] = value;
}

/**
 * Token rules for the client-credentials grant that follow a `TokenPreset`: the body must have the
 * preset's encoding, the client must authenticate as the preset says (HTTP Basic decoded per RFC 6749
 * §2.3.1 with no secret in the body, or id and secret in the body under the preset's field names), and
 * the answer uses the preset's response shape (envelope, data path, field names). A new vendor's mock
 * is the chassis configured by its preset, so filling the preset in keeps the mock in step; it then
 * grows into the vendor's own rules. Errors are RFC 6749 §5.2 JSON.
 *
 * @example
 * ```ts
 * const token = chassis.tokenEndpoint(presetTokenRules({
 *   preset: { vendor: "Acme", encoding: "form", clientAuthentication: "basic" },
 *   credentials: { clientId: "id", clientSecret: "secret" },
 *   issue: chassis.issuer.issue, lifetimeSeconds: () => chassis.issuer.lifetimeSeconds,
 * }));
 * ```
 */
export function presetTokenRules(input: PresetRulesInput): TokenRules {
  const { preset } = input;
  const field = (name: TokenRequestField) =>
    preset.requestFields?.[name] === undefined ? snakeCase(name) : preset.requestFields[name];
  const answerField = (name: TokenResponseField) => preset.response?.fields?.[name] ?? snakeCase(name);
  return ({ body, record, credentialsOf }) => {
    const credentials = credentialsOf(input.credentials);
    if (body.encoding !== preset.encoding || !body.wellFormed) {
      return oauthError(
        400,
        "invalid_request",
        `The body must be ${preset.encoding === "json" ? "a JSON object" : "a form"}.`,
      );
    }
    const grantField = field("grantType");
    if (grantField !== null && body.fields[grantField] !== "client_credentials") {
      return oauthError(400, "unsupported_grant_type", `${grantField} must be client_credentials.`);
    }
    const idField = field("clientId");
    const secretField = field("clientSecret");
    const presented =
      preset.clientAuthentication === "basic"
        ? secretField !== null && body.fields[secretField] !== undefined
          ? undefined // RFC 6749 §2.3: one client authentication method per request
          : record.basic
        : preset.clientAuthentication === "body" && idField !== null && secretField !== null
          ? { clientId: body.fields[idField], clientSecret: body.fields[secretField] }
          : credentials; // "none": the credentials travel in vendor headers this generic mock cannot know
    if (presented?.clientId !== credentials.clientId || presented.clientSecret !== credentials.clientSecret) {
      return oauthError(401, "invalid_client", "Client authentication failed.");
    }
    const answer: Record<string, unknown> = {};
    const data: Record<string, unknown> = {
      [answerField("accessToken")]: input.issue(credentials.clientId),
      [answerField("tokenType")]: "Bearer",
      [answerField("expiresIn")]: input.lifetimeSeconds(),
    };
    if (preset.response?.successPath) setPath(answer, preset.response.successPath, true);
    if (preset.response?.dataPath) setPath(answer, preset.response.dataPath, data);
    else Object.assign(answer, data);
    return Response.json(answer, { headers: { "cache-control": "no-store" } });
  };
}

/** A generic API guard: a live bearer token, else 401 `{error: "invalid_token"}` (RFC 6750 §3.1). */
export const bearerGuardRules: ApiGuardOptions = {
  unauthorized: () =>
    Response.json(
      { error: "invalid_token" },
      { status: 401, headers: { "www-authenticate": 'Bearer error="invalid_token"' } },
    ),
};

/** Options of {@link createPresetMock}. */
export interface PresetMockOptions extends MockOptions<PresetRulesInput["credentials"]> {
  /** The token exchange the mock expects: the one the client under test is made with. */
  preset: TokenPreset;
  /** The client credentials the token endpoint accepts. */
  credentials: PresetRulesInput["credentials"];
  /** API base URL served; requests under it pass the bearer guard, then go to `api`. */
  baseUrl: string;
  /** Token endpoint served (`POST`). */
  tokenUrl: string;
  /** The `iss` of issued tokens. @defaultValue "preset-mock" */
  issuer?: string;
  /**
   * Answers an API request the guard let through; `undefined` answers 404.
   * @defaultValue `{}` as JSON for every path under `baseUrl`
   */
  api?(request: Request): Response | undefined | Promise<Response | undefined>;
}

/**
 * A mock vendor for a client made from a preset alone (`createAuthClient({ preset, … })`): the chassis
 * with {@link presetTokenRules} at `tokenUrl` and {@link bearerGuardRules} in front of every path
 * under `baseUrl`. Serve it with `respond` (a `fetch` stand-in, a loopback server) or msw.
 *
 * @example
 * ```ts
 * const preset = { vendor: "Acme", encoding: "form", clientAuthentication: "basic" } as const;
 * const mock = createPresetMock({
 *   preset, credentials: { clientId: "id", clientSecret: "secret" },
 *   baseUrl: "https://api.acme.test", tokenUrl: "https://auth.acme.test/token",
 * });
 * const client = createAuthClient({ preset, credentials: { grant: "client_credentials", ...mock.credentials },
 *   baseUrl: mock.baseUrl, tokenUrl: mock.tokenUrl, fetch: (input, init) => mock.respond(new Request(input, init)) });
 * ```
 */
export function createPresetMock(options: PresetMockOptions): VendorMock<PresetRulesInput["credentials"]> {
  const { preset, credentials, tokenUrl } = options;
  const baseUrl = options.baseUrl.replace(/\/$/, "");
  const chassis = createMockChassis({
    issuer: options.issuer ?? "preset-mock",
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.tokenLifetimeSeconds ? { tokenLifetimeSeconds: options.tokenLifetimeSeconds } : {}),
  });
  const { issuer } = chassis;
  const token = chassis.tokenEndpoint(
    presetTokenRules({
      preset,
      credentials,
      issue: issuer.issue,
      lifetimeSeconds: () => issuer.lifetimeSeconds,
    }),
  );
  const guard = chassis.apiGuard(bearerGuardRules);
  const api = options.api ?? (() => Response.json({}));
  return chassis.mock({
    credentials,
    baseUrl,
    tokenUrl,
    respond: async (request) => {
      if (request.method === "POST" && request.url === tokenUrl) return token(request);
      if (!request.url.startsWith(`${baseUrl}/`)) return undefined;
      return (await guard(request)) ?? api(request);
    },
  });
}
