import { describe, expect, it } from "vitest";
import { decodeBasic, parseRequestBody } from "./request-body.js";

describe("parseRequestBody", () => {
  it("reads JSON objects and forms by content type, and flags what does not parse", () => {
    expect(parseRequestBody("application/json; charset=utf-8", '{"a":1}')).toEqual({
      encoding: "json",
      fields: { a: 1 },
      wellFormed: true,
    });
    expect(parseRequestBody("application/json", "[1]")).toEqual({
      encoding: "json",
      fields: {},
      wellFormed: false,
    });
    expect(parseRequestBody("application/json", "{")).toEqual({
      encoding: "json",
      fields: {},
      wellFormed: false,
    });
    expect(parseRequestBody("application/x-www-form-urlencoded", "a=1&b=x+y").fields).toEqual({
      a: "1",
      b: "x y",
    });
    expect(parseRequestBody("text/plain", "a=1")).toEqual({
      encoding: "other",
      fields: {},
      wellFormed: false,
    });
    expect(parseRequestBody(null, "").encoding).toBe("other");
  });
});

describe("decodeBasic", () => {
  it("form-decodes id and secret around the first colon (RFC 6749 §2.3.1)", () => {
    expect(decodeBasic(`Basic ${btoa("my%20id:s%3Acr:et")}`)).toEqual({
      clientId: "my id",
      clientSecret: "s:cr:et",
    });
  });

  it("refuses what is not Basic, has no colon or is not UTF-8", () => {
    expect(decodeBasic(undefined)).toBeUndefined();
    expect(decodeBasic("Bearer abc")).toBeUndefined();
    expect(decodeBasic(`Basic ${btoa("nocolon")}`)).toBeUndefined();
    expect(decodeBasic(`Basic ${btoa("\xff:\xfe")}`)).toBeUndefined();
    expect(decodeBasic(`Basic ${btoa("id:100%")}`)).toBeUndefined();
  });
});
