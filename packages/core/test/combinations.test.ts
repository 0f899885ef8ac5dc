import { describe, expect, test } from "vitest";
import { renderDecision } from "@steward/core";
import { compileRules, decide, missingKeys, patient, rule } from "./support/evaluation.js";

const macrolides = `class macrolides "Macrolides"

drug clarithromycin "Clarithromycin" {
  classes macrolides
  aware watch
  routes oral, iv
}

drug co-amoxiclav "Co-amoxiclav" {
  classes penicillins
  aware watch
  routes oral, iv
}
`;

// NICE NG138 table 1, high and moderate severity (adults), as the language writes them.
const ir = compileRules(
  macrolides +
    rule(
      "cap",
      "diagnosis in pneumonia",
      `first choice co-amoxiclav 500/125 mg oral three times daily for 5 days {
    or 1.2 g iv three times daily for 5 days
    with clarithromycin 500 mg oral twice daily for 5 days {
      or 500 mg iv twice daily for 5 days
    }
  }
  second choice amoxicillin 500 mg oral three times daily for 5 days {
    with clarithromycin 500 mg oral twice daily for 5 days if "atypical pathogens are suspected"
  }`,
    ),
);

const cap = { diagnoses: [{ code: { system: "http://snomed.info/sct", code: "233604007" } }] };

describe("drugs given together (§14.11, §18.8)", () => {
  test("a combination is offered with its companion's regimens, and an add-on with the words saying when", () => {
    const d = decide([ir], patient({ ...cap, allergies: [] }));
    const [high, moderate] = d.treatments;
    expect(high!.regimens.map((r) => r.text)).toEqual(["500/125 mg oral three times daily for 5 days", "1.2 g iv three times daily for 5 days"]);
    expect(high!.combinedWith).toEqual([
      expect.objectContaining({ drug: { id: "clarithromycin", name: "Clarithromycin", aware: "watch" }, regimens: [expect.objectContaining({ text: "500 mg oral twice daily for 5 days" }), expect.objectContaining({ text: "500 mg iv twice daily for 5 days" })] }),
    ]);
    expect(high!.combinedWith[0]!.addIf).toBeUndefined();
    expect(moderate!.combinedWith).toEqual([expect.objectContaining({ drug: expect.objectContaining({ id: "clarithromycin" }), addIf: "atypical pathogens are suspected" })]);
    expect(high!.cautions).toEqual([]);
  });

  test("an allergy to a companion rules out the whole combination, naming the companion", () => {
    const d = decide([ir], patient({ ...cap, allergies: [{ class: "macrolides", verification: "confirmed" }] }));
    expect(d.treatments.map((t) => t.drug.id)).toEqual(["amoxicillin"]);
    expect(d.excluded).toEqual([expect.objectContaining({ drug: expect.objectContaining({ id: "co-amoxiclav" }), because: "allergy", reason: "co-amoxiclav is given with clarithromycin: allergy recorded: macrolides" })]);
  });

  test("an allergy to an add-on keeps the choice, without the add-on, with a caution saying not to add it and why", () => {
    const d = decide([ir], patient({ ...cap, allergies: [{ drug: "clarithromycin", verification: "confirmed", reaction: "rash" }] }));
    const amoxicillin = d.treatments.find((t) => t.drug.id === "amoxicillin")!;
    expect(amoxicillin.combinedWith).toEqual([]);
    expect(amoxicillin.cautions).toEqual(["do not add clarithromycin, even if atypical pathogens are suspected: allergy recorded: clarithromycin (rash)"]);
  });

  test("an allergy to the choice's own drug still rules it out first", () => {
    const d = decide([ir], patient({ ...cap, allergies: [{ class: "penicillins", verification: "confirmed" }] }));
    expect(d.treatments).toEqual([]);
    expect(d.excluded.map((x) => `${x.drug.id}: ${x.reason}`)).toEqual(["co-amoxiclav: allergy recorded: penicillins", "amoxicillin: allergy recorded: penicillins"]);
  });

  test("with the allergy history not recorded, the companion carries a caution to check, and the history is missing data", () => {
    const d = decide([ir], patient(cap));
    expect(d.treatments[0]!.cautions).toContain("check for allergy to clarithromycin: the allergy history is not recorded");
    expect(missingKeys(d)).toEqual(["list:allergies"]);
    expect(d.missingData[0]!.neededFor).toContain("to rule out an allergy to clarithromycin");
  });

  test("the Decision as text shows the combination and the add-on under their choices", () => {
    const text = renderDecision(decide([ir], patient({ ...cap, allergies: [] })));
    expect(text).toContain(
      [
        "    1. Co-amoxiclav 500/125 mg oral three times daily for 5 days  (UK-AWaRe watch)",
        "       or 1.2 g iv three times daily for 5 days",
        "       with clarithromycin 500 mg oral twice daily for 5 days  (UK-AWaRe watch)",
        "         or 500 mg iv twice daily for 5 days",
      ].join("\n"),
    );
    expect(text).toContain("       add clarithromycin 500 mg oral twice daily for 5 days if atypical pathogens are suspected  (UK-AWaRe watch)");
  });
});
