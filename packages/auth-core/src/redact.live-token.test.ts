import { inspect } from "node:util";
import { HttpResponse } from "msw";
import { expect, it } from "vitest";
import { useMsw } from "./test-support/msw.js";
import { rejection, scenario } from "./test-support/scenario.js";

// docs/contract.md, behaviour 7: no token appears in any error, even when the vendor echoes one back.
const server = useMsw();

it("an error echoing the rejected access token and the refresh token shows neither", async () => {
  const env = scenario(server, { client: { maxRetries: 0 } });
  env.answers.push(() =>
    HttpResponse.json({
      access_token: env.issuer.issue("c"),
      expires_in: 3600,
      refresh_token: "rt-echoed-secret",
    }),
  );
  const client = env.make();
  await client.GET("/things");
  const token = env.apiRequests[0]?.headers.get("authorization")?.slice(7) ?? "";
  expect(token).toMatch(/^ey/);
  env.issuer.revokeAll(); // the API now answers 401: the replay asks for a new token, which fails
  env.answers.push({
    status: 400,
    body: {
      error: "invalid_grant",
      error_description: `refresh token rt-echoed-secret for ${token} is revoked`,
    },
    headers: { "x-request-id": token },
  });
  env.answers.push({ status: 401, body: { error: "invalid_client", message: `Bearer ${token}` } });
  const error = await rejection(client.GET("/things"));
  const text = [
    String(error),
    JSON.stringify(error),
    inspect(error, { depth: 10 }),
    JSON.stringify(env.events),
  ].join("\n");
  expect(text).toContain("invalid_client");
  expect(text).not.toContain(token);
  expect(text).not.toContain("rt-echoed-secret");
});
