/**
 * Scenarios for NICE NG109 (lower UTI): every row of tables 1 to 4, every age and eGFR boundary,
 * allergies, and recommendation 1.1.4 on culture results. Each scenario states the rules that
 * fired (the reasons) as well as the outcome. Clinical facts: /work/shared/CLINICAL-FACTS.md §6.1.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { isLeft } from "fp-ts/lib/Either.js";
import { describe, expect, test } from "vitest";
import { evaluate, explain, prepare, type Decision, type Evaluator, type PatientContextInput, type Treatment } from "@steward/core";
import { compile, loadProgram, type SourceHost } from "@steward/dsl";
import {
  activeCourse,
  bornAgo,
  child,
  classAllergy,
  culture,
  cystitis,
  diagnosis,
  drugAllergy,
  egfrResult,
  man,
  NOW,
  pregnantWoman,
  symptomsImproving,
  woman,
} from "./scenarios.js";

const GUIDELINE = "guidelines/ng109-lower-uti/ng109.stw";
const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const disk: SourceHost = {
  read: (p) => {
    try {
      return readFileSync(join(repoRoot, p), "utf8");
    } catch {
      return undefined;
    }
  },
};

function loadEvaluator(): Evaluator {
  const ir = compile(loadProgram([GUIDELINE], disk), GUIDELINE);
  if (isLeft(ir)) throw new Error(`NG109 does not compile: ${JSON.stringify(ir.left)}`);
  const evaluator = prepare([ir.right]);
  if (isLeft(evaluator)) throw new Error(`NG109 IR is rejected: ${JSON.stringify(evaluator.left)}`);
  return evaluator.right;
}

const evaluator = loadEvaluator();

function decide(context: PatientContextInput): Decision {
  const result = evaluate(evaluator, context, { now: NOW });
  if (isLeft(result)) throw new Error(`the context was rejected: ${JSON.stringify(result.left)}`);
  return result.right;
}

/** How each rule came out, from the traced evaluation. */
function ruleStatuses(context: PatientContextInput): Record<string, string> {
  const result = explain(evaluator, context, { now: NOW });
  if (isLeft(result)) throw new Error(`the context was rejected: ${JSON.stringify(result.left)}`);
  return Object.fromEntries(result.right.guidelines[0]!.rules.map((r) => [r.rule, r.status]));
}

/** The reasons: ids of the rules that fired. */
function fired(d: Decision): readonly string[] {
  return d.guidelines[0]!.rulesApplied;
}

/** The treatments offered, in order, as `rank drug`. */
function lineup(d: Decision): string[] {
  return d.treatments.map((t) => `${t.rank} ${t.drug.id}`);
}

function offered(d: Decision, rank: Treatment["rank"], drug: string): Treatment {
  const found = d.treatments.find((t) => t.rank === rank && t.drug.id === drug);
  if (found === undefined) throw new Error(`${rank} choice ${drug} is not offered; offered: ${lineup(d).join(", ")}`);
  return found;
}

function texts(t: Treatment): string[] {
  return t.regimens.map((r) => r.text);
}

function excludedDrugs(d: Decision): string[] {
  return d.excluded.map((e) => `${e.rank} ${e.drug.id}`);
}

function missingKeys(d: Decision): string[] {
  return d.missingData.map((m) => m.data);
}

function missing(d: Decision, key: string): Decision["missingData"][number] {
  const found = d.missingData.find((m) => m.data === key);
  if (found === undefined) throw new Error(`${key} is not in missingData: ${missingKeys(d).join(", ")}`);
  return found;
}

const TABLE_1_LINEUP = ["first nitrofurantoin", "first trimethoprim", "second nitrofurantoin", "second pivmecillinam", "second fosfomycin"];
const SECOND_CHOICE_NOTE = "second choice when there is no improvement after at least 48 hours or the first choice is unsuitable";
const CHILD_RULES_12_TO_15 = ["children-3-months-and-over", "trimethoprim-12-to-15-years", "nitrofurantoin-12-to-15-years", "cefalexin-12-to-15-years"];

// ---- Table 1: non-pregnant women aged 16 and over --------------------------------------------

describe("NG109 table 1: non-pregnant women aged 16 and over", () => {
  test("table 1: a 30-year-old woman with cystitis and eGFR 80 gets nitrofurantoin 100 mg modified-release twice daily for 3 days first, trimethoprim also first, and the back-up option with its advice", () => {
    const d = decide(woman({ age: 30, egfr: 80 }));
    expect(fired(d)).toEqual(["non-pregnant-women"]);
    expect(d.treatments[0]).toMatchObject({ rank: "first", drug: { id: "nitrofurantoin" } });
    expect(d.treatments[0]!.regimens[0]!.text).toBe("100 mg modified-release oral twice daily for 3 days");
    expect(d.treatments[1]).toMatchObject({ rank: "first", drug: { id: "trimethoprim" } });
    expect(d.strategies.find((s) => s.kind === "back-up")?.advice).toBe(
      "Use the back-up prescription if symptoms do not start to improve within 48 hours or get worse at any time",
    );
    expect(d.excluded).toEqual([]);
    expect(d.withheld).toEqual([]);
    expect(d.alerts).toEqual([]);
    expect(d.actions).toEqual([]);
    expect(d.missingData).toEqual([]);
  });

  test("table 1: first choices come before second choices: nitrofurantoin and trimethoprim, then nitrofurantoin, pivmecillinam and fosfomycin", () => {
    const d = decide(woman());
    expect(fired(d)).toEqual(["non-pregnant-women"]);
    expect(lineup(d)).toEqual(TABLE_1_LINEUP);
    expect(d.treatments.every((t) => t.provenance.rule === "non-pregnant-women")).toBe(true);
  });

  test("table 1: first-choice nitrofurantoin has the 50 mg four-times-daily regimen for when modified-release capsules are unavailable", () => {
    const d = decide(woman());
    expect(fired(d)).toEqual(["non-pregnant-women"]);
    const nitrofurantoin = offered(d, "first", "nitrofurantoin");
    expect(nitrofurantoin.regimens.map((r) => ({ text: r.text, note: r.note }))).toEqual([
      { text: "100 mg modified-release oral twice daily for 3 days", note: undefined },
      { text: "50 mg oral four times daily for 3 days", note: "if modified-release capsules are unavailable" },
    ]);
    expect(nitrofurantoin.cautions).toEqual([]);
  });

  test("table 1: first-choice trimethoprim is 200 mg twice daily for 3 days if the risk of resistance is low", () => {
    const d = decide(woman());
    expect(fired(d)).toEqual(["non-pregnant-women"]);
    const trimethoprim = offered(d, "first", "trimethoprim");
    expect(texts(trimethoprim)).toEqual(["200 mg oral twice daily for 3 days"]);
    expect(trimethoprim.notes).toEqual(["if low risk of resistance"]);
  });

  test("table 1: second-choice nitrofurantoin is for when it was not used first, with the same two regimens", () => {
    const d = decide(woman());
    expect(fired(d)).toEqual(["non-pregnant-women"]);
    const nitrofurantoin = offered(d, "second", "nitrofurantoin");
    expect(texts(nitrofurantoin)).toEqual(["100 mg modified-release oral twice daily for 3 days", "50 mg oral four times daily for 3 days"]);
    expect(nitrofurantoin.notes).toEqual([`if not used as first choice; ${SECOND_CHOICE_NOTE}`]);
  });

  test("table 1: second-choice pivmecillinam is 400 mg once then 200 mg three times daily to complete 3 days", () => {
    const d = decide(woman());
    expect(fired(d)).toEqual(["non-pregnant-women"]);
    const pivmecillinam = offered(d, "second", "pivmecillinam");
    expect(texts(pivmecillinam)).toEqual(["400 mg oral once then 200 mg oral three times daily to complete 3 days"]);
    expect(pivmecillinam.regimens[0]!.regimen.steps.map((s) => s.dose)).toEqual([
      { value: 400, unit: "mg" },
      { value: 200, unit: "mg" },
    ]);
    expect(pivmecillinam.notes).toEqual([SECOND_CHOICE_NOTE]);
  });

  test("table 1: second-choice fosfomycin is a 3 g single dose", () => {
    const d = decide(woman());
    expect(fired(d)).toEqual(["non-pregnant-women"]);
    const fosfomycin = offered(d, "second", "fosfomycin");
    expect(texts(fosfomycin)).toEqual(["3 g oral single dose"]);
    expect(fosfomycin.notes).toEqual([SECOND_CHOICE_NOTE]);
  });

  test("table 1 and recommendation 1.1.3: both a back-up and an immediate prescription are offered", () => {
    const d = decide(woman());
    expect(fired(d)).toEqual(["non-pregnant-women"]);
    expect(d.strategies.map((s) => s.kind)).toEqual(["back-up", "immediate"]);
    expect(d.strategies[0]!.advice).toContain("within 48 hours");
    expect(d.strategies.every((s) => s.provenance.rule === "non-pregnant-women")).toBe(true);
  });

  test("table 1: the TARGET UTI leaflet and the advice on adverse effects and when to seek help are given", () => {
    const d = decide(woman());
    expect(fired(d)).toEqual(["non-pregnant-women"]);
    expect(d.leaflets.map((l) => l.text)).toEqual(["TARGET: Treating your infection – urinary tract infection (UTI)"]);
    expect(d.advice.map((a) => a.text)).toContainEqual(expect.stringContaining("diarrhoea and nausea"));
    expect(d.advice.map((a) => a.text)).toContainEqual(expect.stringContaining("previous urine culture and susceptibility results"));
  });
});

