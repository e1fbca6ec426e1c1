import { describe, expect, it } from "vitest";
import { callRequestClass, hasNoCallerSignal, wasRouted } from "./call-request.js";
import { type Route, routeRawUrl, routeUrl } from "./routes.js";

// The `routes` option: a request under a full URL prefix goes to another base URL, the rest of its URL
// kept (Candid's core host serves `/api/...`, its pre-encounter host the rest).
const routes: Route[] = [{ from: "https://pre.example.test/api", to: "https://core.example.test/api/" }];

describe("routeUrl", () => {
  it("replaces the prefix when the URL is the prefix, or continues it with / or ?", () => {
    expect(routeUrl("https://pre.example.test/api", routes)).toBe("https://core.example.test/api");
    expect(routeUrl("https://pre.example.test/api/payers/v3/1", routes)).toBe(
      "https://core.example.test/api/payers/v3/1",
    );
    expect(routeUrl("https://pre.example.test/api?x=1", routes)).toBe("https://core.example.test/api?x=1");
  });

  it("leaves URLs outside every prefix alone, including ones that only share its characters", () => {
    expect(routeUrl("https://pre.example.test/patients/v1", routes)).toBeUndefined();
    expect(routeUrl("https://pre.example.test/apix/1", routes)).toBeUndefined();
  });

  it("takes the first route that holds the URL", () => {
    const two: Route[] = [
      { from: "https://a.test/v1/special", to: "https://s.test" },
      { from: "https://a.test/v1", to: "https://b.test/v1" },
    ];
    expect(routeUrl("https://a.test/v1/special/x", two)).toBe("https://s.test/x");
    expect(routeUrl("https://a.test/v1/other", two)).toBe("https://b.test/v1/other");
  });
});

describe("routeRawUrl", () => {
  it("routes by where the URL parser puts a path with dot segments, not by its spelling", () => {
    // Parsed, this is https://pre.example.test/patients: outside the /api prefix.
    expect(routeRawUrl("https://pre.example.test/api/x/../../patients", routes)).toBeUndefined();
    expect(routeRawUrl("https://pre.example.test/api/x/%2e%2e/../patients", routes)).toBeUndefined();
    expect(routeRawUrl("https://pre.example.test/patients/../api/1", routes)).toBe(
      "https://core.example.test/api/1",
    );
  });

  it("routes a plain URL as written", () => {
    expect(routeRawUrl("https://pre.example.test/api/encounters/v4?limit=1", routes)).toBe(
      "https://core.example.test/api/encounters/v4?limit=1",
    );
  });
});

describe("the Request class of a client with routes", () => {
  const RoutedRequest = callRequestClass(routes);

  it("builds a routed request directly, keeping what marks a call without a caller's signal", () => {
    const request = new RoutedRequest("https://pre.example.test/api/payers/v3/1", { method: "GET" });
    expect(request.url).toBe("https://core.example.test/api/payers/v3/1");
    expect(wasRouted(request)).toBe(true);
    expect(hasNoCallerSignal(request)).toBe(true);
  });

  it("leaves other URLs where they are, and says it routed them (nothing left for the middleware)", () => {
    const request = new RoutedRequest(new URL("https://pre.example.test/patients/v1"));
    expect(request.url).toBe("https://pre.example.test/patients/v1");
    expect(wasRouted(request)).toBe(true);
  });

  it("does not claim to have routed a request copied from another Request", () => {
    const copy = new RoutedRequest(new Request("https://pre.example.test/api/payers/v3/1"));
    expect(copy.url).toBe("https://pre.example.test/api/payers/v3/1");
    expect(wasRouted(copy)).toBe(false);
  });

  it("is still the class every Request counts as an instance of", () => {
    expect(new Request("https://pre.example.test/api")).toBeInstanceOf(RoutedRequest);
  });
});
