// The three Synthea patients with a urinary tract infection, read from their whole FHIR record at
// the moment of the consultation that diagnosed it, and evaluated against every bundled guideline
// as a GP system would (the Synthea encounter class AMB does not say it is general practice, so the
// host says so). Everything after that moment — the antibiotics prescribed for it, later results —
// did not exist yet; everything before it is read as it stood then.
import { evaluate, type Decision } from "@steward/core";
import { fromFhir, type FhirReading } from "@steward/fhir";
import { describe, expect, test } from "vitest";
import { conformanceRoot, corpusJson, corpusNote } from "./support/conformance.js";
import { evaluatorOf } from "./support/guidelines.js";

const evaluator = evaluatorOf();

function read(file: string, now: string): FhirReading {
  const result = fromFhir(corpusJson(`synthea/${file}`), { now, setting: "primary-care" });
  if (result._tag === "Left") throw new Error(result.left.map((d) => d.message).join("; "));
  return result.right;
}

function decide(reading: FhirReading, now: string): Decision {
  const result = evaluate(evaluator, reading.context, { now });
  if (result._tag === "Left") throw new Error(result.left.map((d) => d.message).join("; "));
  return result.right;
}

const active = (r: FhirReading): string[] => (r.context.diagnoses ?? []).filter((d) => d.status === "active").map((d) => d.code.code);
/** The guidelines with a rule that fired, and those rules (the other bundled guidelines apply in general practice too, with nothing to say). */
const fired = (d: Decision): [string, string[]][] => d.guidelines.filter((g) => g.rulesApplied.length > 0).map((g) => [g.id, g.rulesApplied]);

describe.skipIf(conformanceRoot === undefined)(`the Synthea patients with a urinary tract infection, at the consultation${corpusNote}`, () => {
  describe("Reginald Auer, 62, with cystitis on 26 December 2003", () => {
    const now = "2003-12-26T15:30:00Z";
    const reading = read("Reginald_Auer_d46fae79-67eb-4721-a300-238c8eb943eb.json", now);

    test("is a man born in 1941, with cystitis and recurrent UTI among his active diagnoses; his earlier resolved sinusitis is not active", () => {
      expect(reading.context.patient).toMatchObject({ birthDate: "1941-08-11", sex: "male", weight: { unit: "kg" } });
      expect(active(reading)).toEqual(["38341003", "162864005", "15777000", "40055000", "271737000", "197927001", "38822007"]);
      expect(reading.context.diagnoses!.find((d) => d.code.code === "40055000" && d.status === "resolved")).toMatchObject({ onset: "1982-04-22T15:24:23+00:00" });
    });

    test("his current orders are unknown: his hydrochlorothiazide order has no route, and Steward will not read the list without it", () => {
      expect(reading.context.orders).toBeUndefined();
      expect(reading.diagnostics.filter((d) => d.code === "fhir/incomplete-list").map((d) => d.location?.id)).toEqual(["f388e528-fa11-4031-8ced-a148b0bb5a1f"]);
      expect(reading.context.allergies).toBeUndefined();
    });

    test("NICE NG109's rule for men offers trimethoprim or nitrofurantoin for 7 days, each with a caution that the allergy history is not recorded, and a low alert says his current orders are not recorded", () => {
      const d = decide(reading, now);
      expect(fired(d)).toEqual([["ng109-lower-uti", ["men", "orders-not-recorded"]]]);
      expect(d.alerts.map((a) => [a.priority, a.key])).toEqual([["low", "ng109-orders-not-recorded"]]);
      expect(d.treatments.map((t) => [t.rank, t.drug.id, t.regimens[0]!.text, t.cautions.length])).toEqual([
        ["first", "trimethoprim", "200 mg oral twice daily for 7 days", 1],
        ["first", "nitrofurantoin", "100 mg modified-release oral twice daily for 7 days", 1],
      ]);
      expect(d.missingData.map((m) => m.data)).toEqual(["list:orders", "list:allergies"]);
    });
  });

  describe("Cammy Kreiger, 40, with an E. coli urinary tract infection on 31 May 2019", () => {
    const now = "2019-05-31T08:00:00Z";
    const reading = read("Cammy_Kreiger_968df7cb-9393-48b6-a9cf-0a9e9a73d4a9.json", now);

    test("has the UTI active, no antibiotic running (the nitrofurantoin of July 2019 was not written yet), and her co-amoxiclav of 2011 in her history", () => {
      expect(reading.context.patient).toMatchObject({ birthDate: "1978-06-10", sex: "female" });
      expect(active(reading)).toEqual(["40055000", "162864005", "301011002"]);
      expect(reading.context.orders).toEqual([]);
      expect(reading.context.medicationHistory!.map((h) => [h.status, h.drug.code?.code, h.authored])).toEqual([
        ["stopped", "389221", "2011-03-25T07:53:26+00:00"],
        ["stopped", "562251", "2011-05-11T07:53:26+00:00"],
        ["stopped", "389221", "2014-03-18T07:53:26+00:00"],
        ["stopped", "1367439", "2017-03-02T07:53:26+00:00"],
      ]);
    });

    test("her RxNorm-coded medicines are reported as not mapped to the formulary", () => {
      expect(reading.diagnostics.filter((d) => d.code === "fhir/unmapped-code").map((d) => d.message.match(/\((\d+) /)?.[1])).toEqual(["389221", "562251", "389221", "1367439"]);
    });

    test("no NG109 rule recognises the E. coli UTI code (SNOMED CT 301011002), so there is no recommendation", () => {
      const d = decide(reading, now);
      expect(fired(d)).toEqual([]);
      expect(d.treatments).toEqual([]);
    });
  });

  describe("Hyacinth Bins, 27, with an E. coli urinary tract infection on 11 October 2018", () => {
    const now = "2018-10-11T19:10:00Z";
    const reading = read("Hyacinth_Bins_665c7335-79e2-4bf1-aa23-101930c6c70a.json", now);

    test("her pregnancy, resolved in March 2018, says nothing about today: pregnancy is unknown", () => {
      expect(reading.context.patient).toMatchObject({ birthDate: "1991-10-18", sex: "female" });
      expect(reading.context.patient.pregnancy).toBeUndefined();
      expect(active(reading)).toEqual(["301011002"]);
    });

    test("her three allergies are to bee venom, mould and dairy, none a medicine", () => {
      expect(reading.context.allergies!.map((a) => [a.code?.code, a.category])).toEqual([
        ["424213003", "food"],
        ["419474003", "food"],
        ["425525006", "food"],
      ]);
    });

    test("no NG109 rule recognises the E. coli UTI code, and the coded-indication rule waits for her current orders", () => {
      const d = decide(reading, now);
      expect(fired(d)).toEqual([]);
      expect(d.missingData.map((m) => m.data)).toEqual(["list:orders"]);
    });
  });
});