// ---- Nitrofurantoin and renal function ------------------------------------------------------

describe("NG109 nitrofurantoin renal threshold (eGFR 45 mL/min/1.73m2 or more)", () => {
  test("table 1: eGFR 44 excludes nitrofurantoin with a reason that shows the value seen, and trimethoprim is still a first choice", () => {
    const d = decide(woman({ egfr: 44 }));
    expect(fired(d)).toEqual(["non-pregnant-women"]);
    expect(d.excluded.map((e) => ({ rank: e.rank, drug: e.drug.id, because: e.because }))).toEqual([
      { rank: "first", drug: "nitrofurantoin", because: "contraindication" },
      { rank: "second", drug: "nitrofurantoin", because: "contraindication" },
    ]);
    for (const e of d.excluded) expect(e.reason).toMatch(/egfr = 44\b/);
    expect(lineup(d)).toEqual(["first trimethoprim", "second pivmecillinam", "second fosfomycin"]);
    expect(d.withheld).toEqual([]);
  });

  test("table 1: eGFR exactly 45 keeps nitrofurantoin as a first choice", () => {
    const d = decide(woman({ egfr: 45 }));
    expect(fired(d)).toEqual(["non-pregnant-women"]);
    expect(lineup(d)).toEqual(TABLE_1_LINEUP);
    expect(d.excluded).toEqual([]);
  });

  test("table 1: eGFR 46 keeps nitrofurantoin as a first choice", () => {
    const d = decide(woman({ egfr: 46 }));
    expect(fired(d)).toEqual(["non-pregnant-women"]);
    expect(lineup(d)).toEqual(TABLE_1_LINEUP);
    expect(d.excluded).toEqual([]);
  });

  test("table 1: with no eGFR nitrofurantoin is withheld, eGFR is listed as missing for it, and trimethoprim is still a first choice", () => {
    const d = decide(woman({ egfr: "not-recorded" }));
    expect(fired(d)).toEqual(["non-pregnant-women"]);
    expect(d.withheld.map((w) => `${w.rank} ${w.drug.id}`)).toEqual(["first nitrofurantoin", "second nitrofurantoin"]);
    for (const w of d.withheld) expect(w.reason).toContain("45");
    expect(d.excluded).toEqual([]);
    expect(lineup(d)).toEqual(["first trimethoprim", "second pivmecillinam", "second fosfomycin"]);
    const egfr = missing(d, "observation:egfr");
    expect(egfr.neededFor.length).toBeGreaterThan(0);
    for (const purpose of egfr.neededFor) expect(purpose).toContain("nitrofurantoin");
    expect(missingKeys(d)).toEqual(["observation:egfr"]);
  });

  test("table 1: the most recent eGFR decides, so a fall from 80 to 40 excludes nitrofurantoin", () => {
    const d = decide(woman({ egfr: 80, observations: [egfrResult(40, "2026-11-20")] }));
    expect(fired(d)).toEqual(["non-pregnant-women"]);
    expect(excludedDrugs(d)).toEqual(["first nitrofurantoin", "second nitrofurantoin"]);
    expect(d.excluded[0]!.reason).toMatch(/egfr = 40\b/);
  });

  test("table 3: eGFR 44 excludes nitrofurantoin for a man and leaves trimethoprim", () => {
    const d = decide(man({ egfr: 44 }));
    expect(fired(d)).toEqual(["men"]);
    expect(excludedDrugs(d)).toEqual(["first nitrofurantoin"]);
    expect(d.excluded[0]!.reason).toMatch(/egfr = 44\b/);
    expect(lineup(d)).toEqual(["first trimethoprim"]);
  });

  test("table 3: with no eGFR nitrofurantoin is withheld for a man and trimethoprim is offered", () => {
    const d = decide(man({ egfr: "not-recorded" }));
    expect(fired(d)).toEqual(["men"]);
    expect(d.withheld.map((w) => `${w.rank} ${w.drug.id}`)).toEqual(["first nitrofurantoin"]);
    expect(lineup(d)).toEqual(["first trimethoprim"]);
    expect(missing(d, "observation:egfr").neededFor).toEqual(["to recommend nitrofurantoin (first choice, rule men)"]);
  });

  test("table 2: eGFR 44 excludes nitrofurantoin in pregnancy and leaves cefalexin", () => {
    const d = decide(pregnantWoman({ egfr: 44 }));
    expect(fired(d)).toEqual(["pregnant-women"]);
    expect(d.excluded.map((e) => `${e.rank} ${e.drug.id} ${e.because}`)).toEqual(["first nitrofurantoin contraindication", "second amoxicillin condition"]);
    expect(d.excluded[0]!.reason).toMatch(/egfr = 44\b/);
    expect(lineup(d)).toEqual(["second cefalexin"]);
  });

  test("table 4: a 15-year-old with no eGFR has nitrofurantoin withheld while trimethoprim and cefalexin are offered", () => {
    const d = decide(child({ sex: "female", age: 15, pregnancy: { status: "not-pregnant" }, egfr: "not-recorded", weightKg: 52 }));
    expect(fired(d)).toEqual(CHILD_RULES_12_TO_15);
    expect(d.withheld.map((w) => `${w.rank} ${w.drug.id}`)).toEqual(["first nitrofurantoin", "second nitrofurantoin"]);
    expect(lineup(d)).toEqual(["first trimethoprim", "second cefalexin"]);
    expect(missingKeys(d)).toContain("observation:egfr");
  });
});

