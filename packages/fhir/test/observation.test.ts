import { describe, expect, test } from "vitest";
import { fromFhir } from "../src/index.js";
import { conformanceRoot, corpusJson, corpusNote } from "../../../test/support/conformance.js";
import { located, NOW, readOk, snomed, subject, ucum } from "./support.js";

const loinc = (code: string, display?: string) => ({ coding: [display === undefined ? { system: "http://loinc.org", code } : { system: "http://loinc.org", code, display }] });
const observation = (id: string, fields: object) => ({ resourceType: "Observation", id, status: "final", subject, effectiveDateTime: "2026-11-24T08:00:00Z", ...fields });
const corpus = (file: string) => {
  const result = fromFhir(corpusJson(`fhir-r4/examples/${file}`), { now: NOW, setting: "inpatient" });
  if (result._tag === "Left") throw new Error("refused");
  return result.right;
};

describe.skipIf(conformanceRoot === undefined)(`the HL7 observation examples${corpusNote}`, () => {
  test("a blood pressure is read as its two components, each with its own code, the UCUM `mm[Hg]` in Steward's spelling", () => {
    expect(corpus("Observation-blood-pressure.json").context.observations?.map((o) => [o.code.code, o.value, o.unit])).toEqual([
      ["8480-6", 107, "mmHg"],
      ["8462-4", 60, "mmHg"],
    ]);
  });

  test("an eGFR given as a bound (`>60`) is left out with the place of the comparator; the exact component is read", () => {
    const r = corpus("Observation-f205.json");
    expect(r.context.observations?.map((o) => [o.code.code, o.value, o.unit])).toEqual([["48642-3", 60, "mL/min/1.73m2"]]);
    expect(located(r.diagnostics)).toEqual(["fhir/inexact-value Observation/f205 /component/0/valueQuantity/comparator"]);
    expect(r.diagnostics[0]!.message).toBe("Observation/f205 /component/0/valueQuantity/comparator: `>60` is a bound, not a value, and a rule compares exact values");
  });

  test("a creatinine whose unit is coded in SNOMED CT (258814008) is reported, not guessed", () => {
    const r = corpus("Observation-f204.json");
    expect(r.context.observations).toEqual([]);
    expect(located(r.diagnostics)).toEqual(["fhir/inexact-value Observation/f204 /valueQuantity/system"]);
    expect(r.diagnostics[0]!.message).toContain("the unit is coded as `258814008` in `http://snomed.info/sct`, not in UCUM");
  });

  test("an observation entered in error is not read", () => {
    expect(corpus("Observation-f202.json").context.observations).toEqual([]);
  });

  test("an oxygen saturation with two LOINC codes is one result, under the first LOINC code", () => {
    expect(corpus("Observation-satO2.json").context.observations?.map((o) => [o.code.code, o.value, o.unit])).toEqual([["2708-6", 95, "%"]]);
  });
});

