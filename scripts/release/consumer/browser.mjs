// Chromium: the page's module runs the checks (guard first) against the cross-origin loopback mock
// and leaves the results on `window.__results` for the driver to read.
import { runChecks, runtimeName } from "./checks.mjs";
import { modules } from "./entry-web.mjs";

const origin = new URL(location.href).searchParams.get("mock");
window.__results = runChecks(modules, origin, { browser: true }).then((results) => ({
  runtime: runtimeName(),
  results,
}));