// ---- The age-16 boundary between table 4 and tables 1 and 3 ---------------------------------

describe("NG109 age boundary: aged 16 years and over", () => {
  test("table 4, not table 1: a girl the day before her 16th birthday is treated with the 12 to 15 years rows", () => {
    const d = decide(woman({ born: { years: 16, days: -1 } }));
    expect(fired(d)).toEqual(CHILD_RULES_12_TO_15);
    expect(fired(d)).not.toContain("non-pregnant-women");
    expect(lineup(d)).toEqual(["first trimethoprim", "first nitrofurantoin", "second nitrofurantoin", "second cefalexin"]);
    expect(texts(offered(d, "first", "trimethoprim"))).toEqual(["200 mg oral twice daily for 3 days"]);
    expect(d.strategies).toEqual([]);
    expect(d.leaflets).toEqual([]);
  });

  test("table 1: a woman on her 16th birthday is treated under table 1", () => {
    const d = decide(woman({ born: { years: 16 } }));
    expect(d.treatments.length).toBeGreaterThan(0);
    expect(fired(d)).toEqual(["non-pregnant-women"]);
    expect(lineup(d)).toEqual(TABLE_1_LINEUP);
    expect(d.strategies.map((s) => s.kind)).toEqual(["back-up", "immediate"]);
  });

  test("table 1: an age sent only as 16 whole years is enough for table 1", () => {
    const d = decide(woman({ wholeYears: 16 }));
    expect(fired(d)).toEqual(["non-pregnant-women"]);
    expect(lineup(d)).toEqual(TABLE_1_LINEUP);
    expect(missingKeys(d)).not.toContain("patient:birthDate");
  });

  test("table 4: an age sent only as 15 whole years gives the 12 to 15 years rows", () => {
    const d = decide(woman({ wholeYears: 15 }));
    expect(fired(d)).toEqual(CHILD_RULES_12_TO_15);
    expect(missingKeys(d)).not.toContain("patient:birthDate");
  });

  test("table 4, not table 3: a boy the day before his 16th birthday is treated with the 12 to 15 years rows", () => {
    const d = decide(man({ born: { years: 16, days: -1 } }));
    expect(fired(d)).toEqual(CHILD_RULES_12_TO_15);
    expect(fired(d)).not.toContain("men");
  });

  test("table 3: a man on his 16th birthday is treated under table 3", () => {
    const d = decide(man({ born: { years: 16 } }));
    expect(fired(d)).toEqual(["men"]);
    expect(lineup(d)).toEqual(["first trimethoprim", "first nitrofurantoin"]);
  });
});

// ---- Table 4: children and young people under 16 --------------------------------------------

