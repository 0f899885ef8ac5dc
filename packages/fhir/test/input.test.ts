import { describe, expect, test } from "vitest";
import { fromFhir } from "../src/index.js";
import { corpusJson, corpusNote, conformanceRoot } from "../../../test/support/conformance.js";
import { located, NOW, patient, readOk, refused, snomed, subject } from "./support.js";

const condition = { resourceType: "Condition", id: "c1", clinicalStatus: { coding: [{ code: "active" }] }, code: snomed("38822007", "Cystitis"), subject };
const searchset = (type: string, resources: readonly unknown[], extra: object = {}) => ({
  resourceType: "Bundle",
  type: "searchset",
  total: resources.length,
  link: [{ relation: "self", url: `https://ehr.example.org/fhir/${type}?patient=p1` }],
  entry: resources.map((resource) => ({ resource, search: { mode: "match" } })),
  ...extra,
});

describe("the shapes fromFhir reads", () => {
  test("a collection Bundle, an array of resources and a single resource give the same context", () => {
    const bundle = { resourceType: "Bundle", type: "collection", entry: [{ resource: patient }, { resource: condition }] };
    const fromBundle = fromFhir(bundle, { now: NOW, setting: "primary-care" });
    const fromArray = fromFhir([patient, condition], { now: NOW, setting: "primary-care" });
    expect(fromBundle._tag === "Right" && fromArray._tag === "Right" && fromBundle.right.context).toEqual(fromArray._tag === "Right" && fromArray.right.context);
    const single = fromFhir(condition, { now: NOW, setting: "primary-care" });
    expect(single._tag === "Right" && single.right.context.diagnoses).toEqual([{ id: "c1", code: { system: "http://snomed.info/sct", code: "38822007", display: "Cystitis" }, status: "active" }]);
  });

  test("a transaction Bundle's resources are read; its DELETE and GET entries carry none", () => {
    const transaction = {
      resourceType: "Bundle",
      type: "transaction",
      entry: [
        { fullUrl: "urn:uuid:3f1c0c9e-1111-4aaa-8bbb-000000000001", resource: { ...patient, id: undefined }, request: { method: "POST", url: "Patient" } },
        { resource: { ...condition, subject: { reference: "urn:uuid:3f1c0c9e-1111-4aaa-8bbb-000000000001" } }, request: { method: "POST", url: "Condition" } },
        { request: { method: "DELETE", url: "Condition/old" } },
        { request: { method: "GET", url: "Condition?patient=p1" } },
      ],
    };
    const result = fromFhir(transaction, { now: NOW, setting: "primary-care" });
    expect(result._tag === "Right" && result.right.context.diagnoses?.map((d) => d.code.code)).toEqual(["38822007"]);
  });

  test("an empty search result that names its resource type makes that list known and empty; an absent type leaves its list unknown", () => {
    const r = readOk([searchset("Condition", []), searchset("MedicationRequest", [])]);
    expect(r.context.diagnoses).toEqual([]);
    expect(r.context.orders).toEqual([]);
    expect(r.context.observations).toBeUndefined();
    expect(r.context.microbiology).toBeUndefined();
  });

  test("a search result with a next page, or fewer entries than its total, leaves its list unknown and says so", () => {
    const paged = searchset("Condition", [condition], { link: [{ relation: "self", url: "Condition?patient=p1" }, { relation: "next", url: "Condition?patient=p1&page=2" }] });
    const r = readOk([paged]);
    expect(r.context.diagnoses).toBeUndefined();
    expect(located(r.diagnostics)).toEqual(["fhir/incomplete-list -/- /1"]);
    const short = readOk([{ ...searchset("Condition", [condition]), total: 3 }]);
    expect(short.context.diagnoses).toBeUndefined();
    expect(short.diagnostics[0]!.message).toContain("holds 1 of 3 matches");
  });

  test("an entry of a batch-response that failed is a fetch error naming its outcome", () => {
    const batch = {
      resourceType: "Bundle",
      type: "batch-response",
      entry: [
        { resource: patient, response: { status: "200" } },
        { response: { status: "404", outcome: { resourceType: "OperationOutcome", issue: [{ severity: "error", code: "not-found", diagnostics: "no such search" }] } } },
      ],
    };
    const result = fromFhir(batch, { now: NOW, setting: "primary-care" });
    expect(result._tag === "Right" && located(result.right.diagnostics)).toEqual(["fhir/fetch-error -/- /entry/1/response"]);
    expect(result._tag === "Right" && result.right.diagnostics[0]!.message).toContain("no such search");
  });

  test.skipIf(conformanceRoot === undefined)(`the HL7 batch-response of nested searchsets (all empty) makes medications and problems known and empty; allergies stay unknown${corpusNote}`, () => {
    const result = fromFhir(corpusJson("fhir-r4/examples/Bundle-bundle-response-medsallergies.json"), { now: NOW, setting: "primary-care" });
    if (result._tag === "Left") throw new Error("refused");
    const { context, diagnostics } = result.right;
    expect(context).toEqual({ patient: { birthDate: "1974-12-25", sex: "male" }, setting: "primary-care", diagnoses: [], orders: [], medicationHistory: [] });
    expect(diagnostics.map((d) => d.message)).toEqual(['the input: no allergy is recorded, and no record says "no known drug allergy": allergies are left unknown']);
  });
});

