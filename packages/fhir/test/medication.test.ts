import { describe, expect, test } from "vitest";
import { defaultMappings, fromFhir } from "../src/index.js";
import { conformanceRoot, corpusJson, corpusNote } from "../../../test/support/conformance.js";
import { located, NOW, readOk, snomed, subject, ucum } from "./support.js";

const oral = snomed("26643006", "Oral");
const nitrofurantoin = { coding: [{ system: "https://dmd.nhs.uk", code: "39108511000001108", display: "Nitrofurantoin 100mg modified-release capsules" }] };
const request = (id: string, fields: object = {}) => ({
  resourceType: "MedicationRequest",
  id,
  status: "active",
  intent: "order",
  medicationCodeableConcept: nitrofurantoin,
  subject,
  authoredOn: "2026-11-24T10:00:00Z",
  dosageInstruction: [{ route: oral, timing: { repeat: { frequency: 2, period: 1, periodUnit: "d" } }, doseAndRate: [{ doseQuantity: ucum(100, "mg") }] }],
  ...fields,
});
const dose = (id: string, order: string, at: string) => ({ resourceType: "MedicationAdministration", id, status: "completed", medicationCodeableConcept: nitrofurantoin, subject, effectiveDateTime: at, request: { reference: `MedicationRequest/${order}` } });
const bounded = (repeat: object) => [{ route: oral, timing: { repeat: { frequency: 2, period: 1, periodUnit: "d", ...repeat } } }];

