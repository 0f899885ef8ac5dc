import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { canonicalJson, contentHash } from "../src/content-hash.js";
import { compileNg109 } from "./support/evaluation.js";

// The cases RFC 8785 (JSON Canonicalization Scheme) works through: member order, numbers, strings, literals.
describe("canonicalJson is RFC 8785 canonical JSON", () => {
  test("members are sorted by name compared as UTF-16 code units, so a character outside the BMP sorts before U+FB33", () => {
    const value = { "\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One", "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control", "\u00f6": "Latin Small Letter O With Diaeresis" };
    // Read the names from the text: an object would list the integer-like name "1" first whatever the text says.
    const order = [...canonicalJson(value).matchAll(/"((?:[^"\\]|\\.)*)":/g)].map((m) => JSON.parse(`"${m[1]!}"`) as string);
    expect(order).toEqual(["\r", "1", "\u0080", "\u00f6", "\u20ac", "\ud83d\ude00", "\ufb33"]);
  });

  test("integer-like names are sorted as text too, not first in numeric order as a JavaScript object lists them", () => {
    expect(canonicalJson({ b: 1, "10": 2, "9": 3, a: 4 })).toBe('{"10":2,"9":3,"a":4,"b":1}');
  });

  test("numbers are written in ECMAScript's shortest form", () => {
    expect(canonicalJson([333333333.33333329, 1e30, 4.5, 2e-3, 0.000000000000000000000000001, -0, 100])).toBe("[333333333.3333333,1e+30,4.5,0.002,1e-27,0,100]");
  });

  test("strings escape only the quote, the backslash and control characters, with lowercase hex", () => {
    expect(canonicalJson("\u20ac$\u000f\u000aA'\u0042\u0022\u005c\\\"/")).toBe('"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"');
  });

  test("nested objects are sorted at every level, arrays keep their order, and there is no whitespace", () => {
    expect(canonicalJson({ b: [3, { z: null, a: true }], a: { d: false, c: "x" } })).toBe('{"a":{"c":"x","d":false},"b":[3,{"a":true,"z":null}]}');
  });
});

describe("a compiled guideline's contentHash", () => {
  test("is sha256: and the hex SHA-256 of the UTF-8 canonical JSON of the IR without its contentHash member", () => {
    const ir = compileNg109();
    const { contentHash: stated, ...rest } = ir;
    const digest = createHash("sha256").update(Buffer.from(canonicalJson(rest), "utf8")).digest("hex");
    expect(stated).toBe(`sha256:${digest}`);
    expect(contentHash(rest)).toBe(stated);
  });

  test("does not depend on the order members were written in", () => {
    const rest: Record<string, unknown> = { ...compileNg109() };
    delete rest["contentHash"];
    const reversed = Object.fromEntries(Object.entries(rest).reverse());
    expect(contentHash(reversed)).toBe(contentHash(rest));
  });
});
