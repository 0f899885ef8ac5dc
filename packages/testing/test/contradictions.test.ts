import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { Decision } from "@steward/core";
import { compile, loadProgram } from "@steward/dsl";
import { isLeft } from "fp-ts/lib/Either.js";
import { contradictionsIn, findContradictions, renderContradictions } from "@steward/testing";
import { compileStandalone, decide, evaluatorOf, repoHost } from "./guidelines.js";

const AT = "2026-01-01T12:00:00Z";
const fixture = (name: string): string => readFileSync(join(import.meta.dirname, "fixtures/contradiction", name), "utf8");
const hospital = compileStandalone(fixture("hospital-review.stw"), "hospital-review.stw");
/** The UTI rule keyed apart from the hospital's, as NG109 once keyed its 1.1.4 alerts. */
const keyedApart = compileStandalone(fixture("uti-culture.stw"), "uti-culture.stw");
/** The same rule with the hospital's key: being about the diagnosis, it supersedes the general alert. */
const sameKey = compileStandalone(fixture("uti-culture.stw").replace("key ng109-culture-resistant", "key organism-resistant"), "uti-culture.stw");

describe("contradictions between guidelines", () => {
  const found = findContradictions([hospital, keyedApart], { now: AT });

  test("with the alerts keyed apart, a patient who is improving is told both change and continue about one course; the witness shows it", () => {
    expect(found.pairs).toEqual([["hospital-review", "uti-culture"]]);
    expect(found.findings).toHaveLength(1);
    const [finding] = found.findings;
    expect(finding!.guidelines).toEqual(["hospital-review", "uti-culture"]);
    expect(finding!.message).toBe(
      "for order course-1, hospital-review recommends change (alert organism-resistant@course-1+culture-1 (critical)) and uti-culture recommends continue (alert ng109-culture-resistant@course-1+culture-1 (info))",
    );
    expect(finding!.witnessDescription).toBe("on trimethoprim (oral), urine culture resistant to it, diagnosis in lower-uti, symptoms-improving, setting inpatient");
    // The witness, evaluated on its own with both guidelines, shows both alerts.
    const decision = decide(evaluatorOf(hospital, keyedApart), finding!.witness, AT);
    expect(decision.alerts.map((a) => `${a.priority} ${a.recommends}`)).toEqual(["critical change", "info continue"]);
    expect(contradictionsIn(decision).map((c) => c.message)).toEqual([finding!.message]);
  });

  test("with one key, the alert about the diagnosis supersedes the general one: one message, no contradiction", () => {
    const fixed = findContradictions([hospital, sameKey], { now: AT });
    expect(fixed.findings).toEqual([]);
    expect(fixed.cellsChecked).toBeGreaterThan(0);
    const decision = decide(evaluatorOf(hospital, sameKey), found.findings[0]!.witness, AT);
    expect(decision.alerts.map((a) => `${a.priority} ${a.recommends} ${a.provenance.guideline}`)).toEqual(["info continue uti-culture"]);
    expect(decision.suppressedAlerts.map((a) => `${a.priority} ${a.reason}`)).toEqual(["critical superseded"]);
  });

  test("the report names the two guidelines and gives the witness as a scenario", () => {
    const text = renderContradictions(found, [hospital, keyedApart]);
    expect(text).toContain("analysis across guidelines: 1 contradiction (hospital-review and uti-culture compared");
    expect(text).toContain("CONTRADICTION: for order course-1, hospital-review recommends change");
    expect(text).toContain("  as a scenario:\n    scenario \"contradiction: hospital-review, uti-culture\" {");
    expect(text).toContain("    course trimethoprim oral");
  });

  test("a space over the limit is searched in part and the report says so, never 'exactly'", () => {
    expect(found.cutShort).toEqual([]);
    expect(renderContradictions(found, [hospital, keyedApart])).toContain("patient regions checked exactly)");
    const cut = findContradictions([hospital, keyedApart], { now: AT, maxCells: 10 });
    expect(cut.cutShort).toHaveLength(1);
    expect(cut.cutShort[0]!.guidelines).toEqual(["hospital-review", "uti-culture"]);
    expect(cut.cutShort[0]!.regions).toBeGreaterThan(10);
    const text = renderContradictions(cut, [hospital, keyedApart]);
    expect(text).toContain("patient regions checked in part)");
    expect(text).toContain(`  cut short: for hospital-review and uti-culture, a space of ${cut.cutShort[0]!.regions} regions was over the limit, so ${cut.cutShort[0]!.facts.join(", ")}`);
  });

  test("guidelines that cannot contradict each other (no shared setting) are not compared", () => {
    const primaryCare = compileStandalone(fixture("uti-culture.stw").replace("settings primary-care, inpatient", "settings primary-care"), "uti-culture.stw");
    expect(findContradictions([hospital, primaryCare], { now: AT }).pairs).toEqual([]);
  });
});

describe("contradictionsIn a Decision", () => {
  const provenance = (guideline: string) => ({ guideline, version: "1.0.0", contentHash: "sha256:x", rule: "r", citations: [] });
  const drug = { id: "amoxicillin", name: "Amoxicillin", aware: "access" as const };
  const empty: Decision = JSON.parse(JSON.stringify(decide(evaluatorOf(hospital), { patient: {}, setting: "inpatient" }, AT))) as Decision;

  test("a drug one guideline offers and another rules out for this patient is a contradiction; one ruled out only by an option's own condition is not", () => {
    const offered = { rank: "first" as const, drug, regimens: [], combinedWith: [], notes: [], cautions: [], provenance: provenance("a") };
    const ruledOut = (because: "resistance" | "condition") => ({ rank: "first" as const, drug, because, reason: "urine culture resistant", provenance: provenance("b") });
    expect(contradictionsIn({ ...empty, treatments: [offered], excluded: [ruledOut("resistance")] }).map((c) => c.message)).toEqual(["a offers amoxicillin and b rules it out (resistance: urine culture resistant)"]);
    expect(contradictionsIn({ ...empty, treatments: [offered], excluded: [ruledOut("condition")] })).toEqual([]);
  });

  test("no antibiotic from one guideline against an antibiotic from another is a contradiction", () => {
    const offered = { rank: "first" as const, drug, regimens: [], combinedWith: [], notes: [], cautions: [], provenance: provenance("a") };
    expect(contradictionsIn({ ...empty, treatments: [offered], strategies: [{ kind: "no-antibiotic", provenance: provenance("b") }] }).map((c) => c.message)).toEqual(["b advises no antibiotic and a offers amoxicillin"]);
  });
});

describe("the bundled guidelines", () => {
  test("no two of them contradict each other", { timeout: 300_000 }, () => {
    const paths = ["coded-indication", "iv-to-oral-switch", "ng109-lower-uti", "restricted-antimicrobials", "start-smart-then-focus"].map((d) => `guidelines/${d}/${d === "ng109-lower-uti" ? "ng109" : d}.stw`);
    const guidelines = paths.map((p) => {
      const compiled = compile(loadProgram([p], repoHost()), p);
      if (isLeft(compiled)) throw new Error(`${p} does not compile`);
      return compiled.right;
    });
    const result = findContradictions(guidelines, { now: "2026-11-25T09:00:00Z" });
    expect(result.pairs).toEqual([
      ["iv-to-oral-switch", "ng109-lower-uti"],
      ["iv-to-oral-switch", "start-smart-then-focus"],
      ["ng109-lower-uti", "start-smart-then-focus"],
    ]);
    expect(result.findings).toEqual([]);
  });
});
