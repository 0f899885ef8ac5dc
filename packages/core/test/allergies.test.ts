import { describe, expect, test } from "vitest";
import type { Decision } from "@steward/core";
import { compileRules, decide, missingKeys, patient, reject, rule, ruleStatus } from "./support/evaluation.js";

/** One rule that always applies and offers five drugs from three classes (and none). */
const options = compileRules(
  rule(
    "treat",
    "setting is primary-care",
    `first choice amoxicillin 500 mg oral three times daily for 5 days
  first choice flucloxacillin 500 mg oral four times daily for 5 days
  second choice cefalexin 500 mg oral twice daily for 5 days
  second choice trimethoprim 200 mg oral twice daily for 5 days
  alternative choice gentamicin 400 mg iv once daily for 3 days`,
  ),
);

const questions = compileRules(
  ["amoxicillin", "penicillins", "beta-lactams", "cefalexin", "cephalosporins", "gentamicin"].map((target) => rule(`allergic-to-${target}`, `allergic to ${target}`)).join("\n"),
);

function offered(decision: Decision): string[] {
  return decision.treatments.map((t) => t.drug.id);
}

function excludedForAllergy(decision: Decision): string[] {
  return decision.excluded.filter((x) => x.because === "allergy").map((x) => x.drug.id);
}

function allergicTo(allergies: unknown[], target: string): string {
  return ruleStatus([questions], patient({ allergies: allergies as never }), `allergic-to-${target}`);
}

describe("a class allergy", () => {
  test("excludes every drug in that class", () => {
    const decision = decide([options], patient({ allergies: [{ class: "penicillins", verification: "confirmed" }] }));
    expect(excludedForAllergy(decision)).toEqual(["amoxicillin", "flucloxacillin"]);
    expect(offered(decision)).toEqual(["cefalexin", "trimethoprim", "gentamicin"]);
  });

  test("excludes drugs in the classes within it", () => {
    const decision = decide([options], patient({ allergies: [{ class: "beta-lactams" }] }));
    expect(excludedForAllergy(decision)).toEqual(["amoxicillin", "flucloxacillin", "cefalexin"]);
    expect(offered(decision)).toEqual(["trimethoprim", "gentamicin"]);
  });

  test("answers `allergic to` for its class, the classes within it and the classes it is within", () => {
    const allergy = [{ class: "penicillins" }];
    expect(allergicTo(allergy, "amoxicillin")).toBe("fired");
    expect(allergicTo(allergy, "penicillins")).toBe("fired");
    expect(allergicTo(allergy, "beta-lactams")).toBe("fired");
    expect(allergicTo(allergy, "cefalexin")).toBe("not-fired");
    expect(allergicTo(allergy, "cephalosporins")).toBe("not-fired");
    const broad = [{ class: "beta-lactams" }];
    expect(allergicTo(broad, "cefalexin")).toBe("fired");
    expect(allergicTo(broad, "cephalosporins")).toBe("fired");
    expect(allergicTo(broad, "gentamicin")).toBe("not-fired");
  });

  test("gives the recorded allergy, with its reaction and severity, as the reason", () => {
    const decision = decide([options], patient({ allergies: [{ class: "penicillins", reaction: "anaphylaxis", severity: "severe" }] }));
    expect(decision.excluded[0]).toMatchObject({ drug: { id: "amoxicillin" }, because: "allergy", reason: "allergy recorded: penicillins (anaphylaxis, severe)" });
  });
});

describe("several allergies covering one drug", () => {
  test("are all given in the reason, in the same words whatever order they are listed in", () => {
    const rash = { drug: "amoxicillin", reaction: "rash", severity: "mild" };
    const anaphylaxis = { class: "penicillins", reaction: "anaphylaxis", severity: "severe" };
    const reasons = [[rash, anaphylaxis], [anaphylaxis, rash]].map((allergies) => decide([options], patient({ allergies })).excluded.map((x) => [x.drug.id, x.reason]));
    expect(reasons[0]).toEqual([
      ["amoxicillin", "allergy recorded: amoxicillin (rash, mild); penicillins (anaphylaxis, severe)"],
      ["flucloxacillin", "allergy recorded: amoxicillin (rash, mild); penicillins (anaphylaxis, severe)"],
    ]);
    expect(reasons[1]).toEqual(reasons[0]);
  });
});

