import { describe, expect, test } from "vitest";
import { located, readOk, snomed, subject } from "./support.js";

const condition = (id: string, fields: object) => ({ resourceType: "Condition", id, code: snomed("38822007", "Cystitis"), subject, clinicalStatus: { coding: [{ code: "active" }] }, ...fields });
const statuses = (resources: readonly object[]) => readOk(resources).context.diagnoses?.map((d) => [d.id, d.status]);

describe("conditions, as they stood at now", () => {
  test("one whose onset is after now did not exist yet; one recorded after now was not known yet", () => {
    expect(statuses([condition("later", { onsetDateTime: "2026-12-01" }), condition("unrecorded", { recordedDate: "2026-11-26" })])).toEqual([]);
  });

  test("one that abated by now was resolved, whatever its status says now; one resolved since was still active then", () => {
    expect(statuses([condition("abated", { onsetDateTime: "2026-11-01", abatementDateTime: "2026-11-20" })])).toEqual([["abated", "resolved"]]);
    expect(statuses([condition("since", { onsetDateTime: "2026-11-01", abatementDateTime: "2026-12-01", clinicalStatus: { coding: [{ code: "resolved" }] } })])).toEqual([["since", "active"]]);
  });

  test("clinical statuses map to the context's (recurrence is active, remission inactive); refuted is kept as refuted; entered in error is dropped", () => {
    const list = [
      condition("a", { clinicalStatus: { coding: [{ code: "recurrence" }] } }),
      condition("b", { clinicalStatus: { coding: [{ code: "remission" }] } }),
      condition("c", { clinicalStatus: { coding: [{ code: "resolved" }] } }),
      condition("d", { verificationStatus: { coding: [{ code: "refuted" }] } }),
      condition("e", { verificationStatus: { coding: [{ code: "entered-in-error" }] } }),
    ];
    expect(statuses(list)).toEqual([["a", "active"], ["b", "inactive"], ["c", "resolved"], ["d", "refuted"]]);
  });

  test("a condition without a clinical status or abatement is read as active, and that is said", () => {
    const r = readOk([condition("encounter-diagnosis", { clinicalStatus: undefined })]);
    expect(r.context.diagnoses?.map((d) => d.status)).toEqual(["active"]);
    expect(located(r.diagnostics)).toEqual(["fhir/inexact-value Condition/encounter-diagnosis /1/clinicalStatus"]);
  });

  test("every coding is sent, so a guideline listing any of them recognises the condition; its onset and recording travel with it", () => {
    const twoCodes = condition("c", { code: { coding: [{ system: "http://snomed.info/sct", code: "38822007" }, { system: "http://hl7.org/fhir/sid/icd-10", code: "N30.0" }], text: "Acute cystitis" }, onsetDateTime: "2026-11-24", recordedDate: "2026-11-25T08:00:00Z" });
    expect(readOk([twoCodes]).context.diagnoses).toEqual([
      { id: "c", code: { system: "http://snomed.info/sct", code: "38822007", display: "Acute cystitis" }, status: "active", recorded: "2026-11-25T08:00:00Z", onset: "2026-11-24" },
      { id: "c", code: { system: "http://hl7.org/fhir/sid/icd-10", code: "N30.0", display: "Acute cystitis" }, status: "active", recorded: "2026-11-25T08:00:00Z", onset: "2026-11-24" },
    ]);
  });

  test("a condition recorded only in words cannot be recognised, and is reported where it is", () => {
    const r = readOk([condition("words", { code: { text: "water infection" } })]);
    expect(r.context.diagnoses).toEqual([]);
    expect(located(r.diagnostics)).toEqual(["fhir/invalid-resource Condition/words /1/code"]);
    expect(r.diagnostics[0]!.message).toBe("Condition/words /code: has no coded diagnosis (only the words `water infection`), so no guideline can recognise it");
  });

  test("an Encounter diagnosis whose Condition is not in the input is reported", () => {
    const encounter = { resourceType: "Encounter", id: "e1", status: "in-progress", class: { system: "http://terminology.hl7.org/CodeSystem/v3-ActCode", code: "IMP" }, subject, period: { start: "2026-11-24" }, diagnosis: [{ condition: { reference: "Condition/elsewhere" } }] };
    expect(located(readOk([encounter]).diagnostics)).toEqual(["fhir/unresolved-reference Encounter/e1 /1/diagnosis/0/condition"]);
  });
});
