// @ts-check
import { posix } from "node:path";
import ts from "typescript";

/**
 * The files of an unpacked npm package, held in memory and parsed on demand. Parsing only: the code
 * of the package is untrusted data and is never imported, required or evaluated.
 */
export class PackageFiles {
  /** @param {Map<string, string>} files path inside the package (no "package/" prefix) → text */
  constructor(files) {
    this.files = files;
    /** @type {Map<string, ts.SourceFile>} */
    this.parsed = new Map();
  }

  /** @param {string} path */
  has(path) {
    return this.files.has(path);
  }

  /** @returns {string[]} every path, sorted */
  paths() {
    return [...this.files.keys()].sort();
  }

  /**
   * @param {string} path
   * @returns {ts.SourceFile}
   */
  parse(path) {
    let sourceFile = this.parsed.get(path);
    if (!sourceFile) {
      const text = this.files.get(path);
      if (text === undefined) throw new Error(`${path} is not in the package`);
      const kind = path.endsWith(".d.ts") ? ts.ScriptKind.TS : ts.ScriptKind.JS;
      sourceFile = ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true, kind);
      this.parsed.set(path, sourceFile);
    }
    return sourceFile;
  }

  /**
   * Resolves a relative require()/import specifier the way Node resolves CommonJS files.
   *
   * @param {string} fromFile
   * @param {string} specifier
   * @param {".js" | ".d.ts"} extension
   * @returns {string | undefined}
   */
  resolve(fromFile, specifier, extension = ".js") {
    if (!specifier.startsWith(".")) return undefined;
    const base = posix.normalize(posix.join(posix.dirname(fromFile), specifier));
    for (const candidate of [base, `${base}${extension}`, `${base}/index${extension}`]) {
      if (candidate.endsWith(extension) && this.files.has(candidate)) return candidate;
    }
    return undefined;
  }
}