describe("numeric observations", () => {
  test("LOINC is preferred to SNOMED CT when an observation carries both, so one result is sent once", () => {
    const temperature = observation("t", { code: { coding: [{ system: "http://snomed.info/sct", code: "276885007" }, { system: "http://loinc.org", code: "8310-5" }] }, valueQuantity: ucum(37.5, "Cel") });
    expect(readOk([temperature]).context.observations).toEqual([{ id: "t", code: { system: "http://loinc.org", code: "8310-5" }, value: 37.5, unit: "°C", time: "2026-11-24T08:00:00Z" }]);
  });

  test("a result made after now did not exist yet", () => {
    expect(readOk([observation("later", { code: loinc("33914-3"), effectiveDateTime: "2026-11-26T08:00:00Z", valueQuantity: ucum(80, "mL/min/{1.73_m2}") })]).context.observations).toEqual([]);
  });

  test("without an effective time, the issue time dates the result; without either it is left out and said", () => {
    const issued = observation("issued", { code: loinc("33914-3"), effectiveDateTime: undefined, issued: "2026-11-24T10:00:00Z", valueQuantity: ucum(80, "mL/min/{1.73_m2}") });
    expect(readOk([issued]).context.observations?.[0]?.time).toBe("2026-11-24T10:00:00Z");
    const undated = readOk([observation("undated", { code: loinc("33914-3"), effectiveDateTime: undefined, valueQuantity: ucum(80, "mL/min/{1.73_m2}") })]);
    expect(undated.context.observations).toEqual([]);
    expect(located(undated.diagnostics)).toEqual(["fhir/invalid-resource Observation/undated /1"]);
  });

  test("any UCUM spelling of a quantity Steward knows is read in Steward's unit: a white cell count in `10*3/uL` is the same number of 10^9/L, a temperature in `[degF]` is converted", () => {
    const r = readOk([
      observation("wcc", { code: loinc("6690-2"), valueQuantity: ucum(7.2, "10*3/uL") }),
      observation("temperature", { code: loinc("8310-5"), valueQuantity: ucum(98.6, "[degF]") }),
      observation("weight", { code: loinc("29463-7"), valueQuantity: ucum(154, "[lb_av]") }),
    ]);
    expect(r.context.observations?.map((o) => [o.id, o.value, o.unit])).toEqual([
      ["wcc", 7.2, "10^9/L"],
      ["temperature", 37, "°C"],
    ]);
    expect(r.context.patient.weight).toEqual({ value: 69.85322498, unit: "kg" });
    expect(r.diagnostics).toEqual([]);
  });

  test("a NEWS2 score in UK Core's `{ScoreOf}` is a plain number", () => {
    const r = readOk([observation("news2", { code: snomed("1104051000000101"), valueQuantity: ucum(6, "{ScoreOf}") })]);
    expect(r.context.observations?.map((o) => [o.value, o.unit])).toEqual([[6, ""]]);
  });

  test("a UCUM unit that is no quantity Steward knows goes through as sent, unreported here: the evaluator makes it unknown for the rules that read it", () => {
    const r = readOk([
      observation("ige", { code: loinc("6206-7"), valueQuantity: ucum(0.25, "kU/L") }),
      observation("wcc", { code: loinc("6690-2"), valueQuantity: ucum(13, "mg/dL") }),
    ]);
    expect(r.context.observations?.map((o) => [o.id, o.value, o.unit])).toEqual([
      ["ige", 0.25, "kU/L"],
      ["wcc", 13, "mg/dL"],
    ]);
    expect(r.diagnostics).toEqual([]);
  });

  test("a unit given only in words is not guessed", () => {
    const r = readOk([observation("words", { code: loinc("33914-3"), valueQuantity: { value: 80, unit: "mL/min/1.73m2" } })]);
    expect(r.context.observations).toEqual([]);
    expect(located(r.diagnostics)).toEqual(["fhir/inexact-value Observation/words /1/valueQuantity/unit"]);
  });

  test("a score with no unit is a plain number", () => {
    expect(readOk([observation("news2", { code: snomed("1104051000000101"), valueInteger: 5 })]).context.observations?.map((o) => [o.value, o.unit])).toEqual([[5, ""]]);
  });
});

describe("findings", () => {
  test("a true/false observation is a finding: by the guideline's id in Steward's finding code system, or by its code", () => {
    const byId = observation("f1", { code: { coding: [{ system: "https://steward.dev/fhir/CodeSystem/finding", code: "symptoms-improving" }] }, valueBoolean: true });
    const byCode = observation("f2", { code: snomed("422587007", "Nausea"), valueBoolean: false });
    expect(readOk([byId, byCode]).context.findings).toEqual([
      { finding: "symptoms-improving", present: true, time: "2026-11-24T08:00:00Z" },
      { code: { system: "http://snomed.info/sct", code: "422587007", display: "Nausea" }, present: false, time: "2026-11-24T08:00:00Z" },
    ]);
  });
});
