import { readFileSync } from "node:fs";
import { join } from "node:path";
import { evaluate, type Decision, type PatientContextInput } from "@steward/core";
import { patientContext } from "@steward/testing/arbitraries";
import fc from "fast-check";
import type { MedicationRequest } from "fhir/r4.js";
import { describe, expect, test } from "vitest";
import { repoRoot } from "../../../test/support/conformance.js";
import { bundledGuidelines, evaluatorOf } from "../../../test/support/guidelines.js";
import { decisionToCards, type CardOptions } from "../src/index.js";
import { expectValidResponse } from "./support/valid-cards.js";

const NOW = "2026-11-25T09:00:00Z";
const guidelines = bundledGuidelines();
const evaluator = evaluatorOf(guidelines);
const patientFile = (name: string): PatientContextInput => JSON.parse(readFileSync(join(repoRoot, "examples/patients", name), "utf8")) as PatientContextInput;

function decide(context: PatientContextInput): Decision {
  const result = evaluate(evaluator, context, { now: NOW });
  if (result._tag === "Left") throw new Error(result.left.map((d) => d.message).join("; "));
  return result.right;
}

function cardsFor(context: PatientContextInput, options: Partial<CardOptions> = {}) {
  const result = decisionToCards(decide(context), { hook: "patient-view", hookInstance: "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea", patient: { reference: "Patient/p" }, guidelines, context, ...options });
  expectValidResponse({ cards: result.cards });
  return result;
}

describe("a woman of 30 with cystitis and an eGFR of 80 (NICE NG109 table 1)", () => {
  const { cards, issued } = cardsFor(patientFile("01-woman-30-cystitis-egfr-80.json"));
  const [card] = cards;

  test("one info card names the first and second choices, from NICE NG109", () => {
    expect(cards).toHaveLength(1);
    expect(card).toMatchObject({
      summary: "First choice: nitrofurantoin or trimethoprim; second choice: nitrofurantoin, pivmecillinam or fosfomycin",
      indicator: "info",
      source: { label: "NICE NG109", url: "https://www.nice.org.uk/guidance/ng109/chapter/Recommendations", topic: { code: "ng109-lower-uti" } },
      selectionBehavior: "at-most-one",
    });
    expect(issued[0]).toMatchObject({ key: "ng109-lower-uti/treatments", rule: "treatments", alertKeys: [] });
  });

  test("each option is a suggestion creating a proposed MedicationRequest, dm+d coded where the formulary has the product, and only the first first choice is recommended", () => {
    const suggestions = card!.suggestions!;
    expect(suggestions.map((s) => [s.label, s.isRecommended ?? false])).toEqual([
      ["First choice: Nitrofurantoin 100 mg modified-release oral twice daily for 3 days", true],
      ["First choice: Trimethoprim 200 mg oral twice daily for 3 days", false],
      ["Second choice: Nitrofurantoin 100 mg modified-release oral twice daily for 3 days", false],
      ["Second choice: Pivmecillinam 400 mg oral once then 200 mg oral three times daily to complete 3 days", false],
      ["Second choice: Fosfomycin 3 g oral single dose", false],
    ]);
    const first = suggestions[0]!.actions[0]!;
    expect(first.type).toBe("create");
    const request = first.resource as MedicationRequest;
    expect(request).toMatchObject({ resourceType: "MedicationRequest", status: "draft", intent: "proposal", subject: { reference: "Patient/p" } });
    expect(request.medicationCodeableConcept?.coding).toEqual([{ system: "https://dmd.nhs.uk", code: "39108511000001108", display: "Nitrofurantoin 100mg modified-release capsules" }]);
    // Trimethoprim has no dm+d code in the formulary: named, never given an invented code.
    expect((suggestions[1]!.actions[0]!.resource as MedicationRequest).medicationCodeableConcept).toEqual({ text: "Trimethoprim" });
    expect(new Set(issued[0]!.suggestions.map((s) => s.uuid)).size).toBe(5);
  });

  test("the detail holds every option with its regimens, the back-up prescription with its advice, the advice and the leaflet, and a link to the guideline", () => {
    expect(card!.detail).toContain("- **First choice**: Nitrofurantoin 100 mg modified-release oral twice daily for 3 days (UK-AWaRe access)\n  - or 50 mg oral four times daily for 3 days: if modified-release capsules are unavailable");
    expect(card!.detail).toContain("Back-up (delayed) antibiotic prescription: Use the back-up prescription if symptoms do not start to improve within 48 hours");
    expect(card!.detail).toContain("**Leaflets**\n- TARGET: Treating your infection – urinary tract infection (UTI)");
    expect(card!.links).toEqual([{ label: "NICE NG109 — recommendations on managing lower UTI in non-pregnant women; table 1", url: "https://www.nice.org.uk/guidance/ng109/chapter/Recommendations", type: "absolute" }]);
  });
});

test("without an eGFR, nitrofurantoin is withheld and the card says what is needed", () => {
  const { cards } = cardsFor(patientFile("03-woman-30-cystitis-no-egfr.json"));
  expect(cards[0]!.summary).toBe("First choice: trimethoprim; second choice: pivmecillinam or fosfomycin");
  // The reason carries its citations in brackets, escaped so Markdown shows them as written.
  expect(cards[0]!.detail).toContain("**Withheld until the record says more**\n- Nitrofurantoin (first choice): NICE recommends nitrofurantoin only if eGFR is 45 mL/min/1.73m2 or more \\[NICE NG109, tables 1 to 4");
  expect(cards[0]!.detail).toContain("\\]; needs Estimated glomerular filtration rate\n");
});