describe("NG109 table 4: children and young people under 16", () => {
  test("table 4: a baby the day before she is 3 months old is referred to a paediatric specialist and offered no oral antibiotic", () => {
    const d = decide(child({ sex: "female", born: { months: 3, days: -1 }, weightKg: 5 }));
    expect(fired(d)).toEqual(["children-under-3-months"]);
    expect(d.actions.map((a) => (a.kind === "refer" ? { kind: a.kind, to: a.to } : { kind: a.kind }))).toEqual([{ kind: "refer", to: "paediatric-specialist" }]);
    expect(d.treatments).toEqual([]);
    expect(d.excluded).toEqual([]);
    expect(d.withheld).toEqual([]);
    expect(d.strategies).toEqual([]);
  });

  test("table 4: a 2-month-old (example 08) is referred, with intravenous treatment in the reason", () => {
    const d = decide(child({ sex: "female", born: { months: 2, days: 5 }, weightKg: 4.9 }));
    expect(fired(d)).toEqual(["children-under-3-months"]);
    expect(d.actions).toHaveLength(1);
    expect(d.actions[0]).toMatchObject({ kind: "refer", to: "paediatric-specialist", reason: expect.stringContaining("intravenous") });
    expect(d.treatments).toEqual([]);
  });

  test("table 4: a baby exactly 3 months old gets the 3 to 5 months trimethoprim, per-kg nitrofurantoin and 3 to 11 months cefalexin rows, and no referral", () => {
    const d = decide(child({ born: { months: 3 }, weightKg: 5 }));
    expect(fired(d)).toEqual(["children-3-months-and-over", "trimethoprim-3-to-5-months", "nitrofurantoin-3-months-to-11-years", "cefalexin-3-to-11-months"]);
    expect(d.actions).toEqual([]);
    expect(lineup(d)).toEqual(["first trimethoprim", "first nitrofurantoin", "second nitrofurantoin", "second cefalexin"]);
    expect(texts(offered(d, "first", "trimethoprim"))).toEqual(["4 mg/kg max 200 mg oral twice daily for 3 days", "25 mg oral twice daily for 3 days"]);
    expect(offered(d, "first", "trimethoprim").regimens[0]!.calculated.map((c) => c.dose)).toEqual([{ value: 20, unit: "mg" }]);
    expect(texts(offered(d, "first", "nitrofurantoin"))).toEqual(["750 micrograms/kg oral four times daily for 3 days"]);
    expect(offered(d, "first", "nitrofurantoin").regimens[0]!.calculated.map((c) => c.dose)).toEqual([{ value: 3.75, unit: "mg" }]);
    expect(offered(d, "second", "nitrofurantoin").notes).toEqual(["if not used as first choice"]);
    expect(texts(offered(d, "second", "cefalexin"))).toEqual(["12.5 mg/kg oral twice daily for 3 days", "125 mg oral twice daily for 3 days"]);
    expect(offered(d, "second", "cefalexin").regimens[0]!.calculated.map((c) => c.dose)).toEqual([{ value: 62.5, unit: "mg" }]);
  });

  test("table 4: the day before 6 months trimethoprim is still the 3 to 5 months row (or 25 mg twice daily)", () => {
    const d = decide(child({ born: { months: 6, days: -1 }, weightKg: 7 }));
    expect(fired(d)).toEqual(["children-3-months-and-over", "trimethoprim-3-to-5-months", "nitrofurantoin-3-months-to-11-years", "cefalexin-3-to-11-months"]);
    expect(texts(offered(d, "first", "trimethoprim"))[1]).toBe("25 mg oral twice daily for 3 days");
  });

  test("table 4: at exactly 6 months trimethoprim moves to the 6 months to 5 years row (or 50 mg twice daily)", () => {
    const d = decide(child({ born: { months: 6 }, weightKg: 7 }));
    expect(fired(d)).toEqual(["children-3-months-and-over", "trimethoprim-6-months-to-5-years", "nitrofurantoin-3-months-to-11-years", "cefalexin-3-to-11-months"]);
    expect(texts(offered(d, "first", "trimethoprim"))).toEqual(["4 mg/kg max 200 mg oral twice daily for 3 days", "50 mg oral twice daily for 3 days"]);
    expect(offered(d, "first", "trimethoprim").regimens[0]!.calculated.map((c) => c.dose)).toEqual([{ value: 28, unit: "mg" }]);
  });

  test("table 4: the day before the first birthday cefalexin is the 3 to 11 months row (12.5 mg/kg or 125 mg twice daily)", () => {
    const d = decide(child({ born: { years: 1, days: -1 }, weightKg: 9 }));
    expect(fired(d)).toEqual(["children-3-months-and-over", "trimethoprim-6-months-to-5-years", "nitrofurantoin-3-months-to-11-years", "cefalexin-3-to-11-months"]);
    expect(texts(offered(d, "second", "cefalexin"))).toEqual(["12.5 mg/kg oral twice daily for 3 days", "125 mg oral twice daily for 3 days"]);
  });

  test("table 4: on the first birthday cefalexin moves to the 1 to 4 years row (12.5 mg/kg twice daily or 125 mg three times daily)", () => {
    const d = decide(child({ born: { years: 1 }, weightKg: 9 }));
    expect(fired(d)).toEqual(["children-3-months-and-over", "trimethoprim-6-months-to-5-years", "nitrofurantoin-3-months-to-11-years", "cefalexin-1-to-4-years"]);
    expect(texts(offered(d, "second", "cefalexin"))).toEqual(["12.5 mg/kg oral twice daily for 3 days", "125 mg oral three times daily for 3 days"]);
    expect(offered(d, "second", "cefalexin").regimens[0]!.calculated.map((c) => c.dose)).toEqual([{ value: 112.5, unit: "mg" }]);
  });

  test("table 4: the day before the 5th birthday cefalexin is still the 1 to 4 years row", () => {
    const d = decide(child({ born: { years: 5, days: -1 }, weightKg: 18 }));
    expect(fired(d)).toEqual(["children-3-months-and-over", "trimethoprim-6-months-to-5-years", "nitrofurantoin-3-months-to-11-years", "cefalexin-1-to-4-years"]);
    expect(texts(offered(d, "second", "cefalexin"))[1]).toBe("125 mg oral three times daily for 3 days");
  });

  test("table 4: on the 5th birthday cefalexin moves to the 5 to 11 years row (or 250 mg three times daily) while trimethoprim stays in the 6 months to 5 years row", () => {
    const d = decide(child({ born: { years: 5 }, weightKg: 18 }));
    expect(fired(d)).toEqual(["children-3-months-and-over", "trimethoprim-6-months-to-5-years", "nitrofurantoin-3-months-to-11-years", "cefalexin-5-to-11-years"]);
    expect(texts(offered(d, "second", "cefalexin"))).toEqual(["12.5 mg/kg oral twice daily for 3 days", "250 mg oral three times daily for 3 days"]);
    expect(texts(offered(d, "first", "trimethoprim"))[1]).toBe("50 mg oral twice daily for 3 days");
  });

  test("table 4: the day before the 6th birthday trimethoprim is still the 6 months to 5 years row (or 50 mg twice daily)", () => {
    const d = decide(child({ born: { years: 6, days: -1 }, weightKg: 20 }));
    expect(fired(d)).toEqual(["children-3-months-and-over", "trimethoprim-6-months-to-5-years", "nitrofurantoin-3-months-to-11-years", "cefalexin-5-to-11-years"]);
    expect(texts(offered(d, "first", "trimethoprim"))[1]).toBe("50 mg oral twice daily for 3 days");
  });

  test("table 4: on the 6th birthday trimethoprim moves to the 6 to 11 years row (or 100 mg twice daily)", () => {
    const d = decide(child({ born: { years: 6 }, weightKg: 20 }));
    expect(fired(d)).toEqual(["children-3-months-and-over", "trimethoprim-6-to-11-years", "nitrofurantoin-3-months-to-11-years", "cefalexin-5-to-11-years"]);
    expect(texts(offered(d, "first", "trimethoprim"))).toEqual(["4 mg/kg max 200 mg oral twice daily for 3 days", "100 mg oral twice daily for 3 days"]);
    expect(offered(d, "first", "trimethoprim").regimens[0]!.calculated.map((c) => c.dose)).toEqual([{ value: 80, unit: "mg" }]);
  });

  test("table 4: the day before the 12th birthday the per-kg rows still apply for trimethoprim, nitrofurantoin and cefalexin", () => {
    const d = decide(child({ born: { years: 12, days: -1 }, weightKg: 38 }));
    expect(fired(d)).toEqual(["children-3-months-and-over", "trimethoprim-6-to-11-years", "nitrofurantoin-3-months-to-11-years", "cefalexin-5-to-11-years"]);
    expect(texts(offered(d, "first", "nitrofurantoin"))).toEqual(["750 micrograms/kg oral four times daily for 3 days"]);
    expect(offered(d, "first", "nitrofurantoin").regimens[0]!.calculated.map((c) => c.dose)).toEqual([{ value: 28.5, unit: "mg" }]);
  });

  test("table 4: on the 12th birthday the 12 to 15 years fixed doses apply: trimethoprim 200 mg twice daily, nitrofurantoin 50 mg four times daily or 100 mg MR twice daily, cefalexin 500 mg twice daily", () => {
    const d = decide(child({ born: { years: 12 }, weightKg: 38 }));
    expect(fired(d)).toEqual(CHILD_RULES_12_TO_15);
    expect(lineup(d)).toEqual(["first trimethoprim", "first nitrofurantoin", "second nitrofurantoin", "second cefalexin"]);
    expect(texts(offered(d, "first", "trimethoprim"))).toEqual(["200 mg oral twice daily for 3 days"]);
    expect(texts(offered(d, "first", "nitrofurantoin"))).toEqual(["50 mg oral four times daily for 3 days", "100 mg modified-release oral twice daily for 3 days"]);
    expect(offered(d, "second", "nitrofurantoin").notes).toEqual(["if not used as first choice"]);
    expect(texts(offered(d, "second", "cefalexin"))).toEqual(["500 mg oral twice daily for 3 days"]);
    expect(d.treatments.flatMap((t) => t.regimens.flatMap((r) => r.calculated))).toEqual([]);
  });

  test("table 4: a 4-year-old weighing 16 kg (example 09) gets trimethoprim 64 mg, nitrofurantoin 12 mg and cefalexin 200 mg worked out from weight", () => {
    const d = decide(child({ age: 4, weightKg: 16 }));
    expect(fired(d)).toEqual(["children-3-months-and-over", "trimethoprim-6-months-to-5-years", "nitrofurantoin-3-months-to-11-years", "cefalexin-1-to-4-years"]);
    expect(lineup(d)).toEqual(["first trimethoprim", "first nitrofurantoin", "second nitrofurantoin", "second cefalexin"]);
    expect(offered(d, "first", "trimethoprim").regimens[0]!.calculated).toEqual([{ step: 0, option: 0, dose: { value: 64, unit: "mg" }, weight: { value: 16, unit: "kg" }, capped: false }]);
    expect(offered(d, "first", "trimethoprim").regimens[1]!.calculated).toEqual([]);
    expect(offered(d, "first", "nitrofurantoin").regimens[0]!.calculated).toEqual([{ step: 0, option: 0, dose: { value: 12, unit: "mg" }, weight: { value: 16, unit: "kg" }, capped: false }]);
    expect(offered(d, "second", "cefalexin").regimens[0]!.calculated).toEqual([{ step: 0, option: 0, dose: { value: 200, unit: "mg" }, weight: { value: 16, unit: "kg" }, capped: false }]);
    expect(d.advice.map((a) => a.text)).toContainEqual(expect.stringContaining("Send a urine sample for culture"));
  });

  test("table 4: trimethoprim 4 mg/kg for a 60 kg 11-year-old is capped at the 200 mg maximum", () => {
    const d = decide(child({ age: 11, weightKg: 60 }));
    expect(fired(d)).toEqual(["children-3-months-and-over", "trimethoprim-6-to-11-years", "nitrofurantoin-3-months-to-11-years", "cefalexin-5-to-11-years"]);
    expect(offered(d, "first", "trimethoprim").regimens[0]!.calculated).toEqual([{ step: 0, option: 0, dose: { value: 200, unit: "mg" }, weight: { value: 60, unit: "kg" }, capped: true }]);
  });

  test("table 4: trimethoprim 4 mg/kg for a 50 kg 11-year-old is exactly the 200 mg maximum and not marked capped", () => {
    const d = decide(child({ age: 11, weightKg: 50 }));
    expect(fired(d)).toContain("trimethoprim-6-to-11-years");
    expect(offered(d, "first", "trimethoprim").regimens[0]!.calculated).toEqual([{ step: 0, option: 0, dose: { value: 200, unit: "mg" }, weight: { value: 50, unit: "kg" }, capped: false }]);
  });

  test("table 4: nitrofurantoin 750 micrograms/kg is shown in micrograms below 1 mg and in mg from 1 mg", () => {
    const tiny = decide(child({ born: { months: 4 }, weightKg: 1.2 }));
    expect(fired(tiny)).toContain("nitrofurantoin-3-months-to-11-years");
    expect(offered(tiny, "first", "nitrofurantoin").regimens[0]!.calculated.map((c) => c.dose)).toEqual([{ value: 900, unit: "micrograms" }]);
    const small = decide(child({ born: { months: 4 }, weightKg: 2 }));
    expect(fired(small)).toContain("nitrofurantoin-3-months-to-11-years");
    expect(offered(small, "first", "nitrofurantoin").regimens[0]!.calculated.map((c) => c.dose)).toEqual([{ value: 1.5, unit: "mg" }]);
  });

  test("table 4: with no weight the per-kg doses are not worked out, weight is listed as missing, and the fixed-dose alternatives remain", () => {
    const d = decide(child({ age: 4 }));
    expect(fired(d)).toEqual(["children-3-months-and-over", "trimethoprim-6-months-to-5-years", "nitrofurantoin-3-months-to-11-years", "cefalexin-1-to-4-years"]);
    expect(lineup(d)).toEqual(["first trimethoprim", "first nitrofurantoin", "second nitrofurantoin", "second cefalexin"]);
    const trimethoprim = offered(d, "first", "trimethoprim");
    expect(texts(trimethoprim)).toEqual(["4 mg/kg max 200 mg oral twice daily for 3 days", "50 mg oral twice daily for 3 days"]);
    expect(trimethoprim.regimens.map((r) => r.calculated)).toEqual([[], []]);
    expect(texts(offered(d, "second", "cefalexin"))[1]).toBe("125 mg oral three times daily for 3 days");
    const weight = missing(d, "patient:weight");
    expect(weight.neededFor.some((p) => p.includes("trimethoprim"))).toBe(true);
    expect(weight.neededFor.some((p) => p.includes("nitrofurantoin"))).toBe(true);
    expect(weight.neededFor.some((p) => p.includes("cefalexin"))).toBe(true);
  });
});

