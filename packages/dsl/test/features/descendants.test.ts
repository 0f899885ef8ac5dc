// §6.4: `snomed << concept` in a code list, resolved at compile time from an expansion file.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { contentHash } from "@steward/core/content-hash";
import { format, parse } from "@steward/dsl";
import { compileErrors, compileOk, header, ruleWhen } from "./guideline.js";

const sampleText = readFileSync(resolve(import.meta.dirname, "../../../../test/fixtures/terminology/sample-uti-expansion.json"), "utf8");
const sample = JSON.parse(sampleText) as Record<string, unknown>;

const list = (field = `  expansion "terminology/uti.json"\n`, entries = `  snomed << 68566005 "Urinary tract infectious disease"\n`) =>
  `${header}\ncodes uti-any "Urinary tract infection, any kind" {\n${field}${entries}}\n\n${ruleWhen("diagnosis in uti-any")}`;

const withSample = { "terminology/uti.json": sampleText };

/** A ValueSet like the sample, changed. */
function valueSet(change: (vs: Record<string, unknown>, expansion: Record<string, unknown>) => void): string {
  const vs = structuredClone(sample);
  change(vs, vs["expansion"] as Record<string, unknown>);
  return JSON.stringify(vs);
}

describe("`<<` in a code list", () => {
  test("holds the concept and every concept of its expansion, each marked with the concept it is below", () => {
    const ir = compileOk(list(), withSample);
    const codes = ir.codeLists[0]!.codes;
    expect(codes[0]).toEqual({ system: "snomed", code: "68566005", display: "Urinary tract infectious disease" });
    expect(codes.slice(1)).toEqual([
      { system: "snomed", code: "1090711000000102", display: "Acute lower urinary tract infection", expandedFrom: "68566005" },
      { system: "snomed", code: "36689008", display: "Acute pyelonephritis", expandedFrom: "68566005" },
      { system: "snomed", code: "38822007", display: "Cystitis", expandedFrom: "68566005" },
      { system: "snomed", code: "45816000", display: "Pyelonephritis", expandedFrom: "68566005" },
    ]);
  });

  test("records which expansion the codes came from: its value set, time, hash and size", () => {
    const ir = compileOk(list(), withSample);
    expect(ir.codeLists[0]!.expansions).toEqual([
      {
        code: "68566005",
        display: "Urinary tract infectious disease",
        valueSet: "http://snomed.info/sct?fhir_vs=ecl/<<68566005",
        timestamp: "2026-11-20T09:00:00Z",
        contentHash: contentHash(sample),
        concepts: 5,
      },
    ]);
  });

  test("records the SNOMED CT version the server names, and a new expansion changes the guideline's hash", () => {
    const versioned = valueSet((_, e) => {
      e["parameter"] = [{ name: "version", valueUri: "http://snomed.info/sct|http://snomed.info/sct/83821000000107/version/20251119" }];
    });
    const a = compileOk(list(), withSample);
    const b = compileOk(list(), { "terminology/uti.json": versioned });
    expect(b.codeLists[0]!.expansions![0]!.version).toBe("http://snomed.info/sct|http://snomed.info/sct/83821000000107/version/20251119");
    expect(b.contentHash).not.toBe(a.contentHash);
  });

  test("codes written in the list come first and are not repeated by the expansion", () => {
    const ir = compileOk(list(undefined, `  snomed 38822007 "Cystitis"\n  snomed << 68566005 "Urinary tract infectious disease"\n`), withSample);
    expect(ir.codeLists[0]!.codes.map((c) => c.code)).toEqual(["38822007", "68566005", "1090711000000102", "36689008", "45816000"]);
    expect(ir.codeLists[0]!.codes[0]).toEqual({ system: "snomed", code: "38822007", display: "Cystitis" });
  });

  test("reads a Bundle of expansions, URL-encoded ECL and a versioned SNOMED CT URI", () => {
    const encoded = valueSet((vs) => {
      vs["url"] = "http://snomed.info/sct/83821000000107?fhir_vs=ecl/%3C%3C%2068566005%20%7CUrinary%20tract%20infectious%20disease%7C";
    });
    const bundle = JSON.stringify({ resourceType: "Bundle", type: "batch-response", entry: [{ resource: JSON.parse(encoded) as unknown }] });
    expect(compileOk(list(), { "terminology/uti.json": bundle }).codeLists[0]!.codes).toHaveLength(5);
  });

  test("flattens a hierarchical expansion", () => {
    const nested = valueSet((_, e) => {
      const [self, ...rest] = e["contains"] as unknown[];
      e["contains"] = [{ ...(self as object), contains: rest }];
    });
    expect(compileOk(list(), { "terminology/uti.json": nested }).codeLists[0]!.codes).toHaveLength(5);
  });

  test("the path of the expansion file is relative to the rule file", () => {
    expect(compileOk(list(`  expansion "../terminology/uti.json"\n`), { "terminology/uti.json": sampleText }, "guidelines/main.stw").codeLists[0]!.codes).toHaveLength(5);
  });

  test("formats back as written, and `<<` parses only before a code", () => {
    const text = `codes uti-any {\n  expansion "terminology/uti.json"\n  snomed << 68566005 "Urinary tract infectious disease"\n}\n`;
    expect(format(parse(text, "x.stw").ast)).toBe(text);
    expect(format(parse(text.replace("<< 68566005", "<<68566005"), "x.stw").ast)).toBe(text);
  });
});

