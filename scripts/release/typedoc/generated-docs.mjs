// TypeDoc plugin for `pnpm docs:api`: the types openapi-typescript generates from a vendor's OpenAPI
// description (packages/<vendor>/src/generated/) carry the vendor's own descriptions where the
// vendor wrote them, and nothing where it did not. Those gaps are the vendor's, not ours, so they are
// marked as generated instead of failing the "every export is documented" check, which stays strict
// for every hand-written export.
import { Comment, Converter } from "typedoc";

const GENERATED = /[\\/]src[\\/]generated[\\/]/;

/** @param {import("typedoc").Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const reflection of Object.values(context.project.reflections)) {
      const sources = reflection.sources ?? [];
      if (sources.length === 0 || !sources.every((source) => GENERATED.test(source.fullFileName))) continue;
      if (reflection.hasComment()) continue;
      reflection.comment = new Comment([
        {
          kind: "text",
          text: "Generated from the vendor's OpenAPI description, which does not document this.",
        },
      ]);
    }
  });
}