// ---- Table 2: pregnant women aged 12 and over -----------------------------------------------

describe("NG109 table 2: pregnant women aged 12 and over", () => {
  test("table 2: a pregnant woman not at term gets an immediate prescription: nitrofurantoin 100 mg MR twice daily for 7 days first, cefalexin 500 mg twice daily for 7 days second", () => {
    const d = decide(pregnantWoman({ egfr: 95 }));
    expect(fired(d)).toEqual(["pregnant-women"]);
    expect(d.strategies.map((s) => s.kind)).toEqual(["immediate"]);
    expect(lineup(d)).toEqual(["first nitrofurantoin", "second cefalexin"]);
    const nitrofurantoin = offered(d, "first", "nitrofurantoin");
    expect(texts(nitrofurantoin)).toEqual(["100 mg modified-release oral twice daily for 7 days", "50 mg oral four times daily for 7 days"]);
    expect(nitrofurantoin.regimens[1]!.note).toBe("if modified-release capsules are unavailable");
    expect(nitrofurantoin.notes).toEqual(["avoid at term: risk of neonatal haemolysis"]);
    expect(texts(offered(d, "second", "cefalexin"))).toEqual(["500 mg oral twice daily for 7 days"]);
    expect(d.advice.map((a) => a.text)).toContainEqual(expect.stringContaining("midstream urine sample"));
  });

  test("table 2: with no culture results (an empty microbiology list) amoxicillin is excluded", () => {
    const d = decide(pregnantWoman({ microbiology: [] }));
    expect(fired(d)).toEqual(["pregnant-women"]);
    expect(d.excluded.map((e) => ({ rank: e.rank, drug: e.drug.id, because: e.because }))).toEqual([{ rank: "second", drug: "amoxicillin", because: "condition" }]);
    expect(d.withheld).toEqual([]);
  });

  test("table 2: with the microbiology list not sent amoxicillin is withheld, not offered", () => {
    const d = decide(pregnantWoman({ microbiology: "not-recorded" }));
    expect(fired(d)).toEqual(["pregnant-women"]);
    expect(d.withheld.map((w) => `${w.rank} ${w.drug.id}`)).toEqual(["second amoxicillin"]);
    expect(d.withheld[0]!.reason).toBe("only if culture results are available and show susceptibility");
    expect(lineup(d)).toEqual(["first nitrofurantoin", "second cefalexin"]);
    expect(missingKeys(d)).toContain("list:microbiology");
  });

  test("table 2: amoxicillin 500 mg three times daily for 7 days is offered when a culture shows susceptibility (example 06)", () => {
    const d = decide(pregnantWoman({ microbiology: [culture({ amoxicillin: "susceptible", nitrofurantoin: "susceptible" })] }));
    expect(fired(d)).toEqual(["pregnant-women"]);
    expect(lineup(d)).toEqual(["first nitrofurantoin", "second amoxicillin", "second cefalexin"]);
    expect(texts(offered(d, "second", "amoxicillin"))).toEqual(["500 mg oral three times daily for 7 days"]);
    expect(d.excluded).toEqual([]);
  });

  test("table 2: amoxicillin is excluded when the culture shows resistance to it", () => {
    const d = decide(pregnantWoman({ microbiology: [culture({ amoxicillin: "resistant" })] }));
    expect(fired(d)).toEqual(["pregnant-women"]);
    expect(excludedDrugs(d)).toEqual(["second amoxicillin"]);
    expect(lineup(d)).toEqual(["first nitrofurantoin", "second cefalexin"]);
  });

  test("table 2: at term nitrofurantoin is excluded, with the reason saying so (example 05)", () => {
    const d = decide(pregnantWoman({ pregnancy: { status: "pregnant", gestationWeeks: 38, trimester: 3, atTerm: true } }));
    expect(fired(d)).toEqual(["pregnant-women"]);
    const nitrofurantoin = d.excluded.find((e) => e.drug.id === "nitrofurantoin");
    expect(nitrofurantoin).toMatchObject({ rank: "first", because: "contraindication" });
    expect(nitrofurantoin!.reason).toMatch(/term/);
    expect(nitrofurantoin!.reason).not.toMatch(/egfr/i);
    expect(lineup(d)).toEqual(["second cefalexin"]);
  });

  test("table 2: when whether she is at term is not recorded nitrofurantoin is withheld and at-term is listed as missing", () => {
    const d = decide(pregnantWoman({ pregnancy: { status: "pregnant", gestationWeeks: 30, trimester: 3 } }));
    expect(fired(d)).toEqual(["pregnant-women"]);
    expect(d.withheld.map((w) => `${w.rank} ${w.drug.id}`)).toEqual(["first nitrofurantoin"]);
    expect(d.withheld[0]!.reason).toContain("record whether the pregnancy is at term");
    expect(missing(d, "patient:at-term").neededFor).toEqual(["to recommend nitrofurantoin (first choice, rule pregnant-women)"]);
    expect(lineup(d)).toEqual(["second cefalexin"]);
  });

  test("table 2: a pregnant girl the day before her 12th birthday is not treated under table 2", () => {
    const d = decide(pregnantWoman({ born: { years: 12, days: -1 } }));
    expect(fired(d)).not.toContain("pregnant-women");
    expect(fired(d)).toContain("children-3-months-and-over");
  });

  test("table 2: a pregnant girl on her 12th birthday is treated under table 2 (nitrofurantoin for 7 days)", () => {
    const d = decide(pregnantWoman({ born: { years: 12 } }));
    expect(fired(d)).toContain("pregnant-women");
    expect(texts(offered(d, "first", "nitrofurantoin"))).toContain("100 mg modified-release oral twice daily for 7 days");
  });

  test("table 2: a pregnant 14-year-old in her first trimester is treated under table 2 only, so she is not offered trimethoprim or the 3-day courses of table 4", () => {
    const d = decide(pregnantWoman({ age: 14, pregnancy: { status: "pregnant", gestationWeeks: 8, trimester: 1, atTerm: false } }));
    expect(fired(d)).toEqual(["pregnant-women"]);
    expect(d.treatments.map((t) => t.drug.id)).not.toContain("trimethoprim");
    expect(d.treatments.flatMap(texts).filter((t) => t.endsWith("for 3 days"))).toEqual([]);
  });
});

