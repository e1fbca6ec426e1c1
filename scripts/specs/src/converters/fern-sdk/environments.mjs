// @ts-check
import ts from "typescript";
import { ConversionError } from "../conversion-error.mjs";

/** The file where Fern declares the SDK's environments (name → host key → base URL). */
export const ENVIRONMENTS_FILE = "environments.js";

/**
 * Reads `exports.<Api>Environment = { Production: { candidApi: "https://…", … }, … }`, in file order
 * (Fern puts the default environment first).
 *
 * @param {import("./package-files.mjs").PackageFiles} files
 * @returns {{ name: string, hosts: Record<string, string> }[]}
 */
export function readEnvironments(files) {
  if (!files.has(ENVIRONMENTS_FILE)) {
    throw new ConversionError(ENVIRONMENTS_FILE, "(missing)", "the SDK has no environments file");
  }
  const source = files.parse(ENVIRONMENTS_FILE);
  for (const statement of source.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) continue;
    const { left, right } = statement.expression;
    if (!/^exports\.\w+Environment$/.test(left.getText()) || !ts.isObjectLiteralExpression(right)) continue;
    return right.properties.map((environment) => {
      if (!ts.isPropertyAssignment(environment) || !ts.isObjectLiteralExpression(environment.initializer)) {
        throw new ConversionError(
          ENVIRONMENTS_FILE,
          environment.getText(),
          "environment with more than one base URL expected",
        );
      }
      /** @type {Record<string, string>} */
      const hosts = {};
      for (const host of environment.initializer.properties) {
        if (!ts.isPropertyAssignment(host) || !ts.isStringLiteral(host.initializer)) {
          throw new ConversionError(
            ENVIRONMENTS_FILE,
            host.getText(),
            "environment host that is not a string",
          );
        }
        hosts[host.name.getText()] = host.initializer.text;
      }
      return { name: environment.name.getText(), hosts };
    });
  }
  throw new ConversionError(
    ENVIRONMENTS_FILE,
    "exports.*Environment",
    "no environments object with per-host URLs",
  );
}
