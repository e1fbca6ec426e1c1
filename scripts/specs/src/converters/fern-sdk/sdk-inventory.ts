// An inventory of a Fern SDK's client methods read with regular expressions, deliberately not with the
// converter's parser, so tests can check the converter against a second, independent reading.

/** One client method: what it sends, read from its compiled source text. */
export interface InventoryMethod {
  /** `<namespace>.<method>`, e.g. "encounters.v4.create". */
  id: string;
  method: string;
  /** Path template with every `${…}` placeholder written as `{}`. */
  path: string;
  host: string;
}

const CLIENT_FILE = /^api\/resources\/(.+\/)?client\/Client\.js$/;

/**
 * Every client method of the package's Client.js files: each public method delegates to `this.__name`,
 * whose body calls `core.fetcher` with a literal method and a `core.url.join(<env>.<host>, <path>)`.
 */
export function sdkInventory(files: Map<string, string>): InventoryMethod[] {
  const out: InventoryMethod[] = [];
  for (const [file, text] of files) {
    if (!CLIENT_FILE.test(file)) continue;
    const namespace = file
      .replace(/^api\/resources\//, "")
      .replace(/\/?client\/Client\.js$/, "")
      .split("/")
      .filter((segment) => segment !== "resources")
      .join(".");
    const publicNames = [...text.matchAll(/HttpResponsePromise\.fromPromise\(this\.__(\w+)\(/g)].map(
      (match) => match[1],
    );
    for (const name of publicNames) {
      const start = text.indexOf(`    __${name}(`);
      const end = text.indexOf("\n    }\n", start);
      const body = text.slice(start, end);
      const url = /url: core\.url\.join\(.*\)\.(\w+), ("[^"]*"|`[^`]*`)\),\n/.exec(body);
      const verb = /method: "(\w+)"/.exec(body);
      if (!url || !verb) throw new Error(`inventory: cannot read ${namespace}.${name} in ${file}`);
      const path = (url[2] ?? "").slice(1, -1).replace(/\$\{(?:[^{}]|\{[^{}]*\})*\}/g, "{}");
      out.push({ id: `${namespace}.${name}`, method: verb[1] ?? "", path, host: url[1] ?? "" });
    }
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : 1));
}
