import { describe, expect, it } from "vitest";
import type { CommonClientOptions } from "./client-options.js";
import { AuthConfigError } from "./errors/auth-config-error.js";
import { createVendorClient, defineVendor } from "./vendor.js";

// Found by the reliability campaign (docs/reliability.md): an option the vendor sends as a header (Parchment's partnerId as
// x-partner-id, xCures' projectId as ProjectId) that a header cannot carry was reported under the
// internal name (credentials.headers.x-partner-id, apiHeaders.ProjectId), not the option the user wrote.
interface AcmeOptions extends CommonClientOptions {
  partnerId: string;
  partnerSecret: string;
  projectId: string;
}

const acme = defineVendor<AcmeOptions, "production">({
  preset: { vendor: "Acme", encoding: "json", clientAuthentication: "none" },
  environments: { production: { baseUrl: "https://api.acme.test", tokenUrl: "https://api.acme.test/token" } },
  defaultEnvironment: "production",
  options: ["partnerId", "partnerSecret", "projectId"],
  required: ["partnerId", "partnerSecret", "projectId"],
  credentials: (o) => ({
    grant: "client_credentials",
    headers: { "x-partner-id": o.partnerId, "x-partner-secret": o.partnerSecret },
    secretHeaders: ["x-partner-secret"],
  }),
  apiHeaders: (o) => ({ ProjectId: o.projectId }),
});

const valid: AcmeOptions = {
  partnerId: "partner-1",
  partnerSecret: "s3cret-canary-value",
  projectId: "project-1",
};

function configError(options: AcmeOptions): AuthConfigError {
  try {
    createVendorClient(acme, options);
  } catch (error) {
    if (error instanceof AuthConfigError) return error;
    throw error;
  }
  throw new Error("the client was created");
}

describe("an option sent as a header that cannot carry its value", () => {
  it.each([
    ["partnerId", "x-partner-id"],
    ["partnerSecret", "x-partner-secret"],
    ["projectId", "ProjectId"],
  ] as const)("is reported as %s, the option the user wrote", (option, header) => {
    const error = configError({ ...valid, [option]: "emoji 😀 in a header" });
    expect(error.option).toBe(option);
    expect(error.message).toBe(
      `Acme: option ${option} (sent as the ${header} header) contains characters a header cannot carry (a stray newline?).`,
    );
    expect(error.message).not.toContain("😀");
  });

  it("names the option each header was built from, even when two options hold the same value", () => {
    const error = configError({ ...valid, partnerId: "same 😀", projectId: "same 😀" });
    expect(error.option).toBe("partnerId");
    expect(error.message).toContain("option partnerId (sent as the x-partner-id header)");
  });

  it("names the API header's own option when only it is bad, though a credential header holds the same text", () => {
    const error = configError({ ...valid, partnerSecret: "same 😀", projectId: "same 😀" });
    // Credential headers are checked first: partnerSecret is reported, under its own name.
    expect(error.option).toBe("partnerSecret");
  });
});
