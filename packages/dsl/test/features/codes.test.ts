import { describe, expect, test } from "vitest";
import { compileErrors, compileOk, header, ruleWhen } from "./guideline.js";

const uti = `codes lower-uti "Lower urinary tract infection" {
  snomed 38822007 "Cystitis"
  snomed 1090711000000102 "Acute lower urinary tract infection" unverified "display name not confirmed"
  icd10 N30.0 "Acute cystitis"
}
`;

describe("code lists, observations and findings (§6–§8)", () => {
  test("lower to IR with their title and codes in the order written, keeping `unverified` notes", () => {
    const ir = compileOk(`${header}\n${uti}`);
    expect(ir.codeLists).toEqual([
      {
        id: "lower-uti",
        title: "Lower urinary tract infection",
        codes: [
          { system: "snomed", code: "38822007", display: "Cystitis" },
          { system: "snomed", code: "1090711000000102", display: "Acute lower urinary tract infection", unverified: "display name not confirmed" },
          { system: "icd10", code: "N30.0", display: "Acute cystitis" },
        ],
      },
    ]);
  });

  test("a code list without a title has no title in the IR", () => {
    const ir = compileOk(`${header}\ncodes organisms {\n  snomed 112283007 "Escherichia coli"\n}\n`);
    expect(ir.codeLists).toEqual([{ id: "organisms", codes: [{ system: "snomed", code: "112283007", display: "Escherichia coli" }] }]);
  });

  test("`diagnosis in` a code list lowers to a membership test", () => {
    const ir = compileOk(`${header}\n${uti}\n${ruleWhen("diagnosis in lower-uti")}`);
    expect(ir.rules[0]!.when).toEqual({ kind: "in", value: { kind: "diagnosis" }, set: { kind: "code-list", id: "lower-uti" }, text: "diagnosis in lower-uti" });
  });

  test("observations carry LOINC codes and their unit, written canonically", () => {
    const ir = compileOk(`${header}\nobservation egfr "eGFR" {\n  unit ml/min/1.73m2\n  loinc 33914-3 "eGFR (MDRD)"\n  loinc 62238-1 "eGFR (CKD-EPI)"\n}\n`);
    expect(ir.observations).toEqual([
      {
        id: "egfr",
        title: "eGFR",
        unit: "mL/min/1.73m2",
        codes: [
          { system: "loinc", code: "33914-3", display: "eGFR (MDRD)" },
          { system: "loinc", code: "62238-1", display: "eGFR (CKD-EPI)" },
        ],
      },
    ]);
  });

  test("a finding without a title is titled by its id, and may carry SNOMED codes", () => {
    const ir = compileOk(`${header}\nfinding fever\nfinding improving "Symptoms improving" {\n  snomed 38822007 "Cystitis"\n}\n`);
    expect(ir.findings).toEqual([
      { id: "fever", title: "fever", codes: [] },
      { id: "improving", title: "Symptoms improving", codes: [{ system: "snomed", code: "38822007", display: "Cystitis" }] },
    ]);
  });

  test("a SNOMED CT code with a wrong check digit is reported at the code", () => {
    expect(compileErrors(`${header}\ncodes c {\n  snomed 38822008 "Cystitis"\n}\n`)).toEqual([{ code: "check/malformed-code", severity: "error", line: 16, column: 10 }]);
  });

  test("a LOINC code with a wrong check digit is reported at the code", () => {
    expect(compileErrors(`${header}\ncodes c {\n  loinc 33914-4 "eGFR"\n}\n`)).toEqual([{ code: "check/malformed-code", severity: "error", line: 16, column: 9 }]);
  });

  test("an ICD-10 code must be a letter, two digits and an optional suffix", () => {
    expect(compileErrors(`${header}\ncodes c {\n  icd10 N300.0 "Acute cystitis"\n}\n`)).toEqual([{ code: "check/malformed-code", severity: "error", line: 16, column: 9 }]);
  });

  test("an unknown code system is reported at the system", () => {
    expect(compileErrors(`${header}\ncodes c {\n  snowmed 38822007 "Cystitis"\n}\n`)).toEqual([{ code: "check/unknown-code-system", severity: "error", line: 16, column: 3 }]);
  });

  test("a finding takes SNOMED CT codes only", () => {
    expect(compileErrors(`${header}\nfinding f "F" {\n  loinc 33914-3 "eGFR"\n}\n`)).toEqual([{ code: "check/unknown-code-system", severity: "error", line: 16, column: 3 }]);
  });

  test("a repeated code is a warning, and the IR lists it once", () => {
    const ir = compileOk(`${header}\ncodes c {\n  snomed 38822007 "Cystitis"\n  snomed 38822007 "Cystitis again"\n}\n`);
    expect(ir.codeLists[0]!.codes).toEqual([{ system: "snomed", code: "38822007", display: "Cystitis" }]);
  });

  test("a code list with no codes is reported at its name", () => {
    expect(compileErrors(`${header}\ncodes nothing "Nothing" {\n}\n`)).toEqual([{ code: "check/empty-code-list", severity: "error", line: 15, column: 7 }]);
  });

  test("an observation with no codes is reported, since no result could match it", () => {
    expect(compileErrors(`${header}\nobservation crp "CRP" {\n  unit mg/L\n}\n`)).toEqual([{ code: "check/empty-code-list", severity: "error", line: 15, column: 13 }]);
  });
});
