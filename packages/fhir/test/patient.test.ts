import { describe, expect, test } from "vitest";
import { fromFhir } from "../src/index.js";
import { located, NOW, patient, readOk, snomed, subject, ucum } from "./support.js";

const observation = (id: string, code: object, at: string, value: object) => ({ resourceType: "Observation", id, status: "final", code, subject, effectiveDateTime: at, ...value });
const weight = (id: string, at: string, kg: number) => observation(id, { coding: [{ system: "http://loinc.org", code: "29463-7", display: "Body weight" }] }, at, { valueQuantity: ucum(kg, "kg") });
const pregnancy = (id: string, at: string, answer: string) => observation(id, { coding: [{ system: "http://loinc.org", code: "82810-3" }] }, at, { valueCodeableConcept: snomed(answer) });

describe("the patient", () => {
  test("birth date and sex come from the Patient; the weight from the latest weight observation made by now", () => {
    const r = readOk([weight("w1", "2026-10-01", 70), weight("w2", "2026-11-20", 68.5), weight("w3", "2026-12-01", 60)]);
    expect(r.context.patient).toEqual({ birthDate: "1960-03-13", sex: "female", weight: { value: 68.5, unit: "kg" } });
    expect(r.provenance.filter((p) => p.fact.startsWith("/patient"))).toEqual([
      { fact: "/patient/birthDate", resourceType: "Patient", id: "p1", pointer: "/0/birthDate" },
      { fact: "/patient/sex", resourceType: "Patient", id: "p1", pointer: "/0/gender" },
      { fact: "/patient/weight", resourceType: "Observation", id: "w2", pointer: "/2/valueQuantity" },
    ]);
  });

  test("a birth date known only to the year, or after the time the record is read at, leaves the age unknown and says why", () => {
    for (const [birthDate, code] of [["1960", "fhir/inexact-value"], ["2027-01-01", "fhir/invalid-value"]] as const) {
      const result = fromFhir([{ ...patient, birthDate }], { now: NOW, setting: "primary-care" });
      expect(result._tag === "Right" && result.right.context.patient.birthDate).toBeUndefined();
      expect(result._tag === "Right" && located(result.right.diagnostics)).toEqual([`${code} Patient/p1 /0/birthDate`]);
    }
  });

  test("a pregnancy Condition active at now makes the patient pregnant; one resolved before now says nothing", () => {
    const active = { resourceType: "Condition", id: "preg", clinicalStatus: { coding: [{ code: "active" }] }, code: snomed("72892002", "Normal pregnancy"), subject, onsetDateTime: "2026-06-01" };
    expect(readOk([active]).context.patient.pregnancy).toEqual({ status: "pregnant" });
    expect(readOk([{ ...active, abatementDateTime: "2026-10-01" }]).context.patient.pregnancy).toBeUndefined();
  });

  test("the latest pregnancy status observation: pregnant whenever recorded, not pregnant only on the day it was recorded", () => {
    expect(readOk([pregnancy("s1", "2026-08-01", "77386006")]).context.patient.pregnancy).toEqual({ status: "pregnant" });
    expect(readOk([pregnancy("s1", "2026-08-01", "77386006"), pregnancy("s2", "2026-11-25T08:30:00Z", "60001007")]).context.patient.pregnancy).toEqual({ status: "not-pregnant" });
    const stale = readOk([pregnancy("s2", "2026-11-20", "60001007")]);
    expect(stale.context.patient.pregnancy).toBeUndefined();
    expect(located(stale.diagnostics)).toEqual(["fhir/inexact-value Observation/s2 /1/valueCodeableConcept"]);
  });
});