describe("an order", () => {
  test("is read with its dm+d drug, route, dose, frequency, authored time and the first recorded dose as its start", () => {
    const r = readOk([request("rx1"), dose("d2", "rx1", "2026-11-24T18:00:00Z"), dose("d1", "rx1", "2026-11-24T11:00:00Z")]);
    expect(r.context.orders).toEqual([
      {
        id: "rx1",
        status: "active",
        drug: { code: nitrofurantoin.coding[0], display: "Nitrofurantoin 100mg modified-release capsules" },
        start: "2026-11-24T11:00:00Z",
        authored: "2026-11-24T10:00:00Z",
        route: "oral",
        dose: { value: 100, unit: "mg" },
        frequency: "twice daily",
      },
    ]);
    expect(r.provenance.find((p) => p.fact === "/orders/0/start")).toEqual({ fact: "/orders/0/start", resourceType: "MedicationAdministration", id: "d1", pointer: "/3/effectiveDateTime" });
  });

  test("the prescribed course: 14 days from the expected supply, or from the dosage's bounds, and its end from the start", () => {
    const supply = readOk([request("rx1", { dispenseRequest: { expectedSupplyDuration: ucum(14, "d") } }), dose("d1", "rx1", "2026-11-24T11:00:00Z")]);
    expect(supply.context.orders?.[0]).toMatchObject({ duration: { value: 14, unit: "d" }, end: "2026-12-08T11:00:00Z" });
    const bounds = readOk([request("rx1", { dosageInstruction: bounded({ boundsDuration: ucum(3, "d") }) })]);
    expect(bounds.context.orders?.[0]).toMatchObject({ duration: { value: 3, unit: "d" } });
    expect(bounds.context.orders?.[0]?.end).toBeUndefined();
    const period = readOk([request("rx1", { dosageInstruction: bounded({ boundsPeriod: { start: "2026-11-24T12:00:00Z", end: "2026-11-27T12:00:00Z" } }) })]);
    expect(period.context.orders?.[0]).toMatchObject({ start: "2026-11-24T12:00:00Z", end: "2026-11-27T12:00:00Z" });
  });

  test("steps in sequence add up to the course; a last step with no length leaves the course length unknown", () => {
    const twoSteps = [
      { sequence: 1, route: oral, timing: { repeat: { boundsDuration: ucum(1, "d"), frequency: 1, period: 1, periodUnit: "d" } } },
      { sequence: 2, route: oral, timing: { repeat: { boundsDuration: ucum(4, "d"), frequency: 1, period: 1, periodUnit: "d" } } },
    ];
    expect(readOk([request("rx1", { dosageInstruction: twoSteps })]).context.orders?.[0]?.duration).toEqual({ value: 5, unit: "d" });
    const open = [twoSteps[0], { ...twoSteps[1], timing: { repeat: { frequency: 1, period: 1, periodUnit: "d" } } }];
    expect(readOk([request("rx1", { dosageInstruction: open })]).context.orders?.[0]?.duration).toBeUndefined();
  });

  test("a supply and a dosage that disagree on the course length are reported; the dosage wins", () => {
    const r = readOk([request("rx1", { dispenseRequest: { expectedSupplyDuration: ucum(14, "d") }, dosageInstruction: bounded({ boundsDuration: ucum(3, "d") }) })]);
    expect(r.context.orders?.[0]?.duration).toEqual({ value: 3, unit: "d" });
    expect(located(r.diagnostics)).toEqual(["fhir/conflicting-data MedicationRequest/rx1 /1/dispenseRequest/expectedSupplyDuration"]);
  });

  test("its indications are its coded reasons and the codes of the Conditions it refers to", () => {
    const condition = { resourceType: "Condition", id: "uti", clinicalStatus: { coding: [{ code: "active" }] }, code: snomed("38822007", "Cystitis"), subject };
    const r = readOk([condition, request("rx1", { reasonCode: [snomed("68566005", "Urinary tract infectious disease")], reasonReference: [{ reference: "Condition/uti" }, { reference: "Condition/missing" }] })]);
    expect(r.context.orders?.[0]?.indications?.map((c) => c.code)).toEqual(["68566005", "38822007"]);
    expect(located(r.diagnostics)).toEqual(["fhir/unresolved-reference MedicationRequest/rx1 /2/reasonReference/1"]);
  });

  test("a course written after now did not exist yet; a completed one still running at now was current then; an active one whose end has passed is history", () => {
    expect(readOk([request("later", { authoredOn: "2026-11-26" })]).context.orders).toEqual([]);
    const running = readOk([request("rx1", { status: "completed", dosageInstruction: bounded({ boundsPeriod: { start: "2026-11-24", end: "2026-11-27" } }) })]);
    expect(running.context.orders?.map((o) => o.status)).toEqual(["active"]);
    const over = readOk([request("rx1", { dosageInstruction: bounded({ boundsPeriod: { start: "2026-11-10", end: "2026-11-13" } }) })]);
    expect([over.context.orders, over.context.medicationHistory?.map((h) => [h.id, h.status])]).toEqual([[], [["rx1", "completed"]]]);
  });

  test("a draft order is a draft; a proposal or an order on hold is not an order, and is counted as not read", () => {
    const r = readOk([request("draft", { status: "draft" }), request("proposal", { intent: "proposal" }), request("held", { status: "on-hold" })]);
    expect(r.context.orders?.map((o) => [o.id, o.status])).toEqual([["draft", "draft"]]);
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      "MedicationRequest/proposal: is not read: a proposal, plan or option, not an order",
      "MedicationRequest/held: is not read: an order on hold: not being given",
    ]);
  });

  test("a current order whose drug cannot be identified, or whose route is not read, leaves the current orders unknown", () => {
    const words = readOk([request("words", { medicationCodeableConcept: { text: "Amoxicillin 500 mg" } }), request("rx1")]);
    expect(words.context.orders).toBeUndefined();
    expect(located(words.diagnostics)).toEqual(["fhir/incomplete-list MedicationRequest/words /1"]);
    const noRoute = readOk([request("rx1", { dosageInstruction: [{ timing: { repeat: { frequency: 2, period: 1, periodUnit: "d" } } }] })]);
    expect(noRoute.context.orders).toBeUndefined();
  });

  test("a drug coded in RxNorm is sent with its code and reported as not mapped; a host's medication mapping names the formulary drug", () => {
    const rxnorm = { coding: [{ system: "http://www.nlm.nih.gov/research/umls/rxnorm", code: "311995", display: "NITROFURANTOIN, MACROCRYSTALS 50 MG Oral Capsule" }] };
    const unmapped = readOk([request("rx1", { medicationCodeableConcept: rxnorm })]);
    expect(unmapped.context.orders?.[0]?.drug).toEqual({ code: rxnorm.coding[0], display: "NITROFURANTOIN, MACROCRYSTALS 50 MG Oral Capsule" });
    expect(located(unmapped.diagnostics)).toEqual(["fhir/unmapped-code MedicationRequest/rx1 /1/medicationCodeableConcept/coding/0"]);
    const mapped = readOk([request("rx1", { medicationCodeableConcept: rxnorm })], {
      mappings: { medications: [...defaultMappings.medications, { system: "http://www.nlm.nih.gov/research/umls/rxnorm", code: "311995", means: "nitrofurantoin", source: "the practice's own mapping" }] },
    });
    expect(mapped.context.orders?.[0]?.drug.id).toBe("nitrofurantoin");
    expect(mapped.diagnostics).toEqual([]);
  });

  test("a referenced Medication is read from the input; a reference to one that is not there leaves the orders unknown", () => {
    const medication = { resourceType: "Medication", id: "m1", code: nitrofurantoin };
    expect(readOk([medication, request("rx1", { medicationCodeableConcept: undefined, medicationReference: { reference: "Medication/m1" } })]).context.orders?.[0]?.drug.code?.code).toBe("39108511000001108");
    const missing = readOk([request("rx1", { medicationCodeableConcept: undefined, medicationReference: { reference: "Medication/elsewhere" } })]);
    expect(missing.context.orders).toBeUndefined();
    expect(located(missing.diagnostics)).toEqual(["fhir/unresolved-reference MedicationRequest/rx1 /1/medicationReference", "fhir/incomplete-list MedicationRequest/rx1 /1"]);
  });
});