describe("a missing or unusable expansion is an error where it is named, never an empty list", () => {
  test("a `<<` code in a list that names no expansion file", () => {
    expect(compileErrors(list(""))).toEqual([{ code: "check/missing-expansion", severity: "error", line: 16, column: 3 }]);
  });

  test("an expansion file that cannot be read", () => {
    expect(compileErrors(list())).toEqual([{ code: "check/expansion-not-found", severity: "error", line: 16, column: 13 }]);
  });

  test("an expansion file with no expansion of that concept", () => {
    const other = valueSet((vs) => {
      vs["url"] = "http://snomed.info/sct?fhir_vs=ecl/<<38822007";
    });
    expect(compileErrors(list(), { "terminology/uti.json": other })).toEqual([{ code: "check/missing-expansion", severity: "error", line: 17, column: 13 }]);
  });

  test("a stale expansion: the concept is not in its own expansion", () => {
    const stale = valueSet((_, e) => {
      e["contains"] = (e["contains"] as { code: string }[]).filter((c) => c.code !== "68566005");
      e["total"] = 4;
    });
    expect(compileErrors(list(), { "terminology/uti.json": stale })).toEqual([{ code: "check/stale-expansion", severity: "error", line: 17, column: 13 }]);
  });

  test.each([
    ["not JSON", "{"],
    ["a CodeSystem", JSON.stringify({ resourceType: "CodeSystem" })],
    ["a ValueSet definition without an expansion", valueSet((vs) => delete vs["expansion"])],
    ["an expansion without its timestamp", valueSet((_, e) => delete e["timestamp"])],
    ["one page of a longer expansion", valueSet((_, e) => (e["total"] = 250))],
    ["an expansion of something other than `<<`", valueSet((vs) => (vs["url"] = "http://snomed.info/sct?fhir_vs=ecl/<68566005"))],
    ["a concept of another code system", valueSet((_, e) => (e["contains"] as object[]).push({ system: "http://read.info/ctv3", code: "K15.." }))],
  ])("a file that is %s", (_what, text) => {
    expect(compileErrors(list(), { "terminology/uti.json": text }).map((d) => d.code)).toEqual(["check/invalid-expansion"]);
  });

  test("`<<` outside a code list, or on a code of another system", () => {
    expect(compileErrors(`${header}\nobservation egfr {\n  unit mL/min/1.73m2\n  snomed << 1011481000000105 "eGFR"\n}\n`).map((d) => d.code)).toContain("check/invalid-value");
    expect(compileErrors(list(undefined, `  dmd << 39732411000001106 "Amoxicillin 500mg capsules"\n`), withSample).map((d) => d.code)).toEqual(["check/invalid-value"]);
  });

  test("`expansion` is a field of code lists only", () => {
    expect(compileErrors(`${header}\nfinding fever {\n  expansion "terminology/uti.json"\n  snomed 386661006 "Fever"\n}\n`).map((d) => d.code)).toEqual(["check/unknown-field"]);
  });
});
