// The pieces that differ for a vendor whose token endpoint takes a JWT client assertion signed with the
// client's private key (`--auth private_key_jwt`, RFC 7523 §2.2): the preset says so as data, the
// factory takes `privateKey` (and `keyId`) instead of a secret, and the mock verifies each assertion
// against the registered public key before the preset's rules answer. No auth code: auth-core signs
// the assertions. Everything else is the shared scaffold of templates.mjs.
import { generateKeyPairSync } from "node:crypto";

/**
 * A private_key_jwt {@link import("./templates.mjs").AuthVariant} with a key pair made now: the mock's
 * registered key, written into the package's fixtures as its printable fake (a key made for this
 * scaffold, registered nowhere but in the mock), so `create<Vendor>Mock` stays synchronous like every
 * vendor's.
 *
 * @returns {(v: { pascal: string, camel: string, upper: string, title: string }) => import("./templates.mjs").AuthVariant}
 */
export function privateKeyJwtAuth() {
  const pair = generateKeyPairSync("ec", { namedCurve: "P-384" });
  const privateKey = pair.privateKey.export({ format: "jwk" });
  const publicKey = pair.publicKey.export({ format: "jwk" });
  return (v) => ({
    dependencies: { jose: "6.2.18" },
    presetImports: `import { privateKeyJwtSigner } from "@caduceus/auth-core/private-key-jwt";\n`,
    presetDoc: ` Client credentials in a form body, the client authenticated by
 * a JWT assertion signed with its private key (\`private_key_jwt\`, RFC 7523 §2.2). Check the
 * algorithms and the documented maximum lifetime against the vendor's auth documentation. The signer
 * comes from \`@caduceus/auth-core/private-key-jwt\`, so only this vendor's users bundle it.`,
    presetFields: `  encoding: "form",
  clientAuthentication: "private_key_jwt",
  clientAssertion: { algorithms: ["RS384", "ES384"] },
  assertionSigner: privateKeyJwtSigner,`,
    clientImports: ", type PrivateKeyInput",
    clientOptions: `  /** The private key registered (as its public half) with ${v.title}: a PKCS#8 PEM, a private JWK or a CryptoKey. Never logged. */
  privateKey: PrivateKeyInput;
  /** \`kid\` of the registered public key. */
  keyId?: string;`,
    optionNames: ["privateKey", "keyId"],
    // A key is a PEM, a JWK or a CryptoKey: auth-core checks it itself, not as a string option.
    required: [],
    optional: ["keyId"],
    credentials: `privateKey: options.privateKey,
      ...(options.keyId ? { keyId: options.keyId } : {}),`,
    clientExample: "{ clientId, privateKey: pem }",
    fixtures: `/**
 * Fake credentials the mock accepts by default: spread them into \`create${v.pascal}Client\`. The key
 * pair was generated when this package was scaffolded, for the mock only: not a real client's key,
 * safe to commit and print.
 */
export const ${v.upper}_MOCK_CREDENTIALS = {
  /** The client id the mock's token endpoint accepts. */
  clientId: "mock-client-id",
  /** The registered key's private half (a JWK), which signs the client assertions. */
  privateKey: ${jwkLiteral(privateKey)} as JsonWebKey,
  /** The \`kid\` the public key is registered under. */
  keyId: "mock-key-1",
};

/** The registered public key the mock verifies client assertions with. */
export const ${v.upper}_MOCK_PUBLIC_KEY: JsonWebKey = ${jwkLiteral(publicKey, "")};
`,
    mockCredentials: `  /** The private key whose public half the mock registers (a JWK). */
  privateKey: JsonWebKey;
  /** The \`kid\` the public key is registered under. */
  keyId: string;`,
    accepted: `"clientId" | "keyId"`,
    rulesImports: `import { JWT_BEARER_ASSERTION_TYPE } from "@caduceus/auth-core/vendor";
import { createLocalJWKSet, jwtVerify } from "jose";
`,
    rulesLocalImports: `import { ${v.upper}_MOCK_PUBLIC_KEY } from "./fixtures.js";\n`,
    tokenRules: `/** RFC 6749 §5.2's answer to a client that failed to authenticate. */
const invalidClient = (description: string) =>
  Response.json(
    { error: "invalid_client", error_description: description },
    { status: 401, headers: { "cache-control": "no-store" } },
  );

/**
 * ${v.title}'s token endpoint: the client assertion checked as RFC 7523 §3 asks (signed by the
 * registered key, \`iss\` and \`sub\` the client id, \`aud\` the token endpoint, not expired, a \`jti\` used
 * once), then what {@link ${v.camel}Preset} describes (encoding, grant type, answer shape), so the mock
 * follows the preset as it is filled in. Replace it with the vendor's documented rules and error bodies
 * as you learn them.
 */
export function ${v.camel}TokenRules(
  credentials: ${v.pascal}MockCredentials,
  chassis: Pick<MockChassis, "clock" | "issuer">,
): TokenRules {
  const { clock, issuer } = chassis;
  const preset = presetTokenRules({
    preset: ${v.camel}Preset,
    // The assertion authenticates the client; the preset's rules check no secret for private_key_jwt.
    credentials: { clientId: credentials.clientId, clientSecret: "" },
    issue: issuer.issue,
    lifetimeSeconds: () => issuer.lifetimeSeconds,
  });
  const keys = createLocalJWKSet({ keys: [{ ...${v.upper}_MOCK_PUBLIC_KEY, kid: credentials.keyId }] });
  const seen = new Set<string>();
  return async (context) => {
    const { body } = context;
    // A body that is not what the preset says is refused by the preset's rules, as is.
    if (body.encoding !== ${v.camel}Preset.encoding || !body.wellFormed) return preset(context);
    if (body.fields.client_assertion_type !== JWT_BEARER_ASSERTION_TYPE) {
      return invalidClient(\`client_assertion_type must be \${JWT_BEARER_ASSERTION_TYPE}.\`);
    }
    try {
      const { payload } = await jwtVerify(String(body.fields.client_assertion ?? ""), keys, {
        issuer: credentials.clientId,
        subject: credentials.clientId,
        audience: credentials.tokenUrl,
        currentDate: new Date(clock.now()),
        requiredClaims: ["exp", "jti"],
      });
      if (seen.has(String(payload.jti))) return invalidClient("client_assertion jti was already used.");
      seen.add(String(payload.jti));
    } catch (error) {
      return invalidClient(\`client_assertion refused: \${error instanceof Error ? error.message : "invalid"}.\`);
    }
    return preset(context);
  };
}
`,
    testImports: `import { exportPKCS8, generateKeyPair } from "jose";\n`,
    testSetup: `// A key ${v.title} never registered: the token endpoint must refuse it, and no error may show it.
const stranger = await exportPKCS8((await generateKeyPair("ES384", { extractable: true })).privateKey);
`,
    wrongCredentials: `wrongCredentials: { privateKey: stranger },
  secrets: (mock) => [String(mock.credentials.privateKey.d)],`,
    missing: { given: "{ privateKey: {} }", option: "clientId" },
    readmeOptions:
      "| `privateKey` | PEM, JWK or CryptoKey | required | the private key whose public half is registered (private_key_jwt) |\n| `keyId` | string | optional | `kid` of the registered public key |",
    readmeCredentials: "privateKey: process.env.PRIVATE_KEY_PEM!",
  });
}

/** `key` as a TypeScript object literal, one member a line, indented under `indent`. */
function jwkLiteral(key, indent = "  ") {
  const members = Object.entries(key).map(([name, value]) => `${indent}  ${name}: ${JSON.stringify(value)},`);
  return `{\n${members.join("\n")}\n${indent}}`;
}