// ---- Table 3: men aged 16 and over ----------------------------------------------------------

describe("NG109 table 3: men aged 16 and over", () => {
  test("table 3: a 45-year-old man (example 07) gets an immediate prescription of trimethoprim 200 mg twice daily or nitrofurantoin 100 mg MR twice daily, both for 7 days", () => {
    const d = decide(man({ age: 45, egfr: 88 }));
    expect(fired(d)).toEqual(["men"]);
    expect(d.strategies.map((s) => s.kind)).toEqual(["immediate"]);
    expect(lineup(d)).toEqual(["first trimethoprim", "first nitrofurantoin"]);
    expect(texts(offered(d, "first", "trimethoprim"))).toEqual(["200 mg oral twice daily for 7 days"]);
    expect(texts(offered(d, "first", "nitrofurantoin"))).toEqual(["100 mg modified-release oral twice daily for 7 days"]);
    expect(d.advice.map((a) => a.text)).toContainEqual(expect.stringContaining("midstream urine sample"));
    expect(d.advice.map((a) => a.text)).toContainEqual(expect.stringContaining("consider alternative diagnoses"));
    expect(d.leaflets).toEqual([]);
  });

  test("table 3: nitrofurantoin carries the note that it is not recommended if prostate involvement is suspected", () => {
    const d = decide(man());
    expect(fired(d)).toEqual(["men"]);
    expect(offered(d, "first", "nitrofurantoin").notes).toEqual(["not recommended if prostate involvement is suspected"]);
  });

  test("table 3: a man is not asked for a pregnancy status", () => {
    const d = decide(man());
    expect(fired(d)).toEqual(["men"]);
    expect(missingKeys(d)).not.toContain("patient:pregnant");
  });
});

// ---- Pregnancy status not recorded ----------------------------------------------------------

describe("NG109 tables 1 and 2: pregnancy status not recorded", () => {
  test("tables 1 and 2: for a woman whose pregnancy status is not recorded neither table applies and pregnancy status is listed as missing for both rules (example 13)", () => {
    const d = decide(woman({ age: 36, egfr: 90, pregnancy: "not-recorded" }));
    expect(fired(d)).toEqual([]);
    expect(d.treatments).toEqual([]);
    expect(d.strategies).toEqual([]);
    const pregnant = missing(d, "patient:pregnant");
    expect(pregnant.neededFor.some((p) => p.includes("rule non-pregnant-women"))).toBe(true);
    expect(pregnant.neededFor.some((p) => p.includes("rule pregnant-women"))).toBe(true);
    expect(ruleStatuses(woman({ age: 36, egfr: 90, pregnancy: "not-recorded" }))).toMatchObject({ "non-pregnant-women": "unknown", "pregnant-women": "unknown" });
  });

  test("tables 1 and 2: a pregnancy status of unknown counts as not recorded", () => {
    const d = decide(woman({ pregnancy: { status: "unknown" } }));
    expect(fired(d)).toEqual([]);
    expect(missingKeys(d)).toContain("patient:pregnant");
  });
});

// ---- Allergies ------------------------------------------------------------------------------