describe("statements", () => {
  test("an active statement whose period has ended is history; one still running is a current course", () => {
    const statement = (id: string, end: string) => ({ resourceType: "MedicationStatement", id, status: "active", medicationCodeableConcept: nitrofurantoin, subject, effectivePeriod: { start: "2026-11-20", end }, dosage: [{ route: oral }] });
    const r = readOk([statement("past", "2026-11-23"), statement("now", "2026-11-27")]);
    expect(r.context.orders?.map((o) => [o.id, o.start, o.end])).toEqual([["now", "2026-11-20", "2026-11-27"]]);
    expect(r.context.medicationHistory?.map((h) => [h.id, h.status])).toEqual([["past", "completed"]]);
  });
});

describe.skipIf(conformanceRoot === undefined)(`the HL7 and UK Core medication examples${corpusNote}`, () => {
  const read = (file: string) => {
    const result = fromFhir(corpusJson(file), { now: NOW, setting: "inpatient" });
    if (result._tag === "Left") throw new Error("refused");
    return result.right;
  };

  test("azithromycin from a contained Medication (medrx0302), an order the record still calls active", () => {
    const r = read("fhir-r4/examples/MedicationRequest-medrx0302.json");
    expect(r.context.orders?.map((o) => [o.id, o.drug.code?.code, o.route, o.indications?.map((i) => i.code)])).toEqual([["medrx0302", "324252006", "oral", ["11840006"]]]);
    expect(r.provenance.find((p) => p.fact === "/orders/0")).toEqual({ fact: "/orders/0", resourceType: "MedicationRequest", id: "medrx0302", pointer: "" });
  });

  test("the UK Core amoxicillin statement, dm+d coded, ended in 2021: history, with its indication", () => {
    expect(read("uk-core/examples-json/UKCore-MedicationStatement-Amoxicillin-Example.json").context.medicationHistory).toEqual([
      {
        id: "UKCore-MedicationStatement-Amoxicillin-Example",
        status: "completed",
        drug: { code: { system: "https://dmd.nhs.uk", code: "39732311000001104", display: "Amoxicillin 250mg capsules" }, display: "Amoxicillin 250mg capsules" },
        start: "2021-02-15T13:50:00+00:00",
        authored: "2017-02-22",
        end: "2021-05-15T13:50:00+00:00",
        route: "oral",
        indications: [{ system: "http://snomed.info/sct", code: "65363002", display: "Otitis media" }],
      },
    ]);
  });
});
