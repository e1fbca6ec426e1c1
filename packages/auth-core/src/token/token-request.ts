import { base64, formEncode } from "../redact.js";
import type { TokenCredentials } from "./exchange.js";
import type { BasicCredentialEncoding, TokenPreset, TokenRequestField } from "./preset.js";

/** RFC 7523 §2.2: the `client_assertion_type` of a JWT client assertion. */
export const JWT_BEARER_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/**
 * A token request ready to send: pure data, so it can be logged (scrubbed), tested and retried.
 *
 * @group Token requests
 */
export interface TokenHttpRequest {
  /** Always `"POST"` (RFC 6749 §3.2: token requests are POSTs). */
  method: "POST";
  /** The token endpoint, as given to {@link buildTokenRequest}. */
  url: string;
  /**
   * Header names to values: `accept` and `content-type`, `authorization` (`Basic …`) with HTTP Basic
   * client authentication, then the credentials' `headers` as given (which may hold secrets).
   */
  headers: Record<string, string>;
  /**
   * The encoded body: JSON, or `application/x-www-form-urlencoded`, as the preset says. Holds the
   * client secret or password when they travel in the body: scrub before logging.
   */
  body: string;
}

const DEFAULT_FIELDS: Record<TokenRequestField, string> = {
  grantType: "grant_type",
  clientId: "client_id",
  clientSecret: "client_secret",
  scope: "scope",
  username: "username",
  password: "password",
  refreshToken: "refresh_token",
};

/**
 * The HTTP Basic credential. With `"form-urlencoded"` (the default), RFC 6749 §2.3.1: id and secret are
 * each form-encoded (`application/x-www-form-urlencoded`, so `:` becomes `%3A` and a space `+`), joined
 * with `:`, then base64-encoded as UTF-8, so an id or secret containing `:` or non-ASCII survives the
 * round trip. With `"plain"`, RFC 7617 §2: `id:secret` as they are, base64 of UTF-8; what servers that
 * never form-decode expect (the id must then contain no `:`).
 *
 * @example
 * ```ts
 * basicCredential("id", "a:b c") // base64("id:a%3Ab+c") = "aWQ6YSUzQWIrYw=="
 * basicCredential("id", "a:b c", "plain") // base64("id:a:b c") = "aWQ6YTpiIGM="
 * ```
 *
 * @group Token requests
 */
export function basicCredential(
  clientId: string,
  clientSecret: string,
  encoding: BasicCredentialEncoding = "form-urlencoded",
): string {
  if (encoding === "plain") return base64(`${clientId}:${clientSecret}`);
  return base64(`${formEncode(clientId)}:${formEncode(clientSecret)}`);
}

/**
 * Builds the token request a preset describes for these credentials (RFC 6749 §4.4 client credentials,
 * §4.3 password). With `refreshToken` it builds a refresh_token grant (§6) instead, keeping client
 * authentication. Static fields of the preset are added unless the request already has that field.
 * With `private_key_jwt`, `clientAssertion` (a signed JWT, fresh for each request) is sent as
 * `client_assertion` with its `client_assertion_type` (RFC 7523 §2.2).
 *
 * @example
 * ```ts
 * buildTokenRequest({ vendor: "Arzamed", encoding: "form", clientAuthentication: "basic" },
 *   { grant: "client_credentials", clientId: "id", clientSecret: "s", scope: ["read"] }, "https://t/token")
 * // body "grant_type=client_credentials&scope=read", Authorization "Basic aWQ6cw=="
 * ```
 *
 * @group Token requests
 */
export function buildTokenRequest(
  preset: TokenPreset,
  credentials: TokenCredentials,
  url: string,
  refreshToken?: string,
  clientAssertion?: string,
): TokenHttpRequest {
  const fields: Record<string, string | string[]> = {};
  const put = (field: TokenRequestField, value: string | string[] | undefined) => {
    const name =
      preset.requestFields?.[field] === undefined ? DEFAULT_FIELDS[field] : preset.requestFields[field];
    if (name !== null && value !== undefined) fields[name] = value;
  };
  put("grantType", refreshToken ? "refresh_token" : credentials.grant);
  const headers: Record<string, string> = { accept: "application/json" };

  if (preset.clientAuthentication === "basic") {
    headers.authorization = `Basic ${basicCredential(credentials.clientId ?? "", credentials.clientSecret ?? "", preset.basicEncoding)}`;
  } else if (preset.clientAuthentication === "body") {
    put("clientId", credentials.clientId);
    put("clientSecret", credentials.clientSecret);
  } else if (preset.clientAuthentication === "private_key_jwt" && clientAssertion) {
    fields.client_assertion_type = JWT_BEARER_ASSERTION_TYPE;
    fields.client_assertion = clientAssertion;
  }
  if (refreshToken) {
    put("refreshToken", refreshToken);
  } else if (credentials.grant === "password") {
    put("username", credentials.username);
    put("password", credentials.password);
  }
  if (credentials.scope && credentials.scope.length > 0) {
    const asArray = preset.scopeEncoding === "array" && preset.encoding === "json";
    put("scope", asArray ? [...credentials.scope] : credentials.scope.join(" "));
  }
  // Static fields fill in, never override: a refresh must still say grant_type=refresh_token.
  for (const [name, value] of Object.entries(preset.staticFields ?? {}))
    if (!(name in fields)) fields[name] = value;
  Object.assign(headers, credentials.headers);

  if (preset.encoding === "json") {
    headers["content-type"] = "application/json";
    return { method: "POST", url, headers, body: JSON.stringify(fields) };
  }
  headers["content-type"] = "application/x-www-form-urlencoded";
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields))
    form.append(name, Array.isArray(value) ? value.join(" ") : value);
  return { method: "POST", url, headers, body: form.toString() };
}