describe("a drug allergy", () => {
  test("excludes that drug and drugs sharing its direct class, not drugs sharing only a broader class", () => {
    const decision = decide([options], patient({ allergies: [{ drug: "amoxicillin", reaction: "rash" }] }));
    expect(excludedForAllergy(decision)).toEqual(["amoxicillin", "flucloxacillin"]);
    expect(offered(decision)).toEqual(["cefalexin", "trimethoprim", "gentamicin"]);
  });

  test("follows the table in §18.5", () => {
    const allergy = [{ drug: "amoxicillin" }];
    expect(allergicTo(allergy, "amoxicillin")).toBe("fired");
    expect(allergicTo(allergy, "penicillins")).toBe("fired");
    expect(allergicTo(allergy, "beta-lactams")).toBe("fired");
    expect(allergicTo(allergy, "cefalexin")).toBe("not-fired");
    expect(allergicTo(allergy, "cephalosporins")).toBe("not-fired");
  });

  test("to a drug with no class excludes only that drug", () => {
    const decision = decide([options], patient({ allergies: [{ drug: "trimethoprim" }] }));
    expect(excludedForAllergy(decision)).toEqual(["trimethoprim"]);
  });

  test("recorded by the drug's dm+d code is matched to the formulary drug", () => {
    for (const system of ["https://dmd.nhs.uk", "http://snomed.info/sct", "dmd"]) {
      const decision = decide([options], patient({ allergies: [{ code: { system, code: "39732411000001106" } }] }));
      expect(excludedForAllergy(decision)).toEqual(["amoxicillin", "flucloxacillin"]);
      expect(decision.missingData).toEqual([]);
    }
  });

  test("overrides the choice's own condition: an allergic patient is excluded even when `only if` holds", () => {
    const gated = compileRules(rule("treat", "setting is primary-care", `first choice amoxicillin 500 mg oral three times daily for 5 days {\n    only if setting is primary-care\n  }`));
    const decision = decide([gated], patient({ allergies: [{ drug: "amoxicillin" }] }));
    expect(decision.treatments).toEqual([]);
    expect(decision.excluded).toEqual([expect.objectContaining({ because: "allergy" })]);
  });
});

describe("allergies that do not count", () => {
  test.each(["refuted", "entered-in-error"] as const)("a %s allergy is ignored", (verification) => {
    const decision = decide([options], patient({ allergies: [{ class: "beta-lactams", verification }] }));
    expect(decision.excluded).toEqual([]);
    expect(offered(decision)).toHaveLength(5);
  });

  test.each(["food", "environment", "biologic"] as const)("a %s allergy is ignored", (category) => {
    const decision = decide([options], patient({ allergies: [{ class: "beta-lactams", category }] }));
    expect(decision.excluded).toEqual([]);
  });

  test("an unconfirmed allergy or an intolerance still excludes", () => {
    const decision = decide([options], patient({ allergies: [{ drug: "gentamicin", verification: "unconfirmed", type: "intolerance" }] }));
    expect(excludedForAllergy(decision)).toEqual(["gentamicin"]);
  });
});

