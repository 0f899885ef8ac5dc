import { describe, expect, test } from "vitest";
import { fromFhir } from "../src/index.js";
import { located, NOW, patient, readOk, refused, snomed } from "./support.js";

const condition = (id: string, reference: string) => ({ resourceType: "Condition", id, clinicalStatus: { coding: [{ code: "active" }] }, code: snomed("38822007"), subject: { reference } });

describe("one patient's record", () => {
  test("a resource about another patient is left out of this patient's context and reported", () => {
    const r = readOk([condition("mine", "Patient/p1"), condition("theirs", "Patient/p2"), condition("absolute", "https://ehr.example.org/fhir/Patient/p1")]);
    expect(r.context.diagnoses?.map((d) => d.id)).toEqual(["mine", "absolute"]);
    expect(located(r.diagnostics)).toEqual(["fhir/other-patient Condition/theirs /2/subject"]);
  });

  test("without a Patient resource, the first subject named is the patient", () => {
    const result = fromFhir([condition("a", "Patient/x"), condition("b", "Patient/y")], { now: NOW, setting: "primary-care" });
    expect(result._tag === "Right" && result.right.context.diagnoses?.map((d) => d.id)).toEqual(["a"]);
  });

  test("two Patients in one input are refused: Steward cannot tell whose record it is", () => {
    expect(refused([patient, { ...patient, id: "p2" }]).map((d) => d.code)).toEqual(["fhir/ambiguous-patient"]);
  });
});