describe("NG109 options and allergies", () => {
  test("table 1: a confirmed penicillin allergy (example 04) excludes pivmecillinam and nothing else", () => {
    const d = decide(woman({ age: 62, egfr: 52, allergies: [classAllergy("penicillins")] }));
    expect(fired(d)).toEqual(["non-pregnant-women"]);
    expect(d.excluded.map((e) => ({ rank: e.rank, drug: e.drug.id, because: e.because }))).toEqual([{ rank: "second", drug: "pivmecillinam", because: "allergy" }]);
    expect(d.excluded[0]!.reason).toContain("penicillins");
    expect(lineup(d)).toEqual(["first nitrofurantoin", "first trimethoprim", "second nitrofurantoin", "second fosfomycin"]);
  });

  test("table 1: an allergy recorded against amoxicillin by drug id excludes pivmecillinam, another penicillin", () => {
    const d = decide(woman({ allergies: [drugAllergy("amoxicillin")] }));
    expect(fired(d)).toEqual(["non-pregnant-women"]);
    expect(d.excluded.map((e) => ({ rank: e.rank, drug: e.drug.id, because: e.because }))).toEqual([{ rank: "second", drug: "pivmecillinam", because: "allergy" }]);
    expect(d.excluded[0]!.reason).toContain("amoxicillin");
  });

  test("table 2: a penicillin allergy excludes amoxicillin even when the culture is susceptible; with the reaction not recorded as immediate-type or not, cefalexin is withheld and that is asked for (BNF: cephalosporins only after an immediate-type reaction)", () => {
    const d = decide(pregnantWoman({ allergies: [classAllergy("penicillins")], microbiology: [culture({ amoxicillin: "susceptible" })] }));
    expect(fired(d)).toEqual(["pregnant-women"]);
    expect(d.excluded.map((e) => ({ rank: e.rank, drug: e.drug.id, because: e.because }))).toEqual([{ rank: "second", drug: "amoxicillin", because: "allergy" }]);
    expect(lineup(d)).toEqual(["first nitrofurantoin"]);
    expect(d.withheld.map((w) => `${w.rank} ${w.drug.id}`)).toEqual(["second cefalexin"]);
    expect(d.withheld[0]!.reason).toContain("record whether the reaction to penicillins was immediate-type");
    expect(missingKeys(d)).toEqual(["allergy-reaction:penicillins"]);
  });

  test("table 2: after a penicillin reaction recorded as delayed, cefalexin is offered with a caution to check the reaction history", () => {
    const d = decide(pregnantWoman({ allergies: [classAllergy("penicillins", { immediate: false })], microbiology: [culture({ amoxicillin: "susceptible" })] }));
    expect(lineup(d)).toEqual(["first nitrofurantoin", "second cefalexin"]);
    expect(offered(d, "second", "cefalexin").cautions).toEqual([expect.stringContaining("not immediate-type: cephalosporins are ruled out only after an immediate-type reaction")]);
    expect(d.missingData).toEqual([]);
  });

  test("table 2: after an immediate-type penicillin reaction, cefalexin is excluded as well as amoxicillin", () => {
    const d = decide(pregnantWoman({ allergies: [classAllergy("penicillins", { immediate: true })], microbiology: [culture({ amoxicillin: "susceptible" })] }));
    expect(d.excluded.map((e) => `${e.rank} ${e.drug.id} ${e.because}`)).toEqual(["second amoxicillin allergy", "second cefalexin allergy"]);
    expect(lineup(d)).toEqual(["first nitrofurantoin"]);
  });

  test("table 4: a penicillin allergy recorded as delayed does not exclude cefalexin for a child", () => {
    const d = decide(child({ age: 4, weightKg: 16, allergies: [classAllergy("penicillins", { immediate: false })] }));
    expect(fired(d)).toEqual(["children-3-months-and-over", "trimethoprim-6-months-to-5-years", "nitrofurantoin-3-months-to-11-years", "cefalexin-1-to-4-years"]);
    expect(d.excluded).toEqual([]);
    expect(lineup(d)).toContain("second cefalexin");
  });

  test("table 1: a penicillin allergy recorded as refuted excludes nothing", () => {
    const d = decide(woman({ allergies: [classAllergy("penicillins", { verification: "refuted" })] }));
    expect(fired(d)).toEqual(["non-pregnant-women"]);
    expect(d.excluded).toEqual([]);
    expect(lineup(d)).toEqual(TABLE_1_LINEUP);
  });

  test("table 1: a food allergy excludes nothing and raises no caution", () => {
    const peanut = { code: { system: "http://snomed.info/sct", code: "91935009", display: "Allergy to peanut" }, category: "food" as const, verification: "confirmed" as const };
    const d = decide(woman({ allergies: [peanut] }));
    expect(fired(d)).toEqual(["non-pregnant-women"]);
    expect(d.excluded).toEqual([]);
    expect(lineup(d)).toEqual(TABLE_1_LINEUP);
    expect(d.treatments.flatMap((t) => t.cautions)).toEqual([]);
    expect(d.missingData).toEqual([]);
  });

  test("table 1: when the allergy list is not sent every option is still offered, each with a caution, and the allergy history is listed as missing", () => {
    const d = decide(woman({ allergies: "not-recorded" }));
    expect(fired(d)).toEqual(["non-pregnant-women"]);
    expect(lineup(d)).toEqual(TABLE_1_LINEUP);
    for (const t of d.treatments) expect(t.cautions).toEqual([`check for allergy to ${t.drug.id}: the allergy history is not recorded`]);
    expect(missing(d, "list:allergies").neededFor).toEqual([
      "to rule out an allergy to nitrofurantoin",
      "to rule out an allergy to trimethoprim",
      "to rule out an allergy to pivmecillinam",
      "to rule out an allergy to fosfomycin",
    ]);
  });
});

// ---- Recommendation 1.1.4: urine culture results --------------------------------------------