test("a child's per-kilogram doses are shown worked out from the weight", () => {
  const { cards } = cardsFor(patientFile("09-child-4-years-16kg.json"));
  expect(cards[0]!.detail).toContain("- **First choice**: Trimethoprim 4 mg/kg max 200 mg oral twice daily for 3 days (UK-AWaRe access)\n  - = 64 mg per dose for 16 kg");
});

describe("the complex inpatient (examples/patients/20), at order-sign of the draft linezolid order", () => {
  const context = patientFile("20-inpatient-sepsis-complex.json");
  const result = cardsFor(context, { hook: "order-sign", draftOrders: ["rx-linezolid-draft"] });

  test("five cards, most urgent first, those about the draft order first among equals; the rest are counted as over the cap", () => {
    expect(result.cards.map((c) => [c.indicator, c.summary])).toEqual([
      ["critical", "Staphylococcus aureus in blood culture is resistant to amoxicillin: change it"],
      ["warning", "Record a coded indication for linezolid (iv): it is reviewed at 48 to 72 hours"],
      ["warning", "Linezolid is a Reserve antibiotic: referral to the antimicrobial stewardship team has been raised"],
      ["warning", "Review Piperacillin/tazobactam 4.5 g injection (iv): overdue"],
      ["info", "Consider changing linezolid (iv) to flucloxacillin, which the culture is susceptible to"],
    ]);
    expect(result.overCap).toEqual([
      "iv-to-oral-switch/infection-needing-iv@rx-linezolid-draft",
      "restricted-antimicrobials/locally-restricted-antimicrobial@medrx0319",
      "start-smart-then-focus/review-at-48-to-72-hours@rx-amoxicillin-iv",
      "iv-to-oral-switch/infection-needing-iv@medrx0319",
      "iv-to-oral-switch/infection-needing-iv@rx-amoxicillin-iv",
      "ng138-pneumonia/current-course-review@rx-amoxicillin-iv",
      "steward/missing-data",
    ]);
  });

  test("the Reserve card carries the referral as a ServiceRequest suggestion, and maps back to its alert key", () => {
    const reserve = result.cards[2]!;
    expect(reserve.suggestions).toEqual([{ label: "Refer to the antimicrobial stewardship team", uuid: expect.any(String) as string, actions: [expect.objectContaining({ type: "create", resource: expect.objectContaining({ resourceType: "ServiceRequest", intent: "proposal" }) })] }]);
    expect(reserve.selectionBehavior).toBe("any");
    // The rule declares its override reasons (`override approved "…"`).
    expect(reserve.overrideReasons).toEqual([{ system: "https://steward.dev/fhir/CodeSystem/override-reason", code: "approved", display: "Approved by the antimicrobial stewardship team" }]);
    expect(result.issued[2]).toMatchObject({ key: "restricted-antimicrobials/reserve-antibiotic@rx-linezolid-draft", alertKeys: ["reserve-antibiotic@rx-linezolid-draft"], guideline: "restricted-antimicrobials", version: "1.0.0", rule: "reserve-antibiotic" });
  });

  test("the critical card's summary is its rule's; its detail names the order and the culture, and gives the whole message", () => {
    expect(result.cards[0]!.detail).toMatch(/^Order rx-amoxicillin-iv: amoxicillin \(iv\) {2}\nCulture f202: blood, Staphylococcus aureus\n/);
    expect(result.cards[0]!.detail).toContain("- Staphylococcus aureus in the blood culture is resistant to amoxicillin: change the antibiotic (priority critical, interruptive)");
  });

  test("cards already shown for these draft orders are left out and said to be", () => {
    const again = cardsFor(context, { hook: "order-sign", draftOrders: ["rx-linezolid-draft"], hidden: new Set(result.issued.map((c) => c.key)) });
    expect(new Set(again.hidden)).toEqual(new Set(result.issued.map((c) => c.key)));
    expect(again.cards.map((c) => c.summary)).toEqual([
      "Linezolid: the infection is one the national IVOS criteria list as needing special consideration (section 5)",
      "Refer to the antimicrobial stewardship team: piperacillin with tazobactam is restricted by local policy",
      "Review amoxicillin (iv): due 2026-11-25T10:00:00Z",
      "Piperacillin with tazobactam: the infection is one the national IVOS criteria list as needing special consideration (section 5)",
      "Amoxicillin: the infection is one the national IVOS criteria list as needing special consideration (section 5)",
    ]);
  });

  test("the same call gives the same uuids; another call gives others", () => {
    expect(cardsFor(context, { hook: "order-sign", draftOrders: ["rx-linezolid-draft"] }).issued.map((c) => c.uuid)).toEqual(result.issued.map((c) => c.uuid));
    expect(cardsFor(context, { hook: "order-sign", hookInstance: "another", draftOrders: ["rx-linezolid-draft"] }).issued.map((c) => c.uuid)).not.toContain(result.issued[0]!.uuid);
  });

  test("the cap is the policy's", () => {
    expect(cardsFor(context, { maxCards: 2 }).cards).toHaveLength(2);
    expect(cardsFor(context, { maxCards: 20 }).cards).toHaveLength(12);
  });
});

test("every card for generated patients is valid, and the cap holds", () => {
  fc.assert(
    fc.property(patientContext({ now: NOW, guidelines }), (context) => {
      const decision = evaluate(evaluator, context, { now: NOW });
      if (decision._tag === "Left") return;
      const { cards } = decisionToCards(decision.right, { hook: "order-select", hookInstance: "h", patient: { reference: "Patient/p" }, guidelines, context, maxCards: 5 });
      expectValidResponse({ cards });
      expect(cards.length).toBeLessThanOrEqual(5);
    }),
    { numRuns: 150, seed: 12 },
  );
});
