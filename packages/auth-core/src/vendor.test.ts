import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import type { CommonClientOptions } from "./client-options.js";
import { AuthConfigError } from "./errors/auth-config-error.js";
import { MemoryTokenStore } from "./store/memory-token-store.js";
import { useMsw } from "./test-support/msw.js";
import { createVendorClient, defineVendor, normalizeScope, requireString } from "./vendor.js";

// A vendor package is data: a preset, environments, and two small mappings.
const server = useMsw();

interface AcmeOptions extends CommonClientOptions {
  clientId: string;
  clientSecret: string;
  scope?: string | string[];
  projectId?: string;
  environment?: "production" | "sandbox";
}

const acme = defineVendor<AcmeOptions, "production" | "sandbox">({
  preset: { vendor: "Acme", encoding: "form", clientAuthentication: "basic" },
  environments: {
    production: { baseUrl: "https://api.acme.test/v1", tokenUrl: "https://auth.acme.test/token" },
    sandbox: { baseUrl: "https://sandbox.acme.test/v1" },
  },
  defaultEnvironment: "production",
  options: ["clientId", "clientSecret", "scope", "projectId"],
  required: ["clientId", "clientSecret"],
  credentials: (o) => ({
    grant: "client_credentials",
    clientId: o.clientId,
    clientSecret: o.clientSecret,
    scope: normalizeScope("Acme", o.scope) ?? ["read"],
  }),
  apiHeaders: (o) => ({ ProjectId: o.projectId }),
  tokenUrlHelp: "Acme issues sandbox token URLs per account.",
});

const make = (options: Partial<AcmeOptions> = {}) =>
  createVendorClient<Record<string, never>, AcmeOptions, "production" | "sandbox">(acme, {
    clientId: "id",
    clientSecret: "secret-1",
    tokenStore: new MemoryTokenStore(),
    ...options,
  } as AcmeOptions);

function option(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof AuthConfigError) return error.option;
    throw error;
  }
  throw new Error("expected an AuthConfigError");
}

describe("createVendorClient", () => {
  it("uses the default environment and adds only defined API headers", async () => {
    const seen: Request[] = [];
    server.use(
      http.post("https://auth.acme.test/token", async ({ request }) =>
        HttpResponse.json({
          access_token: "t",
          expires_in: 60,
          scope: (await request.formData()).get("scope"),
        }),
      ),
      http.get("https://api.acme.test/v1/things", ({ request }) => {
        seen.push(request);
        return HttpResponse.json({});
      }),
    );
    const client = make() as unknown as { GET(path: string): Promise<unknown> };
    await client.GET("/things");
    expect(seen[0]?.headers.get("authorization")).toBe("Bearer t");
    expect(seen[0]?.headers.has("projectid")).toBe(false);
  });

  it("defaults to the production environment when the definition names no default", async () => {
    const { defaultEnvironment: _explicit, ...implicit } = acme;
    const seen: string[] = [];
    server.use(
      http.post("https://auth.acme.test/token", () =>
        HttpResponse.json({ access_token: "t", expires_in: 60 }),
      ),
      http.get("https://api.acme.test/v1/things", ({ request }) => {
        seen.push(request.url);
        return HttpResponse.json({});
      }),
    );
    const client = createVendorClient<Record<string, never>, AcmeOptions, "production" | "sandbox">(
      defineVendor<AcmeOptions, "production" | "sandbox">(implicit),
      { clientId: "id", clientSecret: "secret-implicit", tokenStore: new MemoryTokenStore() },
    ) as unknown as { GET(path: string): Promise<unknown> };
    await client.GET("/things");
    expect(seen).toEqual(["https://api.acme.test/v1/things"]);
    // Without a production environment the default must be named.
    // @ts-expect-error defaultEnvironment is required when no environment is called production
    defineVendor<AcmeOptions, "eu" | "us">({ ...implicit, environments: { eu: {}, us: {} } });
  });

  it("names the option at fault", () => {
    expect(option(() => make({ clientSecet: "typo" } as never))).toBe("clientSecet");
    expect(option(() => make({ clientId: "" }))).toBe("clientId");
    expect(option(() => make({ clientSecret: undefined }))).toBe("clientSecret");
    expect(option(() => make({ environment: "staging" as never }))).toBe("environment");
    expect(option(() => make({ environment: "toString" as never }))).toBe("environment");
    expect(option(() => make({ environment: "sandbox" }))).toBe("tokenUrl");
    expect(option(() => make({ scope: "read  has\u0007bell" }))).toBe("scope[1]");
    expect(option(() => createVendorClient(acme, null as never))).toBe("options");
  });

  it("lets the definition choose base URL and routes from the options (hosts)", async () => {
    const twoHosts = defineVendor<AcmeOptions, "production" | "sandbox">({
      ...acme,
      // The environment name picks the documented sibling host; the projectId option moves it.
      hosts: (o, environment) => ({
        baseUrl: `https://${environment}.files.acme.test`,
        routes: { "/v1": `${o.projectId ?? "https://api.acme.test"}/v1` },
      }),
    });
    const seen: string[] = [];
    server.use(
      http.post("https://auth.acme.test/token", () =>
        HttpResponse.json({ access_token: "t", expires_in: 60 }),
      ),
      http.get("https://production.files.acme.test/files", ({ request }) => {
        seen.push(`${request.url} ${request.headers.get("authorization")}`);
        return HttpResponse.json({});
      }),
      http.get("https://eu.acme.test/v1/things", ({ request }) => {
        seen.push(`${request.url} ${request.headers.get("authorization")}`);
        return HttpResponse.json({});
      }),
    );
    const client = createVendorClient<Record<string, never>, AcmeOptions, "production" | "sandbox">(
      twoHosts,
      {
        clientId: "id",
        clientSecret: "secret-hosts",
        projectId: "https://eu.acme.test",
        tokenStore: new MemoryTokenStore(),
      },
    ) as unknown as { GET(path: string): Promise<unknown> };
    await client.GET("/files");
    await client.GET("/v1/things");
    expect(seen).toEqual([
      "https://production.files.acme.test/files Bearer t",
      "https://eu.acme.test/v1/things Bearer t",
    ]);
  });

  it("says why a per-customer URL is required", () => {
    try {
      make({ environment: "sandbox" });
    } catch (error) {
      expect((error as Error).message).toBe(
        "Acme: option tokenUrl is required. Acme issues sandbox token URLs per account.",
      );
    }
  });
});

describe("requireString and normalizeScope", () => {
  it("requireString refuses missing, non-string, empty, control characters and lone surrogates", () => {
    for (const value of [undefined, null, 7, "", "  ", "a\nb", "a\ud800"]) {
      expect(option(() => requireString("Acme", { x: value }, "x"))).toBe("x");
    }
    expect(requireString("Acme", { x: "ok é 🔑" }, "x")).toBe("ok é 🔑");
  });

  it("normalizeScope takes a space-separated string or an array, checks documented names", () => {
    expect(normalizeScope("Acme", "a  b")).toEqual(["a", "b"]);
    expect(normalizeScope("Acme", ["a", "b"])).toEqual(["a", "b"]);
    expect(normalizeScope("Acme", undefined)).toBeUndefined();
    expect(option(() => normalizeScope("Acme", undefined, { required: true }))).toBe("scope");
    expect(option(() => normalizeScope("Acme", [], { required: true }))).toBe("scope");
    expect(option(() => normalizeScope("Acme", 5))).toBe("scope");
    expect(option(() => normalizeScope("Acme", ["a", "z"], { allowed: ["a", "b"] }))).toBe("scope[1]");
  });
});