describe("an allergy whose code matches no formulary drug", () => {
  const unmatched = { id: "a7", code: { system: "http://snomed.info/sct", code: "91936005", display: "Allergy to penicillin" } };

  test("makes `allergic to` unknown and asks about that allergy", () => {
    expect(allergicTo([unmatched], "amoxicillin")).toBe("unknown");
    expect(allergicTo([unmatched], "gentamicin")).toBe("unknown");
    const decision = decide([questions], patient({ allergies: [unmatched] }));
    expect(missingKeys(decision)).toEqual(["allergy:a7"]);
    expect(decision.missingData[0]!.description).toContain("cannot match to the formulary");
  });

  test("is named by its code when it has no id, so the name does not depend on the order allergies are listed in", () => {
    const decision = decide([questions], patient({ allergies: [{ drug: "gentamicin" }, { code: unmatched.code }] }));
    expect(missingKeys(decision)).toEqual(["allergy:snomed|91936005"]);
    const reordered = decide([questions], patient({ allergies: [{ code: unmatched.code }, { drug: "gentamicin" }] }));
    expect(missingKeys(reordered)).toEqual(["allergy:snomed|91936005"]);
  });

  test("leaves options offered, each with a caution to check for allergy", () => {
    const decision = decide([options], patient({ allergies: [unmatched] }));
    expect(offered(decision)).toEqual(["amoxicillin", "flucloxacillin", "cefalexin", "trimethoprim", "gentamicin"]);
    for (const t of decision.treatments) {
      expect(t.cautions).toEqual([`check for allergy to ${t.drug.name.toLowerCase()}: an allergy is not matched to the formulary`]);
    }
    expect(decision.missingData).toEqual([
      { data: "allergy:a7", description: expect.any(String), neededFor: offered(decision).map((id) => `to rule out an allergy to ${id}`) },
    ]);
  });

  test("does not hide a matched allergy that already decides the answer", () => {
    const decision = decide([options], patient({ allergies: [unmatched, { drug: "amoxicillin" }] }));
    expect(excludedForAllergy(decision)).toEqual(["amoxicillin", "flucloxacillin"]);
    expect(allergicTo([unmatched, { drug: "amoxicillin" }], "amoxicillin")).toBe("fired");
  });

  test("an absent allergy list cautions every option that the history is not recorded", () => {
    const decision = decide([options], patient());
    expect(decision.treatments[0]!.cautions).toEqual(["check for allergy to amoxicillin: the allergy history is not recorded"]);
    expect(missingKeys(decision)).toEqual(["list:allergies"]);
  });
});

describe("unknown formulary ids in the context", () => {
  test("an allergy to a drug id not in the formulary is eval/unknown-reference at its JSON pointer", () => {
    const diagnostics = reject([options], patient({ allergies: [{ drug: "amoxicillin" }, { drug: "amoxycillin" }] }));
    expect(diagnostics.map((d) => [d.code, d.message.split(":")[0]])).toEqual([["eval/unknown-reference", "/allergies/1/drug"]]);
  });

  test("an allergy to a class id not in the formulary is eval/unknown-reference at its JSON pointer", () => {
    const diagnostics = reject([options], patient({ allergies: [{ class: "penicilins" }] }));
    expect(diagnostics.map((d) => [d.code, d.message.split(":")[0]])).toEqual([["eval/unknown-reference", "/allergies/0/class"]]);
  });

  test("an order for a drug id not in the formulary is eval/unknown-reference at its JSON pointer", () => {
    const orders = [{ id: "o1", status: "active", drug: { id: "amoxil" }, route: "oral" }];
    const diagnostics = reject([options], patient({ orders }));
    expect(diagnostics.map((d) => [d.code, d.message.split(":")[0]])).toEqual([["eval/unknown-reference", "/orders/0/drug/id"]]);
  });

  test("a susceptibility for a drug id not in the formulary is eval/unknown-reference at its JSON pointer", () => {
    const microbiology = [{ id: "c1", specimen: "urine", status: "final", susceptibilities: [{ drug: { id: "amoxicillin" }, result: "resistant" }, { drug: { id: "ampicilin" }, result: "resistant" }] }];
    const diagnostics = reject([options], patient({ microbiology }));
    expect(diagnostics.map((d) => [d.code, d.message.split(":")[0]])).toEqual([["eval/unknown-reference", "/microbiology/0/susceptibilities/1/drug/id"]]);
  });

  test("every bad reference is reported, not just the first", () => {
    const diagnostics = reject([options], patient({ allergies: [{ drug: "x-drug" }, { class: "x-class" }], orders: [{ id: "o1", status: "active", drug: { id: "y-drug" }, route: "oral" }] }));
    expect(diagnostics.map((d) => d.message.split(":")[0])).toEqual(["/allergies/0/drug", "/allergies/1/class", "/orders/0/drug/id"]);
  });
});
