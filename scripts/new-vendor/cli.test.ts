import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");
const cli = join(here, "cli.mjs");
const fixture = join(here, "fixtures", "acme-health.yaml");
const scratch = mkdtempSync(join(tmpdir(), "caduceus-new-vendor-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of the working tree as git sees it (no node_modules, no build output), so the scaffold never touches this tree. */
function copyRepo(target: string): void {
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: repo,
    encoding: "utf8",
  })
    .split("\0")
    .filter(Boolean);
  for (const file of files) {
    if (!existsSync(join(repo, file))) continue;
    mkdirSync(dirname(join(target, file)), { recursive: true });
    cpSync(join(repo, file), join(target, file));
  }
}

function run(command: string, args: string[], cwd: string) {
  return spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, CI: "" } });
}

describe("pnpm new-vendor", () => {
  it("refuses a bad name, a missing spec and something that is not OpenAPI, saying which", () => {
    const badName = run("node", [cli, "Acme_Health", "--spec", fixture, "--root", scratch], repo);
    expect(badName.status).toBe(2);
    expect(badName.stderr).toContain("kebab-case");
    const noSpec = run("node", [cli, "acme"], repo);
    expect(noSpec.stderr).toContain("--spec is required");
    const notOpenApi = run(
      "node",
      [cli, "acme", "--spec", join(here, "package.json"), "--root", scratch],
      repo,
    );
    expect(notOpenApi.stderr).toContain("not an OpenAPI 3 description");
  });

  it("scaffolds a package that generates, builds, type-checks and passes its own tests", () => {
    const root = join(scratch, "repo");
    copyRepo(root);
    const scaffold = run("node", [cli, "acme-health", "--spec", fixture, "--root", root], repo);
    expect(scaffold.stderr).toBe("");
    expect(scaffold.status).toBe(0);
    const source = JSON.parse(readFileSync(join(root, "specs/acme-health/source.json"), "utf8"));
    expect(source).toMatchObject({ kind: "own", format: "yaml" });
    const client = readFileSync(join(root, "packages/acme-health/src/client.ts"), "utf8");
    expect(client).toContain("export function createAcmeHealthClient");
    const preset = readFileSync(join(root, "packages/acme-health/src/preset.ts"), "utf8");
    expect(preset).toContain('"https://auth.acme-health.test/oauth/token"');

    // A vendor whose token endpoint takes a private_key_jwt assertion: preset data, no auth code.
    const keyed = run(
      "node",
      [cli, "acme-keys", "--spec", fixture, "--root", root, "--auth", "private_key_jwt"],
      repo,
    );
    expect(keyed.stderr).toBe("");
    expect(keyed.status).toBe(0);
    const keyedPreset = readFileSync(join(root, "packages/acme-keys/src/preset.ts"), "utf8");
    expect(keyedPreset).toContain('clientAuthentication: "private_key_jwt"');
    expect(keyedPreset).toContain("assertionSigner: privateKeyJwtSigner");
    const keyedClient = readFileSync(join(root, "packages/acme-keys/src/client.ts"), "utf8");
    expect(keyedClient).toContain("privateKey: PrivateKeyInput");
    expect(keyedClient).not.toContain("clientSecret");
    expect(
      run("node", [cli, "acme-other", "--spec", fixture, "--root", root, "--auth", "mtls"], repo).stderr,
    ).toContain("--auth must be secret");

    // Formatted and import-sorted as the repo's lint wants, so the new package can be committed as is.
    const lint = run(
      "node",
      [
        join(repo, "node_modules/@biomejs/biome/bin/biome"),
        "check",
        "packages/acme-health",
        "packages/acme-keys",
        "specs/acme-health",
        "specs/acme-keys",
      ],
      root,
    );
    expect(lint.status, `${lint.stdout}\n${lint.stderr}`).toBe(0);

    // The README's "Adding a vendor" steps as a user runs them: install, then step 3's command, which
    // generates the types and builds what the package needs (auth-core, the test kit) before its own
    // build and tests.
    const step3 = "pnpm exec turbo run build test --filter=@caduceus/acme";
    expect(readFileSync(join(repo, "README.md"), "utf8")).toContain(`\`${step3}\``);
    for (const [command, args] of [
      ["pnpm", ["install", "--prefer-offline", "--no-frozen-lockfile"]],
      ...["acme-health", "acme-keys"].flatMap((name) => [
        ["pnpm", [...step3.replace("acme", name).split(" ").slice(1), "--concurrency=1"]] as const,
        ["pnpm", ["--filter", `@caduceus/${name}`, "typecheck"]] as const,
      ]),
    ] as const) {
      const step = run(command, [...args], root);
      expect(step.status, `${command} ${args.join(" ")}\n${step.stdout}\n${step.stderr}`).toBe(0);
    }

    // Filled in as the README says, the preset changes the request; the mock, configured by the
    // preset, follows it, so the package's own tests still pass.
    const presetFile = join(root, "packages/acme-health/src/preset.ts");
    const scaffolded = readFileSync(presetFile, "utf8");
    const filled = scaffolded.replace(
      'encoding: "json",\n  clientAuthentication: "body",',
      'encoding: "form",\n  clientAuthentication: "basic",',
    );
    expect(filled).not.toBe(scaffolded);
    writeFileSync(presetFile, filled);
    const retest = run("pnpm", ["--filter", "@caduceus/acme-health", "test"], root);
    expect(retest.status, `${retest.stdout}\n${retest.stderr}`).toBe(0);
  });
});
