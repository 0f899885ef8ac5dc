import { describe, expect, test } from "vitest";
import { codeSystems, findContextCodeSystem } from "@steward/core";
import { compileRules, decide, fired, patient, reject, rule } from "./support/evaluation.js";

const rules = compileRules(rule("cystitis", "diagnosis in lower-uti"));
const cystitis = (system: string) => patient({ diagnoses: [{ code: { system, code: "38822007" } }] });

describe("code system URIs", () => {
  test.each([["http://snomed.info/sct"], ["snomed"], ["urn:oid:2.16.840.1.113883.6.96"]])("a SNOMED CT code sent with `%s` matches", (system) => {
    expect(fired(decide([rules], cystitis(system)))).toEqual(["cystitis"]);
  });

  test("dm+d is read with or without the trailing slash UK systems send", () => {
    expect(findContextCodeSystem("https://dmd.nhs.uk")?.word).toBe("dmd");
    expect(findContextCodeSystem("https://dmd.nhs.uk/")?.word).toBe("dmd");
  });

  test("an allergy to a dm+d product sent under `https://dmd.nhs.uk/` matches the formulary drug", () => {
    const amoxicillinRule = compileRules(rule("amoxicillin-allergy", "allergic to amoxicillin"));
    for (const system of ["https://dmd.nhs.uk", "https://dmd.nhs.uk/"]) {
      const allergic = patient({ allergies: [{ code: { system, code: "39732411000001106" }, verification: "confirmed" }] });
      expect(fired(decide([amoxicillinRule], allergic))).toEqual(["amoxicillin-allergy"]);
    }
  });

  test("every alias belongs to one system only", () => {
    const all = codeSystems.flatMap((s) => [s.uri, ...s.aliases]);
    expect(new Set(all).size).toBe(all.length);
  });

  test("ICD-10-CM is another code system, not an alias of ICD-10", () => {
    expect(findContextCodeSystem("http://hl7.org/fhir/sid/icd-10-cm")).toBeUndefined();
  });
});

describe("a code system Steward does not know", () => {
  test("matches nothing and is listed in the Decision with every field that used it", () => {
    const context = patient({
      diagnoses: [
        { code: { system: "http://read.info/ctv3", code: "K15.." } },
        { code: { system: "http://snomed.info/sct", code: "38822007" } },
        { code: { system: "http://hl7.org/fhir/sid/icd-10-cm", code: "N30.00" } },
      ],
      observations: [{ code: { system: "http://read.info/ctv3", code: "451E." }, value: 60, unit: "mL/min/1.73m2", time: "2026-06-01" }],
    });
    const decision = decide([rules], context);
    expect(fired(decision)).toEqual(["cystitis"]);
    expect(decision.unknownCodeSystems).toEqual([
      { system: "http://hl7.org/fhir/sid/icd-10-cm", fields: ["/diagnoses/2/code/system"] },
      { system: "http://read.info/ctv3", fields: ["/diagnoses/0/code/system", "/observations/0/code/system"] },
    ]);
  });

  test("a near miss of a system Steward reads is refused, naming the field and the system meant, rather than matching nothing", () => {
    const cases: [string, string][] = [
      ["SNOMED", "http://snomed.info/sct"],
      ["SNOMED CT", "http://snomed.info/sct"],
      ["http://snomed.info/sct/", "http://snomed.info/sct"],
      ["https://snomed.info/sct", "http://snomed.info/sct"],
      [" http://snomed.info/sct", "http://snomed.info/sct"],
      ["2.16.840.1.113883.6.96", "http://snomed.info/sct"],
      ["http://loinc.org/", "http://loinc.org"],
      ["ICD-10", "http://hl7.org/fhir/sid/icd-10"],
      ["DMD", "https://dmd.nhs.uk"],
    ];
    for (const [system, meant] of cases) {
      const [d, ...rest] = reject([rules], cystitis(system));
      expect(rest).toEqual([]);
      expect([d!.code, d!.message, d!.hint]).toEqual(["eval/invalid-context", `/diagnoses/0/code/system: \`${system}\` is not how a code system is named, so its code would match nothing`, expect.stringContaining(`did you mean \`${meant}\``)]);
    }
  });

  test("a code with spaces around it is refused, not trimmed", () => {
    expect(reject([rules], patient({ diagnoses: [{ code: { system: "snomed", code: " 38822007 " } }] })).map((d) => [d.code, d.message])).toEqual([
      ["eval/invalid-context", '/diagnoses/0/code/code: expected a code with no space at either end, got " 38822007 "'],
    ]);
  });

  test("a record with only known systems lists none", () => {
    expect(decide([rules], cystitis("snomed")).unknownCodeSystems).toEqual([]);
  });
});