describe("NG109 recommendation 1.1.4: when urine culture results arrive", () => {
  const onTrimethoprim = [activeCourse("trimethoprim")];
  /** The alerts as `priority key interruptive recommends rule`. */
  const alerts = (d: Decision): string[] => d.alerts.map((a) => `${a.priority} ${a.key} ${a.interruptive} ${a.recommends ?? "-"} ${a.provenance.rule}`);
  const CULTURE = "urine-2026-11-24";

  // A patient already on a course for the UTI gets a review of it, not a fresh prescription.
  test("recommendation 1.1.4: resistance to the current antibiotic with symptoms not improving raises an interruptive high alert recommending a change (example 11)", () => {
    const d = decide(woman({ age: 46, egfr: 70, orders: onTrimethoprim, microbiology: [culture({ trimethoprim: "resistant", nitrofurantoin: "susceptible" })], findings: [symptomsImproving(false)] }));
    expect(fired(d)).toEqual(["culture-resistant-change", "current-course-review"]);
    expect(alerts(d)).toEqual([`high organism-resistant@rx-trimethoprim+${CULTURE} true change culture-resistant-change`]);
    expect(d.alerts[0]!.message).toContain("change the antibiotic");
    expect(d.treatments).toEqual([]);
    expect(d.actions.map((a) => a.kind)).toEqual(["review"]);
  });

  test("recommendation 1.1.4: resistance to the current antibiotic with symptoms already improving raises one information alert recommending to continue, and nothing says change (example 12)", () => {
    const d = decide(woman({ age: 46, egfr: 70, orders: onTrimethoprim, microbiology: [culture({ trimethoprim: "resistant" })], findings: [symptomsImproving(true)] }));
    expect(fired(d)).toEqual(["culture-resistant-improving", "current-course-review"]);
    expect(alerts(d)).toEqual([`info organism-resistant@rx-trimethoprim+${CULTURE} false continue culture-resistant-improving`]);
  });

  test("recommendation 1.1.4: in pregnancy resistance to the current antibiotic raises the high alert even though symptoms are improving", () => {
    const d = decide(pregnantWoman({ orders: [activeCourse("nitrofurantoin")], microbiology: [culture({ nitrofurantoin: "resistant" })], findings: [symptomsImproving(true)] }));
    expect(fired(d)).toEqual(["culture-resistant-change", "current-course-review"]);
    expect(alerts(d)).toEqual([`high organism-resistant@rx-nitrofurantoin+${CULTURE} true change culture-resistant-change`]);
  });

  test("recommendation 1.1.4: in pregnancy resistance raises the high alert when improvement is not recorded, without asking for it", () => {
    const d = decide(pregnantWoman({ orders: [activeCourse("nitrofurantoin")], microbiology: [culture({ nitrofurantoin: "resistant" })] }));
    expect(fired(d)).toEqual(["culture-resistant-change", "current-course-review"]);
    expect(alerts(d)).toEqual([`high organism-resistant@rx-nitrofurantoin+${CULTURE} true change culture-resistant-change`]);
    expect(missingKeys(d)).not.toContain("finding:symptoms-improving");
  });

  test("recommendation 1.1.4: a culture susceptible to the current antibiotic raises no alert", () => {
    const d = decide(woman({ orders: onTrimethoprim, microbiology: [culture({ trimethoprim: "susceptible" })], findings: [symptomsImproving(false)] }));
    expect(fired(d)).toEqual(["current-course-review"]);
    expect(d.alerts).toEqual([]);
    expect(d.suppressedAlerts).toEqual([]);
  });

  test("recommendation 1.1.4: resistance to a drug the patient is not taking raises no alert", () => {
    const d = decide(woman({ orders: onTrimethoprim, microbiology: [culture({ trimethoprim: "susceptible", nitrofurantoin: "resistant" })], findings: [symptomsImproving(false)] }));
    expect(fired(d)).toEqual(["current-course-review"]);
    expect(d.alerts).toEqual([]);
  });

  test("recommendation 1.1.4: resistance in a culture of another specimen (blood) raises no urine-culture alert", () => {
    const d = decide(woman({ orders: onTrimethoprim, microbiology: [culture({ trimethoprim: "resistant" }, "blood")], findings: [symptomsImproving(false)] }));
    expect(fired(d)).toEqual(["current-course-review"]);
    expect(d.alerts).toEqual([]);
  });

  test("recommendation 1.1.4: when improvement is not recorded one high alert says what to do either way, and symptoms-improving is asked for", () => {
    const context = woman({ orders: onTrimethoprim, microbiology: [culture({ trimethoprim: "resistant" })] });
    const d = decide(context);
    expect(fired(d)).toEqual(["culture-resistant-improvement-not-recorded", "current-course-review"]);
    expect(alerts(d)).toEqual([`high organism-resistant@rx-trimethoprim+${CULTURE} true - culture-resistant-improvement-not-recorded`]);
    const improving = missing(d, "finding:symptoms-improving");
    expect(improving.neededFor.some((p) => p.includes("rule culture-resistant-change"))).toBe(true);
    expect(improving.neededFor.some((p) => p.includes("rule culture-resistant-improving"))).toBe(true);
    expect(ruleStatuses(context)).toMatchObject({
      "culture-resistant-change": "unknown",
      "culture-resistant-improving": "unknown",
      "culture-resistant-improvement-not-recorded": "fired",
    });
  });

  test("recommendation 1.1.4: a man whose urine culture is resistant to his trimethoprim and who is not improving gets the high alert", () => {
    const d = decide(man({ orders: onTrimethoprim, microbiology: [culture({ trimethoprim: "resistant" })], findings: [symptomsImproving(false)] }));
    expect(fired(d)).toEqual(["culture-resistant-change", "current-course-review"]);
    expect(alerts(d)).toEqual([`high organism-resistant@rx-trimethoprim+${CULTURE} true change culture-resistant-change`]);
  });

  test("recommendation 1.1.4: a child whose urine culture is resistant to the current antibiotic and who is not improving gets the high alert", () => {
    const d = decide(child({ age: 4, weightKg: 16, orders: onTrimethoprim, microbiology: [culture({ trimethoprim: "resistant" })], findings: [symptomsImproving(false)] }));
    expect(fired(d)).toEqual(["culture-resistant-change", "current-course-review"]);
    expect(alerts(d)).toEqual([`high organism-resistant@rx-trimethoprim+${CULTURE} true change culture-resistant-change`]);
  });
});

// ---- Diagnoses ------------------------------------------------------------------------------

describe("NG109 scope: lower UTI diagnoses", () => {
  test("scope: a patient with another diagnosis (pharyngitis) gets no NG109 rule and no recommendation", () => {
    const d = decide(woman({ diagnoses: [diagnosis("http://snomed.info/sct", "405737000", "Pharyngitis")] }));
    expect(d.guidelines[0]!.applies).toBe(true);
    expect(fired(d)).toEqual([]);
    expect(d.treatments).toEqual([]);
    expect(d.excluded).toEqual([]);
    expect(d.withheld).toEqual([]);
    expect(d.strategies).toEqual([]);
    expect(d.advice).toEqual([]);
    expect(d.alerts).toEqual([]);
    expect(d.actions).toEqual([]);
    expect(d.missingData).toEqual([]);
  });

  test("scope: a resolved cystitis is not an active lower UTI", () => {
    const d = decide(woman({ diagnoses: [{ ...cystitis, status: "resolved" }] }));
    expect(fired(d)).toEqual([]);
    expect(d.treatments).toEqual([]);
  });

  test("scope: when the diagnosis list is not sent the rules are undecided and coded diagnoses are listed as missing", () => {
    const context = woman({ diagnoses: "not-recorded" });
    const d = decide(context);
    expect(fired(d)).toEqual([]);
    expect(d.treatments).toEqual([]);
    expect(missing(d, "list:diagnoses").neededFor.some((p) => p.includes("rule non-pregnant-women"))).toBe(true);
    expect(ruleStatuses(context)).toMatchObject({ "non-pregnant-women": "unknown" });
  });

  test("scope: ICD-10 N30.0 acute cystitis triggers table 1", () => {
    const d = decide(woman({ diagnoses: [diagnosis("http://hl7.org/fhir/sid/icd-10", "N30.0", "Acute cystitis")] }));
    expect(fired(d)).toEqual(["non-pregnant-women"]);
    expect(lineup(d)).toEqual(TABLE_1_LINEUP);
  });

  test("scope: SNOMED CT 1090711000000102 acute lower urinary tract infection triggers table 1", () => {
    const d = decide(woman({ diagnoses: [diagnosis("http://snomed.info/sct", "1090711000000102", "Acute lower urinary tract infection")] }));
    expect(fired(d)).toEqual(["non-pregnant-women"]);
  });
});

describe("NG109 scenario builders", () => {
  test("birth dates for band edges are the calendar day before and on the birthday", () => {
    expect(bornAgo({ years: 16 })).toBe("2010-11-25");
    expect(bornAgo({ years: 16, days: -1 })).toBe("2010-11-26");
    expect(bornAgo({ months: 3 })).toBe("2026-08-25");
    expect(bornAgo({ months: 3, days: -1 })).toBe("2026-08-26");
  });
});
