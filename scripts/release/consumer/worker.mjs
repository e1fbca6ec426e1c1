// workerd: GET /?mock=<origin> runs the checks inside the worker and answers their results as JSON.
import { runChecks, runtimeName } from "./checks.mjs";
import { modules } from "./entry-web.mjs";

export default {
  async fetch(request) {
    const origin = new URL(request.url).searchParams.get("mock");
    const results = await runChecks(modules, origin);
    return Response.json({ runtime: runtimeName(), results });
  },
};