describe("a CDS Hooks prefetch object", () => {
  const templates = { patient: "Patient/{{context.patientId}}", conditions: "Condition?patient={{context.patientId}}", allergies: "AllergyIntolerance?patient={{context.patientId}}", meds: "MedicationRequest?patient={{context.patientId}}" };

  test("a key that is absent was not supplied: its list is unknown", () => {
    const result = fromFhir({ patient }, { now: NOW, setting: "primary-care", prefetchTemplates: templates });
    expect(result._tag === "Right" && result.right.context).toEqual({ patient: { birthDate: "1960-03-13", sex: "female" }, setting: "primary-care" });
  });

  test("a key that is null has no data: with its template known, its list is known and empty", () => {
    const result = fromFhir({ patient, conditions: null, meds: null }, { now: NOW, setting: "primary-care", prefetchTemplates: templates });
    expect(result._tag === "Right" && [result.right.context.diagnoses, result.right.context.orders]).toEqual([[], []]);
  });

  test("a null key whose template is not known says nothing, and says so", () => {
    const result = fromFhir({ patient, conditions: null }, { now: NOW, setting: "primary-care" });
    expect(result._tag === "Right" && result.right.context.diagnoses).toBeUndefined();
    expect(result._tag === "Right" && located(result.right.diagnostics)).toEqual(["fhir/incomplete-list -/- /conditions"]);
  });

  test("an OperationOutcome in a key is a fetch error: its list is unknown even when another key holds resources of that type", () => {
    const outcome = { resourceType: "OperationOutcome", issue: [{ severity: "error", code: "timeout", diagnostics: "the FHIR server timed out" }] };
    const result = fromFhir({ patient, conditions: outcome, other: searchset("Condition", [condition]) }, { now: NOW, setting: "primary-care", prefetchTemplates: templates });
    if (result._tag === "Left") throw new Error("refused");
    expect(result.right.context.diagnoses).toBeUndefined();
    expect(located(result.right.diagnostics)).toEqual(["fhir/fetch-error -/- /conditions"]);
    expect(result.right.diagnostics[0]!.message).toBe("/conditions: the fetch failed — the FHIR server timed out: what Condition says is unknown");
  });

  test("a whole order-sign request: the draft orders of its context are read as draft orders", () => {
    const draft = { resourceType: "MedicationRequest", id: "draft-1", status: "draft", intent: "order", medicationCodeableConcept: { coding: [{ system: "https://dmd.nhs.uk", code: "39732411000001106", display: "Amoxicillin 500mg capsules" }] }, subject, dosageInstruction: [{ route: snomed("26643006") }] };
    const request = { hook: "order-sign", context: { patientId: "p1", draftOrders: { resourceType: "Bundle", type: "collection", entry: [{ resource: draft }] } }, prefetch: { patient, meds: null } };
    const result = fromFhir(request, { now: NOW, setting: "primary-care", prefetchTemplates: templates });
    expect(result._tag === "Right" && result.right.context.orders).toEqual([
      { id: "draft-1", status: "draft", drug: { code: { system: "https://dmd.nhs.uk", code: "39732411000001106", display: "Amoxicillin 500mg capsules" }, display: "Amoxicillin 500mg capsules" }, route: "oral" },
    ]);
  });
});

describe("input fromFhir refuses, whole", () => {
  test("anything that is not FHIR or a prefetch object", () => {
    for (const input of ["text", 42, null, true, { a: 1 }]) expect(refused(input).map((d) => d.code)).toEqual(["fhir/invalid-input"]);
  });

  test("an array of things that are not resources: each is reported, and nothing is left to read", () => {
    expect(located(refused([1, "two"]))).toEqual(["fhir/invalid-resource -/- /0", "fhir/invalid-resource -/- /1", "fhir/no-setting -/- "]);
  });

  test("a time to read at that is not a date-time with a zone", () => {
    expect(refused([patient], { now: "2026-11-25" }).map((d) => d.message)).toEqual(["`now` must be a date-time with a zone, like 2026-11-25T09:00:00Z; got `2026-11-25`"]);
  });

  test("a record with no care setting: no encounter under way, none given", () => {
    expect(refused([patient]).map((d) => d.code)).toEqual(["fhir/no-setting"]);
  });
});

describe("values a host passes that JSON cannot hold", () => {
  const observation = { resourceType: "Observation", id: "o1", status: "final", subject, code: { coding: [{ system: "http://loinc.org", code: "29463-7" }] }, effectiveDateTime: "2026-11-20" };
  const cyclic: Record<string, unknown> = { resourceType: "Bundle", type: "collection", entry: [] };
  (cyclic["entry"] as unknown[]).push({ resource: cyclic });
  test.each([
    ["a BigInt", [patient, { ...observation, valueQuantity: { value: 70n, unit: "kg" } }], "/1/valueQuantity/value: a BigInt is not a JSON value"],
    ["a function", [patient, { ...observation, status: () => "final" }], "/1/status: a function is not a JSON value"],
    ["a symbol", [{ ...patient, id: Symbol("p1") }], "/0/id: a symbol is not a JSON value"],
    ["a Bundle that holds itself", cyclic, "/entry/0/resource: the value contains itself (it is the value at `/`), which JSON cannot hold"],
  ])("%s refuses the reading with fhir/invalid-input at its pointer", (_, input, message) => {
    const [d, ...rest] = refused(input, { setting: "primary-care" });
    expect(rest).toEqual([]);
    expect([d!.code, d!.message, d!.location?.pointer]).toEqual(["fhir/invalid-input", message, message.split(":")[0]]);
  });

  test("a record nested deeper than the limit is refused with fhir/limit-exceeded, and the limit is the host's to change", () => {
    let deep: unknown = { url: "http://example.org/x", valueString: "x" };
    for (let i = 0; i < 70; i++) deep = { url: "http://example.org/x", extension: [deep] };
    const input = [patient, { ...observation, extension: [deep] }];
    expect(refused(input, { setting: "primary-care" }).map((d) => d.code)).toEqual(["fhir/limit-exceeded"]);
    expect(fromFhir(input, { now: NOW, setting: "primary-care", limits: { maxDepth: 200 } })._tag).toBe("Right");
  });
});
