import { expectTypeOf, test } from "vitest";
import type * as root from "../index.js";
import type * as engine from "./engine.js";
import type * as vendor from "./vendor.js";

// The moved types stay importable from the root, unchanged, until 0.3.
test("moved types are the same at the root", () => {
  expectTypeOf<root.TokenPreset>().toEqualTypeOf<vendor.TokenPreset>();
  expectTypeOf<root.AuthClientOptions>().toEqualTypeOf<vendor.AuthClientOptions>();
  expectTypeOf<root.VendorEnvironment>().toEqualTypeOf<vendor.VendorEnvironment>();
  expectTypeOf<root.TokenCredentials>().toEqualTypeOf<vendor.TokenCredentials>();
  expectTypeOf<root.TokenProviderOptions>().toEqualTypeOf<engine.TokenProviderOptions>();
  expectTypeOf<root.AccessTokenSource>().toEqualTypeOf<engine.AccessTokenSource>();
  expectTypeOf<root.TokenHttpResponse>().toEqualTypeOf<engine.TokenHttpResponse>();
  expectTypeOf<root.TokenProvider>().toEqualTypeOf<engine.TokenProvider>();
});
