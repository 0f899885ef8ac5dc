import { evaluate } from "@steward/core";
import { describe, expect, test } from "vitest";
import { fromFhir } from "../src/index.js";
import { conformanceRoot, corpusJson, corpusNote } from "../../../test/support/conformance.js";
import { evaluatorOf } from "../../../test/support/guidelines.js";
import { located, NOW, readOk, snomed, subject } from "./support.js";

const allergy = (id: string, code: object, fields: object = {}) => ({
  resourceType: "AllergyIntolerance",
  id,
  clinicalStatus: { coding: [{ code: "active" }] },
  verificationStatus: { coding: [{ code: "confirmed" }] },
  code,
  patient: subject,
  ...fields,
});
const amoxicillinDmd = (system: string) => ({ coding: [{ system, code: "39732311000001104", display: "Amoxicillin 250mg capsules" }] });

describe.skipIf(conformanceRoot === undefined)(`the UK Core allergy examples${corpusNote}`, () => {
  const ukCore = (name: string): unknown => corpusJson(`uk-core/examples-json/UKCore-AllergyIntolerance-${name}-Example.json`);

  test("the amoxicillin allergy is the SNOMED CT substance 372687004, confirmed, with its urticarial rash as the manifestation and mild as the severity", () => {
    const result = fromFhir(ukCore("Amoxicillin"), { now: NOW, setting: "primary-care" });
    expect(result._tag === "Right" && result.right.context.allergies).toEqual([
      {
        id: "UKCore-AllergyIntolerance-Amoxicillin-Example",
        code: { system: "http://snomed.info/sct", code: "372687004", display: "Amoxicillin" },
        verification: "confirmed",
        manifestations: [{ system: "http://snomed.info/sct", code: "247472004", display: "Urticarial rash" }],
        severity: "mild",
      },
    ]);
  });

  test("the 'no known drug allergy' snippet (SNOMED CT 409137002) is an empty allergy list, not an allergy", () => {
    const result = fromFhir(ukCore("Sn-NegHandlNoKnownAllergies"), { now: NOW, setting: "primary-care" });
    expect(result._tag === "Right" && result.right.context.allergies).toEqual([]);
    const hl7 = fromFhir(corpusJson("fhir-r4/examples/AllergyIntolerance-nkda.json"), { now: NOW, setting: "primary-care" });
    expect(hl7._tag === "Right" && hl7.right.context.allergies).toEqual([]);
  });

  test("the amoxicillin allergy entered in error is no allergy statement at all: allergies stay unknown", () => {
    const result = fromFhir(ukCore("EnteredInError"), { now: NOW, setting: "primary-care" });
    expect(result._tag === "Right" && result.right.context.allergies).toBeUndefined();
  });

  test("the HL7 penicillin allergy coded in RxNorm is sent as it is and reported as not matched by code", () => {
    const result = fromFhir(corpusJson("fhir-r4/examples/AllergyIntolerance-medication.json"), { now: NOW, setting: "primary-care" });
    if (result._tag === "Left") throw new Error("refused");
    expect(result.right.context.allergies).toMatchObject([{ code: { system: "http://www.nlm.nih.gov/research/umls/rxnorm", code: "7980" }, criticality: "high", verification: "unconfirmed", category: "medication" }]);
    expect(located(result.right.diagnostics)).toEqual(["fhir/unmapped-code AllergyIntolerance/medication /code/coding/0"]);
  });
});

describe("allergies coded with dm+d", () => {
  test("with or without the trailing slash UK Core writes on the dm+d system, the code is read under one system", () => {
    for (const system of ["https://dmd.nhs.uk/", "https://dmd.nhs.uk"]) {
      expect(readOk([allergy("a", amoxicillinDmd(system))]).context.allergies?.[0]?.code).toEqual({ system: "https://dmd.nhs.uk", code: "39732311000001104", display: "Amoxicillin 250mg capsules" });
    }
  });

  test("a dm+d-coded amoxicillin allergy rules out pivmecillinam, a penicillin, for a woman with cystitis", () => {
    const cystitis = { resourceType: "Condition", id: "uti", clinicalStatus: { coding: [{ code: "active" }] }, code: snomed("38822007", "Cystitis"), subject };
    const r = readOk([allergy("a", amoxicillinDmd("https://dmd.nhs.uk/")), cystitis]);
    const decision = evaluate(evaluatorOf(), { ...r.context, patient: { ...r.context.patient, birthDate: "1996-05-14", pregnancy: { status: "not-pregnant" } } }, { now: NOW });
    if (decision._tag === "Left") throw new Error(decision.left.map((d) => d.message).join("; "));
    expect(decision.right.excluded.filter((e) => e.because === "allergy").map((e) => e.drug.id)).toContain("pivmecillinam");
  });
});

describe("what an allergy record says", () => {
  test("manifestations from every reaction, the worst severity, the reaction descriptions, category, type and criticality", () => {
    const reactions = [
      { manifestation: [snomed("247472004", "Urticarial rash")], severity: "moderate", description: "hives after the second dose" },
      { manifestation: [{ ...snomed("39579001", "Anaphylaxis"), text: "anaphylaxis" }], severity: "severe", description: "collapsed" },
    ];
    const r = readOk([allergy("a", snomed("372687004", "Amoxicillin"), { reaction: reactions, category: ["medication"], type: "allergy", criticality: "high" })]);
    expect(r.context.allergies).toEqual([
      {
        id: "a",
        code: { system: "http://snomed.info/sct", code: "372687004", display: "Amoxicillin" },
        category: "medication",
        type: "allergy",
        verification: "confirmed",
        criticality: "high",
        manifestations: [
          { system: "http://snomed.info/sct", code: "247472004", display: "Urticarial rash" },
          { system: "http://snomed.info/sct", code: "39579001", display: "Anaphylaxis" },
        ],
        severity: "severe",
        reaction: "hives after the second dose; collapsed",
      },
    ]);
  });

  test("a resolved allergy is not an allergy now, but it is an allergy statement: the list is known", () => {
    expect(readOk([allergy("old", snomed("372687004"), { clinicalStatus: { coding: [{ code: "resolved" }] } })]).context.allergies).toEqual([]);
  });

  test("an allergy recorded after now was not known then", () => {
    expect(readOk([allergy("later", snomed("372687004"), { recordedDate: "2026-12-01" })]).context.allergies).toBeUndefined();
  });

  test("an allergy recorded only in words leaves the allergies unknown, rather than a list that silently misses it", () => {
    const r = readOk([allergy("words", { text: "penicillin" }), allergy("coded", snomed("372687004"))]);
    expect(r.context.allergies).toBeUndefined();
    expect(located(r.diagnostics)).toEqual(["fhir/invalid-resource AllergyIntolerance/words /1/code"]);
  });
});
